from django.apps import AppConfig


class ContentModelsConfig(AppConfig):
    """The domain: taxonomy snippets, page models, blocks, workflow and import commands."""

    name = "content_models"
    label = "content_models"
    verbose_name = "Học liệu"

    def ready(self):
        from content_models import reuse_ledger
        from content_models.oai import signals as oai_signals

        # Offline packs go stale when their lessons change (connected on import).
        from content_models.offline import signals as offline_signals  # noqa: F401
        from content_models.usage import signals as usage_signals

        # OAI-PMH datestamps and tombstones follow publish, unpublish, delete, move, privacy
        # and vocabulary changes (docs/interfaces.md).
        oai_signals.connect()
        # Views and downloads are counted per day, reuses recorded when first published
        # (docs/usage-and-reports.md).
        usage_signals.connect()
        reuse_ledger.connect()
