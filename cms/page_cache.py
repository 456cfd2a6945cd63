"""A shared cache of the public pages anonymous visitors get, with every view still counted.

Under load most of a page's time is Python rendering the same HTML again for each learner.
This middleware keeps the finished response of a Wagtail page served to an anonymous visitor
and gives it to the next anonymous visitor asking for the same URL in the same language (and
with the same `Save-Data`), until the content changes or the entry is `HLM_PAGE_CACHE_SECONDS`
old. See docs/operations.md ("Cached public pages") for the reasoning and the figures.

What is stored: only a response of Wagtail's page serve view (`on_serve_page` hook below) to a
GET without a session, without an Authorization header and without any cookie but the
language one; a 200, not streamed, that sets no cookie, used no CSRF token, is not marked
`private`/`no-store`/`no-cache` (Wagtail marks pages with view restrictions so), and varies on
nothing but Cookie and Save-Data (both in the key). Admin, desk, previews, the API and forms
never pass through the page serve view or set a cookie, so they are never stored.

Search pages: the search view marks its finished results pages (`hlm_cacheable_search` on the
response, search/views.py); they are stored under the same rules but for at most
`HLM_SEARCH_CACHE_SECONDS`, with the query-log entry the search counted, and every hit counts
that entry again (`query_log.count_entry`), so the zero-result and rescued counts stay whole.

Counting: when the page's serve sent `page_viewed` (content_models/usage/: a counted view),
the entry remembers the page, and every hit counts a view through the same rules (robots,
HEAD and 30-second repeats stay uncounted).

Invalidation: each entry carries the cache's generation when its request began; publishing,
unpublishing, moving or deleting a page and saving or deleting anything a page may show
(snippets, settings, images, documents, view restrictions, sites ...) sets a new generation
once the transaction commits, so every older entry misses at once, in every process. So does
the search room's `catalogue_changed` (a drain wrote documents, a rebuild, a synonym change).
With Elasticsearch, search pages are not stored in the first SEARCH_SETTLE_SECONDS of a
generation, while a drain's documents may not be visible yet.
Entry and generation are read in one cache round trip.
"""

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers

from wagtail.signals import page_published, page_unpublished, post_page_move

from content_models.models import UsageKind
from content_models.models.mixins import page_viewed
from content_models.usage.counting import count
from search import query_log
from search.conf import elasticsearch_enabled
from search.events import catalogue_changed

logger = logging.getLogger("hlm.page_cache")
CACHE_ALIAS = "pages"
GENERATION_KEY = "page-cache:generation"
# Response headers a stored entry may vary on: both are part of the key (the only cookie a
# served request may carry is the language one, and the language is in the key).
ALLOWED_VARY = {"cookie", "save-data"}
# Headers the hit rebuilds itself, or that belong to one exchange only.
SKIPPED_HEADERS = {"content-length", "date", "set-cookie"}

# Elasticsearch shows a written document only after its next refresh (refresh_interval 1 s,
# search/documents.py), so a search run just after a drain's new generation may not find it
# yet. For this long after a generation starts, search pages are answered but not stored.
SEARCH_SETTLE_SECONDS = 2

# Saves and deletes of these models never change what an anonymous visitor sees (usage and
# search bookkeeping, logs, sessions, revisions, throttling, renditions made while rendering),
# so they leave the cache alone; anything else bumps the generation.
QUIET_APPS = {
    "admin",
    "axes",
    "contenttypes",
    "django_tasks_database",
    "search",
    "sessions",
    "wagtailadmin",
    "wagtailsearch",
}
QUIET_MODELS = {
    "auth.user",
    "content_models.dailyusage",
    "content_models.oairecord",
    "content_models.usagebatch",
    "media.customrendition",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.referenceindex",
    "wagtailcore.revision",
    "wagtailcore.taskstate",
    "wagtailcore.uploadedfile",
    "wagtailcore.workflowstate",
    "wagtailembeds.embed",
    "wagtailimages.rendition",
    "wagtailusers.userprofile",
}


def cache_seconds():
    return getattr(settings, "HLM_PAGE_CACHE_SECONDS", 0)


def search_cache_seconds():
    return getattr(settings, "HLM_SEARCH_CACHE_SECONDS", 0)


def lifetime(request, response, generation, began):
    """Seconds to keep `response`, 0 to leave it alone (not a page or search it may keep)."""
    if getattr(response, "hlm_cacheable_search", False):
        seconds = search_cache_seconds() if settled(generation, began) else 0
    elif getattr(request, "hlm_wagtail_page", False):
        seconds = cache_seconds()
    else:
        return 0
    return seconds if response_is_cacheable(request, response) else 0


def fresh_generation():
    """A new generation token: when it started, then a random part (never reused)."""
    return f"{time.time():.3f}-{uuid.uuid4().hex}"


