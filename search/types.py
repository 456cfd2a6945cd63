"""The one result type every search backend returns (Elasticsearch or the database).

The search page, the JSON API and "related materials" depend only on these classes and on
`search.service.get_search_service()`; which backend answers is a setting, never a branch in
a view (docs/conventions.md, what we avoid).
"""

from dataclasses import dataclass, field

# The kinds of search document: a lesson or a course, each its own Elasticsearch index and the
# `kind` of a database entry (search/serializers.py maps each to its page model).
KINDS = ("lesson", "course")

# Facet names, in display order. Each is a query parameter of the page and the API.
FACETS = (
    "level",  # programme level slug
    "subject",  # subject slug
    "grade",  # grade number 1-12
    "type",  # resource type slug
    "licence",  # licence slug
    "reusable",  # "1": licence allows derivatives
    "centre",  # centre slug
    "province",  # province slug
    "language",  # language code
    "year",  # year first published
)
SORTS = ("relevance", "newest", "most_viewed")
MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 20
PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 50
MAX_PAGE = 50  # pages beyond this are refused with a reason; deeper paging uses search_after


@dataclass(frozen=True)
class SearchQuery:
    """A validated search request (see search/forms.py for how user input becomes one)."""

    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE_DEFAULT
    kinds: tuple[str, ...] = KINDS


@dataclass
class FacetValue:
    value: str  # what goes in the URL (slug, number, code)
    label: str  # what people read (Vietnamese name)
    count: int
    selected: bool = False


@dataclass
class SearchHit:
    page_id: int
    kind: str  # "lesson" | "course"
    title: str
    url: str
    summary: str
    highlights: list[str]  # safe HTML fragments: escaped text with <mark> around matches
    programme_levels: list[str]
    subjects: list[str]
    grades: list[int]
    resource_type: str
    licence: str
    centre: str
    province: str
    first_published_at: str | None
    score: float | None = None
    missing: list[str] = field(default_factory=list)  # query words this hit does not contain


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[FacetValue]]
    backend: str  # "elasticsearch" | "database"
    degraded: bool = False  # True when Elasticsearch is configured but the database answered
    messages: list[str] = field(default_factory=list)  # user-facing notes (ignored filters, …)
    # The query repair (docs/search-repair.md): the parsed terms, whether the relaxed pass
    # answered, the query words no hit on this page contains, and "Có phải bạn muốn tìm …?".
    terms: object = field(default=None, repr=False)
    relaxed: bool = False
    not_found: list[str] = field(default_factory=list)
    suggestion: str = ""

    @property
    def page_count(self):
        pages = -(-self.total // self.query.page_size) if self.total else 0
        return min(pages, MAX_PAGE)
