"""Template tags of the public theme: breadcrumbs, language switch, data cost, JSON-LD,
landing-page URLs, related materials and video embeds. (Pictures: media's `media_tags`.)

Everything here degrades instead of failing: an unavailable search service or embed provider
leaves its part of the page out (logged) rather than turning the page into a 500.
"""

import json
import logging
import math

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from content_models.models import LibraryPage
from search.service import get_search_service

register = template.Library()
logger = logging.getLogger("hlm.public")

MB = 1024 * 1024

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A <script type="application/ld+json"> block; <, > and & are escaped inside the JSON."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # escaped just above
    )


def _data_price(request):
    """The editors' price of a megabyte of mobile data, read once per request."""
    if request is None:
        return None
    if not hasattr(request, "_hlm_data_price"):
        request._hlm_data_price = _read_data_price(request)
    return request._hlm_data_price


def _read_data_price(request):
    try:
        from cms.models import SiteSettings

        return SiteSettings.for_request(request).mobile_data_price_per_mb
    except Exception:  # settings table missing (fresh install): show the data amount only
        logger.debug("Site settings unavailable", exc_info=True)
        return None


@register.simple_tag(takes_context=True)
def data_cost(context, size):
    """“khoảng 12 đồng dữ liệu di động” when editors set a price per MB, else "".

    The size itself is always shown beside it; repeating it as “≈ 74,8 KB dữ liệu di động”
    said nothing more (docs/public-site.md, "Wording"). Use as
    `{% data_cost size as cost %}{% if cost %} ({{ cost }}){% endif %}`.
    """
    try:
        size = int(size or 0)
    except (TypeError, ValueError):
        return ""
    price = _data_price(context.get("request")) if size > 0 else None
    if not price:
        return ""
    cost = math.ceil(size / MB * price)
    return _("khoảng %(cost)s đồng dữ liệu di động") % {
        "cost": number_format(cost, force_grouping=True)
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current=None):
    """Live ancestors from the home page down to `page`; `current` adds a last, unlinked crumb.

    `page` is the page served, so the visitor may see every page above it (a view restriction
    holds for the pages below its page); the parents come from the routing, without a query.
    """
    request = context.get("request")
    chain = []
    while page is not None and page.depth > 1:
        chain.append(page)
        page = page.get_parent() if page.depth > 2 else None
    crumbs = [
        {
            "title": _("Trang chủ") if ancestor.depth == 2 else ancestor.title,
            "url": ancestor.get_url(request),
        }
        for ancestor in reversed(chain)
        if ancestor.live
    ]
    if current:
        crumbs.append({"title": current, "url": None})
    elif crumbs:
        crumbs[-1]["url"] = None
    return {"crumbs": crumbs if len(crumbs) > 1 else []}


@register.inclusion_tag("components/language_switch.html", takes_context=True)
def language_switch(context):
    request = context.get("request")
    return {"next": request.get_full_path() if request else "/", "request": request}


def _library(context):
    """The library page: the page's own (`BasePage.get_context`), else read once a request."""
    library = context.get("library")
    if library is not None:
        return library
    request = context.get("request")
    library = getattr(request, "_hlm_library", None)
    if library is None:
        library = LibraryPage.objects.live().first()
        if request is not None:
            request._hlm_library = library
    return library


@register.simple_tag(takes_context=True)
def landing_url(context, term):
    """URL of the landing page of a programme level or a subject."""
    library = _library(context)
    return (library.landing_url(term, context.get("request")) if library else None) or ""


@register.simple_tag(takes_context=True)
def library_url(context):
    library = _library(context)
    return (library.get_url(context.get("request")) if library else None) or "/"


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """The current query string with `changes` applied (None or "" removes a parameter)."""
    request = context.get("request")
    query = request.GET.copy() if request else None
    if query is None:
        return "?"
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}" if query else "?"


@register.simple_tag
def related_materials(page, limit=6):
    """Related lessons from the search catalogue; empty when search is absent or failing."""
    if page.pk is None or not page.live:  # a preview: not in the catalogue
        return []
    try:
        result = get_search_service().related(page, limit=limit)
    except Exception:  # search down or misconfigured: the lesson page still renders
        logger.warning("Related materials unavailable for page %s", page.pk, exc_info=True)
        return []
    hits = getattr(result, "hits", result) or []
    return [hit for hit in list(hits)[:limit] if getattr(hit, "page_id", None) != page.pk]


@register.filter
def page_type(page):
    """The model name of a (specific) page: "lessonpage", "coursepage", …"""
    return page._meta.model_name if page is not None else ""


@register.simple_tag
def embed_info(url):
    """Wagtail's stored oEmbed record of `url` (title, thumbnail, provider, HTML), or None."""
    from wagtail.embeds import embeds
    from wagtail.embeds.exceptions import EmbedException

    if not url:
        return None
    try:
        return embeds.get_embed(url)
    except EmbedException:
        logger.info("No embed for %s", url)
        return None


@register.filter
def iso_datetime(value):
    """A datetime as HTML's `datetime` attribute wants it: local time, whole seconds and the
    offset (Django's "c" format adds microseconds, which the HTML checker refuses)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
