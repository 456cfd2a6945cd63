"""Site settings (`BaseSiteSetting` rows: footer, contact details, data price) from a cache.

Every public page reads them (footer, data-cost estimates), a query each time; editors change
them a few times a year. Cached per setting model and site, dropped when the row is saved or
deleted; public pages read them through `SiteSettings.for_request`, the admin's settings form
through `for_site`, from the table. Measured and explained in docs/pages.md.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

# Processes with their own cache (workers with a per-process cache) see a change within this
# time; the process that saved it, and every process sharing its cache, at once.
SITE_CACHE_SECONDS = 300


def _settings_key(model, site_id):
    return f"hlm:site-settings:{model._meta.label_lower}:{site_id}"


def cached_site_settings(model, site):
    """`model.for_site(site)` (a `BaseSiteSetting`) from the cache, stored there on a miss."""
    key = _settings_key(model, site.pk)
    instance = cache.get(key)
    if instance is None:
        instance = model.for_site(site)
        cache.set(key, instance, SITE_CACHE_SECONDS)
    return instance


def forget_site_settings(sender, instance, **kwargs):
    cache.delete(_settings_key(sender, instance.site_id))


def connect(*settings_models):
    for model in settings_models:
        uid = f"hlm-site-settings-{model._meta.label_lower}"
        post_save.connect(forget_site_settings, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(forget_site_settings, sender=model, dispatch_uid=f"{uid}-delete")