def settled(generation, now):
    """Whether Elasticsearch refreshed since `generation` started (SEARCH_SETTLE_SECONDS)."""
    if not elasticsearch_enabled():
        return True  # the database table answers from committed rows at once
    try:
        started = float(str(generation).split("-", 1)[0])
    except ValueError:  # a token written before generations carried their time
        return True
    return now - started >= SEARCH_SETTLE_SECONDS


def new_generation():
    """Invalidate every stored page now (a new token; older entries never match it).

    Runs after the commit, outside any transaction. If the store cannot be written (its table
    not made yet, the database gone), the failure is logged and the content change stands: a
    store that cannot be written cannot be read either (the middleware then serves uncached),
    and entries expire after HLM_PAGE_CACHE_SECONDS anyway.
    """
    try:
        caches[CACHE_ALIAS].set(GENERATION_KEY, fresh_generation(), None)
    except DatabaseError:
        logger.warning("page cache: could not start a new generation", exc_info=True)


def request_is_cacheable(request):
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    return set(request.COOKIES) <= {settings.LANGUAGE_COOKIE_NAME}


def entry_key(request):
    parts = (
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        request.headers.get("Save-Data", "").strip().lower(),
    )
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()
    return f"page-cache:{digest}"


def response_is_cacheable(request, response):
    if request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page that rendered a CSRF token needs the visitor's own cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return vary <= ALLOWED_VARY


def stored(response, viewed_page_id, generation, log_entry=None):
    headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
    return {
        "generation": generation,
        "content": response.content,
        "headers": headers,
        "viewed_page_id": viewed_page_id,
        "query_log_entry": log_entry,
    }


def rebuilt(entry, request):
    response = HttpResponse(b"" if request.method == "HEAD" else entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(entry["content"]))
    # The miss's Vary: Cookie came from the session middleware after this one (the session
    # decides what is shown); a hit skips it, so it is said here.
    patch_vary_headers(response, ("Cookie",))
    response["X-Page-Cache"] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Serves stored anonymous page responses; place it after the language middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if max(cache_seconds(), search_cache_seconds()) <= 0 or not request_is_cacheable(request):
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key = entry_key(request)
        try:
            found = cache.get_many([key, GENERATION_KEY])
            generation = found.get(GENERATION_KEY)
            if generation is None:
                # First request, or the generation was evicted: start one (add() keeps a
                # generation another process set meanwhile).
                cache.add(GENERATION_KEY, fresh_generation(), None)
                generation = cache.get(GENERATION_KEY)
        except DatabaseError:  # the store is unreachable: serve the page as if uncached
            logger.warning("page cache: store unreachable", exc_info=True)
            return self.get_response(request)
        # Rows cached per process for every page (the Site, the site settings) are checked
        # against it: a change saved in another process shows here at once.
        request.hlm_cache_generation = generation
        began = time.time()
        entry = found.get(key)
        if entry is not None and entry["generation"] == generation:
            if entry["viewed_page_id"] is not None:
                count(request, UsageKind.VIEW, entry["viewed_page_id"])
            if entry.get("query_log_entry") is not None:  # entries stored before searches
                query_log.count_entry(entry["query_log_entry"])
            return rebuilt(entry, request)

        response = self.get_response(request)
        seconds = lifetime(request, response, generation, began)
        if seconds > 0:
            viewed = getattr(request, "hlm_viewed_page_id", None)
            log_entry = getattr(response, "hlm_query_log_entry", None)
            try:
                cache.set(key, stored(response, viewed, generation, log_entry), seconds)
            except DatabaseError:
                logger.warning("page cache: could not store %s", request.path, exc_info=True)
            else:
                response["X-Page-Cache"] = "miss"
        return response


def wrap_page_serve(serve):
    """`on_serve_page` hook (cms/wagtail_hooks.py): marks responses of the page serve view."""

    def inner(page, request, args, kwargs):
        response = serve(page, request, args, kwargs)
        request.hlm_wagtail_page = True
        return response

    return inner


def remember_viewed_page(sender, page, request, response, **kwargs):
    """The page whose view this request counted: each hit of its stored copy counts again."""
    if response.status_code == 200:
        request.hlm_viewed_page_id = page.pk


def bump_after_commit(**kwargs):
    transaction.on_commit(new_generation)


def bump_on_model_change(sender, **kwargs):
    meta = sender._meta
    if meta.app_label in QUIET_APPS or meta.label_lower in QUIET_MODELS:
        return
    transaction.on_commit(new_generation)


def connect():
    page_viewed.connect(remember_viewed_page, dispatch_uid="page-cache-viewed")
    catalogue_changed.connect(bump_after_commit, dispatch_uid="page-cache-catalogue")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_after_commit, dispatch_uid=f"page-cache-{id(signal)}")
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(bump_on_model_change, dispatch_uid=f"page-cache-model-{id(signal)}")
