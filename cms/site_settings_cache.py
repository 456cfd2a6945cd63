"""Site settings (`BaseSiteSetting` rows: footer, contact details, data price) from a cache.

Every public page reads them (footer, data-cost estimates), a query each time; editors change
them a few times a year. Cached per setting model and site, dropped when the row is saved or
deleted; public pages read them through `SiteSettings.for_request`, the admin's settings form
through `for_site`, from the table. Measured and explained in docs/pages.md.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

# Django's default cache is one per process (local memory). The process where a change is
# saved drops its entry at once (the signals below); another process notices on its next
# request the page cache looks at (cms/page_cache.py), whose shared generation every such
# save renews; any other request of that process within this time may still see the old row.
SITE_CACHE_SECONDS = 300


def request_generation(request):
    """The page cache's generation this request began in (cms/page_cache.py); None when the
    page cache is off or the request is not one it stores."""
    return getattr(request, "hlm_cache_generation", None)


def still_valid(stored_generation, request):
    """Whether a row cached during `stored_generation` may answer `request`."""
    current = request_generation(request)
    return current is None or stored_generation == current


def _settings_key(model, site_id):
    return f"hlm:site-settings:{model._meta.label_lower}:{site_id}"


def cached_site_settings(model, site, request):
    """`model.for_site(site)` (a `BaseSiteSetting`) from the cache, stored there on a miss."""
    key = _settings_key(model, site.pk)
    stored = cache.get(key)
    if stored is not None and still_valid(stored[0], request):
        return stored[1]
    instance = model.for_site(site)
    cache.set(key, (request_generation(request), instance), SITE_CACHE_SECONDS)
    return instance


def forget_site_settings(sender, instance, **kwargs):
    cache.delete(_settings_key(sender, instance.site_id))


def connect(*settings_models):
    for model in settings_models:
        uid = f"hlm-site-settings-{model._meta.label_lower}"
        post_save.connect(forget_site_settings, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(forget_site_settings, sender=model, dispatch_uid=f"{uid}-delete")
