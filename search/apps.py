from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The Elasticsearch catalogue, its database fallback and the public search."""

    name = "search"
    label = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from django.db.models.signals import post_migrate

        from search import checks, permissions, signals

        signals.connect_documents()
        checks.register()
        post_migrate.connect(permissions.grant_editor_permissions, sender=self)
