"""The request's Wagtail `Site` from a cache, and a served page's site root in one query.

Wagtail finds the site of every request with a query (`Site.find_for_request`: an annotated
`CASE` over the sites, with the root page joined) and then reads the root page's specific row
(`route_for_request`: `site.root_page.localized.specific`), two queries and about 5 % of a
page's time before any routing. Sites change a few times in a site's life, so the answer per
host name and port is cached here, as Wagtail caches the site root paths behind every page
URL: dropped whenever a `Site` is saved or deleted, and checked against the page cache's
shared generation so that other processes see a change too (cms/site_settings_cache.py,
which caches the site settings the same way). For Wagtail's page view the root page is then
read in one query, of its own model. How this was measured and why: docs/pages.md.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port

from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from cms.site_settings_cache import SITE_CACHE_SECONDS, request_generation, still_valid
from content_models.models.prepared import PreparedQuery

CACHE_KEY = "hlm:sites-by-host"
# How other processes learn of a change: see SITE_CACHE_SECONDS.
CACHE_SECONDS = SITE_CACHE_SECONDS
# Host names are checked by ALLOWED_HOSTS after this lookup; a request with a made-up Host
# header must not grow the cached mapping without end.
MAX_HOSTS = 50

_SITE_FIELDS = [field.attname for field in Site._meta.concrete_fields]


def _entry(site):
    """What is kept of a site: its own columns and its root page's content type."""
    if site is None:
        return None
    return {name: getattr(site, name) for name in _SITE_FIELDS}, site.root_page.content_type_id


def cached_site(request, *, with_root_page=False):
    """The Site Wagtail would find for `request`, None when none answers (as Wagtail's).

    A new instance each time (callers may set attributes on it). With `with_root_page` its
    root page is read at once as an instance of its own model, in one query; a root page
    deleted since the answer was cached (by another process) falls back to Wagtail's lookup.
    """
    # As Wagtail's `Site._find_for_request`: the raw host, before the ALLOWED_HOSTS check.
    host = (split_domain_port(request._get_raw_host())[0], request.get_port())
    generation = request_generation(request)
    known = cache.get(CACHE_KEY) or {}
    if host in known and still_valid(known[host][0], request):
        entry = known[host][1]
    else:
        site = Site._find_for_request(request)
        if generation is not None and any(kept != generation for kept, _e in known.values()):
            known = {}  # answers of an earlier generation: looked up again as they come
        if len(known) < MAX_HOSTS:
            known[host] = (generation, _entry(site))
            cache.set(CACHE_KEY, known, CACHE_SECONDS)
        return site
    if entry is None:
        return None
    fields, root_content_type_id = entry
    site = Site(**fields)
    site._state.adding = False
    if with_root_page:
        model = ContentType.objects.get_for_id(root_content_type_id).model_class()
        # What Wagtail's `.specific` reads after its lookup, without reading the base row first.
        roots = _root_page_query(model).run(site.root_page_id) if model else []
        if not roots:
            forget_sites()
            return Site._find_for_request(request)
        site.root_page = roots[0]
    return site


@functools.cache
def _root_page_query(model):
    """A site's root page by id, as an instance of its own model, compiled once."""
    return PreparedQuery(lambda pk: model._default_manager.filter(id=pk))


def forget_sites(**kwargs):
    cache.delete(CACHE_KEY)


class SiteLookupMiddleware:
    """Sets `request._wagtail_site` (where `Site.find_for_request` keeps its answer) from
    `cached_site`, with the root page read, before Wagtail's page view runs. Other views are
    left alone: many never ask for the site (the API schema reads no table at all), and those
    that do get Wagtail's own lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve and not hasattr(request, "_wagtail_site"):
            request._wagtail_site = cached_site(request, with_root_page=True)


def connect():
    post_save.connect(forget_sites, sender=Site, dispatch_uid="hlm-site-lookup-save")
    post_delete.connect(forget_sites, sender=Site, dispatch_uid="hlm-site-lookup-delete")
