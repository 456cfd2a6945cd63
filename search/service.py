"""The one search interface the page, the API and "related materials" use: a façade over the
backends in search/backends/ (see docs/search.md, "Query service and fallback").

    from search.service import get_search_service
    results = get_search_service().search(SearchQuery(text="đạo hàm", filters={"grade": ("12",)}))

Without ELASTICSEARCH_URL the database table answers (backend="database"). With it, Elasticsearch
answers; when it is down, slow (over ELASTICSEARCH_TIMEOUT) or refuses the request, the database
answers instead with `degraded=True` and a Vietnamese message, and Elasticsearch is left alone
for BREAKER_SECONDS so every following request does not wait for the timeout again
(docs/faults.md row 9).
"""

import logging
import threading
import time

from django.utils.translation import gettext as _

from search.backends.database.backend import DatabaseSearchBackend
from search.backends.elasticsearch.backend import ElasticsearchBackend
from search.backends.elasticsearch.index import unavailable_errors
from search.conf import elasticsearch_enabled
from search.types import SearchQuery, SearchResults

logger = logging.getLogger("hlm.search")

BREAKER_SECONDS = 15


def degraded_message():
    return _(
        "Tìm kiếm đang bị giới hạn: máy chủ tìm kiếm tạm thời không phản hồi nên kết quả được "
        "lấy từ cơ sở dữ liệu và có thể kém đầy đủ hơn."
    )


class _Breaker:
    """Process-wide: after a failure, skip Elasticsearch for a while."""

    def __init__(self):
        self._lock = threading.Lock()
        self.open_until = 0.0
        self.last_error = ""

    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self, error):
        with self._lock:
            self.open_until = time.monotonic() + BREAKER_SECONDS
            self.last_error = str(error)[:500]

    def reset(self):
        with self._lock:
            self.open_until = 0.0


breaker = _Breaker()


class SearchService:
    """search / autocomplete / related over a primary backend with a database fallback."""

    def __init__(self, primary, fallback=None):
        self.primary = primary
        self.fallback = fallback

    @property
    def backend_name(self):
        return self.primary.name

    def _call(self, method, *args):
        if self.fallback is None:
            return getattr(self.primary, method)(*args), False
        if not breaker.is_open():
            try:
                return getattr(self.primary, method)(*args), False
            except unavailable_errors() as exc:
                logger.warning(
                    "search: Elasticsearch failed (%s); answering from the database", exc
                )
                breaker.trip(exc)
        return getattr(self.fallback, method)(*args), True

    def search(self, query: SearchQuery) -> SearchResults:
        results, degraded = self._call("search", query)
        if degraded:
            results.degraded = True
            results.messages.insert(0, degraded_message())
        return results

    def autocomplete(self, prefix, limit=8):
        """[{"page_id", "kind", "title", "url", "highlight"}], best first."""
        return self._call("autocomplete", prefix, limit)[0]

    def related(self, page, limit=6):
        """[SearchHit] like `page`, the same programme level first; never `page` itself."""
        return self._call("related", page, limit)[0]


def get_search_service():
    if elasticsearch_enabled():
        return SearchService(ElasticsearchBackend(), DatabaseSearchBackend())
    return SearchService(DatabaseSearchBackend())
