from django.apps import AppConfig


class MediaConfig(AppConfig):
    """Custom Wagtail image and document models, upload validation and previews."""

    name = "media"
    label = "media"
    verbose_name = "Tệp phương tiện"

    def ready(self):
        from PIL import Image

        from . import checks  # noqa: F401  (registers the system checks)
        from .permissions import register_policies
        from .signal_handlers import register_signal_handlers
        from .validators import max_image_pixels

        # Pillow's decompression-bomb guard follows the project's pixel cap instead of its
        # own 89 MP default: a warning above the cap and an error above twice the cap, for
        # every image Pillow opens in this process (renditions included).
        Image.MAX_IMAGE_PIXELS = max_image_pixels()
        register_signal_handlers()
        # Deleting media that a published page uses needs the right to publish that page.
        register_policies()
