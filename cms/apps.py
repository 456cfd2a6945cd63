from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Site-wide pieces: settings, hooks, templates tags, operations commands."""

    name = "cms"
    verbose_name = "Học liệu mở GDTX"

    def ready(self):
        from cms import page_cache
        from cms.background import retries

        retries.connect()
        page_cache.connect()
