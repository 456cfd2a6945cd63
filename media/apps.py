from django.apps import AppConfig


class MediaConfig(AppConfig):
    """Custom Wagtail image and document models, upload validation and previews."""

    name = "media"
    label = "media"
    verbose_name = "Tệp phương tiện"
