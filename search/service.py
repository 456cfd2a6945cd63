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

from search import query_log
from search.backends.database.backend import DatabaseSearchBackend
from search.backends.elasticsearch.backend import ElasticsearchBackend
from search.backends.elasticsearch.index import unavailable_errors
from search.conf import elasticsearch_enabled
from search.terms import LOOSE, RELAXED
from search.types import SearchQuery, SearchResults

logger = logging.getLogger("hlm.search")

BREAKER_SECONDS = 15
# The relaxed pass runs when the strict (all words) pass finds fewer than this many hits.
RELAX_BELOW = 3


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

    def __init__(self, primary, fallback=None, repair=True):
        self.primary = primary
        self.fallback = fallback
        self.repair = repair  # False: words as typed, strict pass only (evaluate_search)

    @property
    def backend_name(self):
        return self.primary.name

    def _call(self, method, *args, **kwargs):
        if self.fallback is None:
            return getattr(self.primary, method)(*args, **kwargs), False
        if not breaker.is_open():
            try:
                return getattr(self.primary, method)(*args, **kwargs), False
            except unavailable_errors() as exc:
                logger.warning(
                    "search: Elasticsearch failed (%s); answering from the database", exc
                )
                breaker.trip(exc)
        return getattr(self.fallback, method)(*args, **kwargs), True

    def search(self, query: SearchQuery, record=False) -> SearchResults:
        """Strict first, then relaxed (docs/search-repair.md).

        The strict pass requires every query word (any of its repairs and synonyms, or the
        facet value it names). Only when it finds fewer than RELAX_BELOW hits does a relaxed
        pass run, requiring most of the content words and weighing question and filler words
        low, and when even that finds nothing, a loose pass requiring half of them; an answer
        is kept when it finds more. `record`: count zero-result and rescued
        queries (the page and the API; not benchmarks or evaluations).
        """
        results, degraded = self._call("search", query, repair=self.repair)
        terms = results.terms
        relax = self.repair and terms is not None and terms.relaxable
        if relax and results.total < RELAX_BELOW:
            relaxed, relaxed_degraded = self._call("search", query, relaxed=RELAXED, terms=terms)
            if not relaxed.total and terms.required(LOOSE) < terms.required(RELAXED):
                relaxed, relaxed_degraded = self._call("search", query, relaxed=LOOSE, terms=terms)
            if relaxed.total > results.total:
                results, degraded = relaxed, degraded or relaxed_degraded
        _explain(results)
        if degraded:
            results.degraded = True
            results.messages.insert(0, degraded_message())
        if record:
            query_log.record(results)
        return results

    def autocomplete(self, prefix, limit=8):
        """[{"page_id", "kind", "title", "url", "highlight"}], best first."""
        return self._call("autocomplete", prefix, limit)[0]

    def related(self, page, limit=6):
        """[SearchHit] like `page`, the same programme level first; never `page` itself."""
        return self._call("related", page, limit)[0]


def _explain(results):
    """The words no hit on the page contains, and the suggestion when a word was repaired."""
    terms = results.terms
    if terms is None or terms.empty:
        return
    if results.hits and results.relaxed:
        missing = [set(hit.missing) for hit in results.hits]
        results.not_found = [w for w in dict.fromkeys(terms.words) if all(w in m for m in missing)]
    elif not results.hits:
        results.not_found = []
    if terms.corrected and results.total:
        results.suggestion = terms.corrected


def get_search_service(backend=None, repair=True):
    """The service for the configured backend; `backend` ("database" / "elasticsearch")
    forces one (evaluate_search and benchmark_search compare them)."""
    if backend == "database":
        return SearchService(DatabaseSearchBackend(), repair=repair)
    if backend == "elasticsearch" or (backend is None and elasticsearch_enabled()):
        return SearchService(ElasticsearchBackend(), DatabaseSearchBackend(), repair=repair)
    return SearchService(DatabaseSearchBackend(), repair=repair)
