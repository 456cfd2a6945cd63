from django.apps import AppConfig


class ContentModelsConfig(AppConfig):
    """The domain: taxonomy snippets, page models, blocks, workflow and import commands."""

    name = "content_models"
    label = "content_models"
    verbose_name = "Học liệu"

    def ready(self):
        from content_models.oai import signals

        # OAI-PMH datestamps and tombstones follow publish, unpublish, delete, move, privacy
        # and vocabulary changes (docs/interfaces.md).
        signals.connect()
