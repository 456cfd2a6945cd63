from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Site-wide pieces: settings, hooks, templates tags, operations commands."""

    name = "cms"
    verbose_name = "Học liệu mở GDTX"

    def ready(self):
        from cms import page_cache, site_lookup, site_settings_cache
        from cms.background import retries

        retries.connect()
        page_cache.connect()
        site_lookup.connect()
        site_settings_cache.connect(self.get_model("SiteSettings"))
