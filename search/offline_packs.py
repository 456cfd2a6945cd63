"""Offline packs of a search result: the lessons a search (text and filters) finds, handed to
the content_models pack builder, which knows nothing of search (docs/offline-packs.md).

The query goes through the same parsing (`forms.parse_search`) and the same service as the
search page, so a pack holds what a learner would have found; only live, public lessons go in.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from django_tasks import task

from content_models.models import LessonPage
from content_models.offline.builder import site_root_url
from content_models.offline.service import build_and_store, fail_pack
from content_models.offline.sources import PackError
from content_models.text import vi_slugify
from search.forms import parse_search
from search.service import get_search_service
from search.types import MAX_PAGE, PAGE_SIZE_MAX, SearchQuery

logger = logging.getLogger("hlm.offline")


@dataclass(frozen=True)
class SearchPackSource:
    """Stands in for a pack's source page: title, slug, link and the fingerprint's parts."""

    title: str
    slug: str
    summary: str
    url: str
    latest_revision_id: str
    query_string: str = ""
    centre_id: int | None = None

    pk = "search"

    def pack_row_fields(self):
        """What names this pack's row (`content_models.offline.service.pack_key`); the title
        is recorded too but is no part of the name (it follows the language it was made in)."""
        return {
            "source_page": None,
            "search_query": self.query_string,
            "centre_id": self.centre_id,
        }

    @property
    def specific(self):
        return self

    def get_full_url(self):
        return self.url


def parse_request(text, filters):
    """A SearchQuery of lessons from `text` and `filters` (["grade=12", "subject=toan"]);
    PackError naming what is wrong (an unknown filter or value is refused, not ignored)."""
    params = QueryDict(mutable=True)
    params["q"] = text
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep or not name or not value:
            raise PackError(_("Bộ lọc “%(filter)s” phải có dạng tên=giá trị.") % {"filter": item})
        params.appendlist(name, value)
    return parse_params(params)


def parse_params(params):
    """A SearchQuery from the search page's own parameters (a QueryDict); PackError as above."""
    parsed = parse_search(params)
    if parsed.messages:
        raise PackError(" ".join(parsed.messages))
    known = {"q"} | set(parsed.query.filters)
    unknown = sorted(set(params) - known)
    if unknown:
        raise PackError(_("Không có bộ lọc “%(names)s”.") % {"names": ", ".join(unknown)})
    return parsed.query


def search_lessons(query, *, max_lessons):
    """Live, public lessons `query` finds, in result order; PackError when none or too many."""
    service = get_search_service()
    ids = []
    for page in range(1, MAX_PAGE + 1):
        results = service.search(
            SearchQuery(
                text=query.text,
                filters=query.filters,
                sort=query.sort,
                page=page,
                page_size=PAGE_SIZE_MAX,
                kinds=("lesson",),
            )
        )
        ids.extend(hit.page_id for hit in results.hits)
        if len(ids) > max_lessons:
            raise PackError(
                _("Kết quả tìm kiếm có hơn %(limit)s bài học, vượt giới hạn của một gói.")
                % {"limit": max_lessons}
            )
        if page >= results.page_count:
            break
    lessons = LessonPage.objects.live().public().in_bulk(ids)
    found = [lessons[pk] for pk in dict.fromkeys(ids) if pk in lessons]
    if not found:
        raise PackError(_("Tìm kiếm này không thấy bài học nào đang công bố công khai."))
    return found


def search_source(query, centre_id=None):
    """The stand-in source of a pack of `query`'s results (`centre_id`: whose teachers may
    see its recorded pack in the admin; none for an editor's)."""
    description = query.text or _("tất cả bài học")
    filters = ", ".join(f"{name}={'|'.join(values)}" for name, values in query.filters.items())
    title = _("Kết quả tìm kiếm: %(query)s") % {"query": description}
    if filters:
        title = f"{title} ({filters})"
    params = QueryDict(mutable=True)
    params["q"] = query.text
    for name, values in query.filters.items():
        params.setlist(name, list(values))
    key = hashlib.sha256(params.urlencode().encode()).hexdigest()[:16]
    return SearchPackSource(
        title=title,
        slug=vi_slugify(f"tim-kiem {description}", 60) or "tim-kiem",
        summary=title,
        url=f"{site_root_url()}{reverse('search:search')}?{params.urlencode()}",
        latest_revision_id=key,
        query_string=params.urlencode(),
        centre_id=centre_id,
    )


@task()
def build_search_pack_task(query_string, pack_format, centre_id=None, originals=False):
    """Build and record the pack of a search result asked for in the admin; returns its id, or
    None when the search cannot be packed now (recorded on the row as FAILED, not retried).
    The search runs again here, so the pack holds what it finds when the job runs."""
    with translation.override(settings.LANGUAGE_CODE):
        query = parse_params(QueryDict(query_string))
        source = search_source(query, centre_id)
        try:
            max_lessons = settings.HLM_OFFLINE_PACK_MAX_LESSONS
            lessons = search_lessons(query, max_lessons=max_lessons)
            return build_and_store(source, pack_format, lessons=lessons, originals=originals).pk
        except PackError as error:
            logger.warning("No offline pack of search %r: %s", query_string, error)
            fail_pack(source, pack_format, error, originals)
            return None
