from django.apps import AppConfig


class ContentModelsConfig(AppConfig):
    """The domain: taxonomy snippets, page models, blocks, workflow and import commands."""

    name = "content_models"
    label = "content_models"
    verbose_name = "Học liệu"

    def ready(self):
        # Offline packs go stale when their lessons change (content_models/offline/signals.py).
        from content_models.offline import signals  # noqa: F401
