"""Turn raw GET parameters into a validated `SearchQuery`, for the page and the API alike.

Not a `django.forms.Form`: the page must *repair* bad input (drop an unknown facet value, clamp
a page number) and say what it did, while the API refuses the same input with a reason. So
parsing never raises; it returns the repaired query plus two lists of Vietnamese sentences:

- `notices`: harmless clean-ups applied in both places (control characters stripped, text
  shortened, page size capped): the text is cleaned by `search.normalise.clean_text`, the
  one cleaner the service uses too;
- `errors`: input that was wrong; the page shows them and carries on with the repaired query,
  the API answers 400 with them as its `detail`.

`too_deep` is set when the requested page is beyond `MAX_PAGE` (the page answers 404, the API
400): deep paging is refused rather than asking a backend for a result window it cannot serve
(docs/faults.md row 13).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content_models.choices import Language
from content_models.models import (
    Centre,
    Grade,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
    grade_label,
)
from search.normalise import Change, clean_text
from search.types import (
    FACETS,
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    MAX_VALUES_PER_FACET,
    PAGE_SIZE_DEFAULT,
    PAGE_SIZE_MAX,
    SORTS,
    SearchQuery,
)

# What people read for each facet (headings, active filters, messages).
FACET_LABELS = {
    "level": gettext_lazy("Chương trình"),
    "subject": gettext_lazy("Môn học"),
    "grade": gettext_lazy("Lớp"),
    "type": gettext_lazy("Loại học liệu"),
    "licence": gettext_lazy("Giấy phép"),
    "reusable": gettext_lazy("Được phép phái sinh"),
    "centre": gettext_lazy("Trung tâm"),
    "province": gettext_lazy("Tỉnh/thành phố"),
    "language": gettext_lazy("Ngôn ngữ"),
    "year": gettext_lazy("Năm xuất bản"),
}
SORT_LABELS = {
    "relevance": gettext_lazy("Phù hợp nhất"),
    "newest": gettext_lazy("Mới nhất"),
    "most_viewed": gettext_lazy("Xem nhiều nhất"),
}
# Facets whose values are taxonomy slugs, and the snippet model that owns them.
SLUG_FACETS = {
    "level": ProgrammeLevel,
    "subject": Subject,
    "type": ResourceType,
    "licence": Licence,
    "centre": Centre,
    "province": Province,
}
SCALAR_PARAMS = ("q", "page", "page_size", "sort")
MAX_VALUE_LENGTH = 100  # longer facet values cannot be a slug or code of ours
FIRST_YEAR = 2000
_DIGITS = re.compile(r"[0-9]+")


@dataclass
class ParsedSearch:
    query: SearchQuery
    notices: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    too_deep: bool = False
    # (facet, value) → label of every accepted filter value, for the "active filters" list.
    labels: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def messages(self):
        return self.errors + self.notices


def _values(params, name):
    """Every value of `name`, also accepting the `name[]` spelling some clients send."""
    return list(params.getlist(name)) + list(params.getlist(f"{name}[]"))


def _scalar(params, name, result):
    values = params.getlist(name)
    if len(set(values)) > 1:
        result.errors.append(
            _("Tham số “%(name)s” chỉ được dùng một lần; đã lấy giá trị cuối cùng.")
            % {"name": name}
        )
    return values[-1] if values else None


def _parse_positive(raw):
    """An ASCII decimal ≥ 0, or None. Very long numbers are returned as a huge sentinel."""
    raw = (raw or "").strip()
    if not _DIGITS.fullmatch(raw):
        return None
    if len(raw) > 9:  # beyond any limit of ours; avoids converting 10,000-digit strings
        return 10**9
    return int(raw)


def _short(value, limit=40):
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _known_values(facet, candidates):
    """Map each known candidate value of `facet` to its label; unknown ones are left out."""
    if facet in SLUG_FACETS:
        model = SLUG_FACETS[facet]
        return dict(model.objects.filter(slug__in=candidates).values_list("slug", "name"))
    if facet == "grade":
        numbers = [int(v) for v in candidates if _DIGITS.fullmatch(v) and len(v) <= 2]
        found = Grade.objects.filter(number__in=numbers).values_list("number", flat=True)
        return {str(n): grade_label(n) for n in found}
    if facet == "language":
        labels = dict(Language.choices)
        return {v: str(labels[v]) for v in candidates if v in labels}
    if facet == "reusable":
        return {"1": _("Cho phép phái sinh")} if "1" in candidates else {}
    if facet == "year":
        last = date.today().year + 1
        return {
            v: v
            for v in candidates
            if _DIGITS.fullmatch(v) and len(v) == 4 and FIRST_YEAR <= int(v) <= last
        }
    return {}


def _parse_facet(params, facet, result):
    raw_values = _values(params, facet)
    if not raw_values:
        return ()
    candidates, garbled = [], []
    for raw in raw_values:
        value, changes = clean_text(raw, max_length=None)
        if changes:  # no slug or code of ours holds control characters or invalid bytes
            garbled.append(value or "?")
            continue
        if facet in SLUG_FACETS or facet == "language":
            value = value.lower()
        if value and value not in candidates:
            candidates.append(value)
    label = FACET_LABELS[facet]
    if len(candidates) > MAX_VALUES_PER_FACET:
        result.errors.append(
            _("Bộ lọc “%(facet)s” nhận tối đa %(max)s giá trị; đã bỏ bớt %(extra)s giá trị.")
            % {
                "facet": label,
                "max": MAX_VALUES_PER_FACET,
                "extra": len(candidates) - MAX_VALUES_PER_FACET,
            }
        )
        candidates = candidates[:MAX_VALUES_PER_FACET]
    plausible = [v for v in candidates if len(v) <= MAX_VALUE_LENGTH]
    known = _known_values(facet, plausible) if plausible else {}
    unknown = garbled + [v for v in candidates if v not in known]
    if unknown:
        result.errors.append(
            _("Bỏ qua giá trị không hợp lệ của bộ lọc “%(facet)s”: %(values)s.")
            % {"facet": label, "values": ", ".join(_short(v) for v in unknown[:3])}
        )
    accepted = tuple(v for v in candidates if v in known)
    for value in accepted:
        result.labels[(facet, value)] = known[value]
    return accepted


def parse_search(params):
    """Parse a QueryDict (request.GET) into a `ParsedSearch`; never raises on user input."""
    result = ParsedSearch(query=SearchQuery())

    text, changes = clean_text(_scalar(params, "q", result), MAX_QUERY_LENGTH)
    if Change.REMOVED in changes:
        result.notices.append(_("Đã bỏ các ký tự không hợp lệ khỏi từ khóa."))
    if Change.TRUNCATED in changes:
        result.notices.append(
            _("Từ khóa quá dài nên chỉ dùng %(max)s ký tự đầu.") % {"max": MAX_QUERY_LENGTH}
        )

    filters = {}
    for facet in FACETS:
        values = _parse_facet(params, facet, result)
        if values:
            filters[facet] = values

    sort = (_scalar(params, "sort", result) or "relevance").strip()
    if sort not in SORTS:
        result.errors.append(
            _("Cách sắp xếp “%(sort)s” không có; đã sắp xếp theo mức phù hợp.")
            % {"sort": _short(clean_text(sort, max_length=None)[0])}
        )
        sort = "relevance"

    page = 1
    raw_page = _scalar(params, "page", result)
    if raw_page is not None and raw_page.strip() != "":
        number = _parse_positive(raw_page)
        if number is None or number < 1:
            result.errors.append(_("Số trang phải là số nguyên từ 1 trở lên; đã về trang 1."))
        elif number > MAX_PAGE:
            result.too_deep = True
            result.errors.append(
                _(
                    "Chỉ xem được tối đa %(max)s trang kết quả. Hãy thêm từ khóa hoặc bộ lọc "
                    "để thu hẹp tìm kiếm."
                )
                % {"max": MAX_PAGE}
            )
        else:
            page = number

    page_size = PAGE_SIZE_DEFAULT
    raw_size = _scalar(params, "page_size", result)
    if raw_size is not None and raw_size.strip() != "":
        number = _parse_positive(raw_size)
        if number is None or number < 1:
            result.errors.append(
                _("Số kết quả mỗi trang phải là số nguyên từ 1 đến %(max)s.")
                % {"max": PAGE_SIZE_MAX}
            )
        elif number > PAGE_SIZE_MAX:
            page_size = PAGE_SIZE_MAX
            result.notices.append(
                _("Mỗi trang hiển thị tối đa %(max)s kết quả.") % {"max": PAGE_SIZE_MAX}
            )
        else:
            page_size = number

    result.query = SearchQuery(
        text=text, filters=filters, sort=sort, page=page, page_size=page_size
    )
    return result


def query_params(query, *, page=None, drop=None, sort=None):
    """The canonical URL query string of `query` (without "?").

    `page` overrides the page number, `drop=(facet, value)` leaves one filter value out (and
    goes back to page 1), `sort` replaces the sort (and goes back to page 1).
    """
    pairs = []
    if query.text:
        pairs.append(("q", query.text))
    for facet in FACETS:
        for value in query.filters.get(facet, ()):
            if drop != (facet, value):
                pairs.append((facet, value))
    chosen_sort = sort or query.sort
    if chosen_sort != "relevance":
        pairs.append(("sort", chosen_sort))
    if query.page_size != PAGE_SIZE_DEFAULT:
        pairs.append(("page_size", query.page_size))
    number = page if page is not None else query.page
    if drop is not None or sort is not None:
        number = 1
    if number != 1:
        pairs.append(("page", number))
    return urlencode(pairs)
