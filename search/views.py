"""The public search page and the autocomplete JSON it uses for progressive enhancement.

The page knows nothing of backends (docs/conventions.md, what we avoid): it parses the request with
`search.forms`, asks `get_search_service()`, and renders `SearchResults`. Whatever goes wrong in
the service, the learner gets a Vietnamese 503 page, never a 500 (docs/faults.md row 9).
"""

import logging
from dataclasses import replace

from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from search import query_log
from search.forms import FACET_LABELS, SORT_LABELS, parse_search, query_params
from search.normalise import clean_text
from search.service import get_search_service
from search.types import FACETS, MAX_QUERY_LENGTH, PAGE_SIZE_DEFAULT, FacetValue

logger = logging.getLogger("hlm.search")

AUTOCOMPLETE_MIN_LENGTH = 2
AUTOCOMPLETE_LIMIT_DEFAULT = 8
AUTOCOMPLETE_LIMIT_MAX = 10
PAGINATION_WINDOW = 2  # page numbers shown either side of the current one
RETRY_AFTER_SECONDS = "30"


def unavailable_message():
    return _("Tìm kiếm tạm thời không khả dụng. Vui lòng thử lại sau ít phút.")


def too_many_message():
    return _("Yêu cầu có quá nhiều tham số; hãy bỏ bớt bộ lọc rồi tìm lại.")


def run_search(query):
    """`(results, None)` from the service, or `(None, exception)` when it failed."""
    try:
        # A savepoint, so that a failed SQL statement of the fallback leaves the request's
        # connection usable for rendering the 503 page (PostgreSQL aborts the transaction).
        with transaction.atomic():
            return get_search_service().search(query, record=True), None
    except Exception as exc:  # the service's own fallback failed too: answer 503, not 500
        logger.exception("search service failed for %r", query)
        return None, exc


def page_numbers(current, count, window=PAGINATION_WINDOW):
    """Numbers to link, with None for a gap: 1 … 4 5 [6] 7 8 … 50."""
    if count <= 1:
        return []
    shown = {1, count, *range(max(1, current - window), min(count, current + window) + 1)}
    numbers, previous = [], 0
    for number in sorted(shown):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


def facet_groups(parsed, results):
    """Facets in display order; selected values are always listed so the form keeps them."""
    groups = []
    for name in FACETS:
        values = list(results.facets.get(name, [])) if results else []
        listed = {value.value for value in values}
        selected = set(parsed.query.filters.get(name, ()))
        for value in values:
            value.selected = value.selected or value.value in selected
        for value in parsed.query.filters.get(name, ()):
            if value not in listed:
                label = parsed.labels.get((name, value), value)
                values.append(FacetValue(value=value, label=label, count=0, selected=True))
        if values:
            groups.append(
                {
                    "name": name,
                    "label": FACET_LABELS[name],
                    "values": values,
                    "has_selected": bool(selected),
                }
            )
    return groups


def active_filters(parsed):
    query = parsed.query
    return [
        {
            "facet": FACET_LABELS[name],
            "label": parsed.labels.get((name, value), value),
            "remove_query": query_params(query, drop=(name, value)),
        }
        for name in FACETS
        for value in query.filters.get(name, ())
    ]


def _context(parsed, results):
    query = parsed.query
    page_count = results.page_count if results else 0
    messages = list(parsed.messages) + (list(results.messages) if results else [])
    return {
        "query": query,
        "results": results,
        "messages_list": messages,
        "facet_groups": facet_groups(parsed, results),
        "active_filters": active_filters(parsed),
        "clear_filters_query": query_params(
            type(query)(text=query.text, sort=query.sort, page_size=query.page_size)
        ),
        "sort_options": [(key, label) for key, label in SORT_LABELS.items()],
        "page_count": page_count,
        "pages": [
            (number, query_params(query, page=number) if number else None)
            for number in page_numbers(query.page, page_count)
        ],
        "previous_query": query_params(query, page=query.page - 1) if query.page > 1 else None,
        "next_query": (
            query_params(query, page=query.page + 1) if query.page < page_count else None
        ),
        "first_page_query": query_params(query, page=1),
        "first_rank": (query.page - 1) * query.page_size + 1,
        "page_size_default": PAGE_SIZE_DEFAULT,
        "beyond_last_page": results is not None and query.page > max(page_count, 1),
        "max_query_length": MAX_QUERY_LENGTH,
        "suggestion_query": (
            query_params(replace(query, text=results.suggestion, page=1))
            if results is not None and results.suggestion
            else ""
        ),
    }


@require_safe
def search(request):
    """GET /tim-kiem/?q=…&subject=…&page=…: the search page (noindex)."""
    try:
        params = request.GET
    except SuspiciousOperation:  # TooManyFieldsSent: over DATA_UPLOAD_MAX_NUMBER_FIELDS
        return render(
            request,
            "search/search.html",
            {**_context(parse_search(QueryDict()), None), "messages_list": [too_many_message()]},
            status=400,
        )
    parsed = parse_search(params)
    if parsed.too_deep:
        return render(request, "search/search.html", _context(parsed, None), status=404)
    results, error = run_search(parsed.query)
    if error is not None:
        response = render(
            request,
            "search/unavailable.html",
            {"query": parsed.query, "message": unavailable_message()},
            status=503,
        )
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    response = render(request, "search/search.html", _context(parsed, results))
    mark_cacheable(response, query_log.entry_of(results))
    return response


def mark_cacheable(response, log_entry):
    """Offer a finished results page to the anonymous page cache (cms/page_cache.py).

    The cache stores it only under its own rules (anonymous GET, no cookie set, no CSRF token
    used ...) and, on every hit, counts `log_entry` (`query_log.entry_of`, None when the
    search is not logged) as this request just did. See docs/operations.md, "Cached public
    pages". Errors (400, 404, 503), the API and autocomplete are never offered.
    """
    response.hlm_cacheable_search = True
    response.hlm_query_log_entry = log_entry


def parse_autocomplete(params):
    """(prefix, limit, errors) from `q` and `limit`; errors are Vietnamese reasons."""
    errors = []
    values = params.getlist("q")
    if len(set(values)) > 1:
        errors.append(_("Tham số “q” chỉ được dùng một lần."))
    prefix, _changes = clean_text(values[-1] if values else "", MAX_QUERY_LENGTH)
    limit = AUTOCOMPLETE_LIMIT_DEFAULT
    raw_limit = (params.get("limit") or "").strip()
    if raw_limit:
        if raw_limit.isascii() and raw_limit.isdigit() and len(raw_limit) <= 3:
            limit = min(max(int(raw_limit), 1), AUTOCOMPLETE_LIMIT_MAX)
        else:
            errors.append(
                _("Tham số “limit” phải là số nguyên từ 1 đến %(max)s.")
                % {"max": AUTOCOMPLETE_LIMIT_MAX}
            )
    return prefix, limit, errors


def run_autocomplete(prefix, limit):
    """Suggestions as [{"title", "url"}], [] for short prefixes; raises what the service raises."""
    if len(prefix) < AUTOCOMPLETE_MIN_LENGTH:
        return []
    with transaction.atomic():
        suggestions = get_search_service().autocomplete(prefix, limit)
    return [{"title": item["title"], "url": item["url"]} for item in suggestions[:limit]]


@require_safe
def autocomplete(request):
    """GET /tim-kiem/goi-y/?q=phuong: suggestions for the search box's datalist."""
    try:
        prefix, limit, errors = parse_autocomplete(request.GET)
    except SuspiciousOperation:
        return JsonResponse({"detail": too_many_message()}, status=400)
    if errors:
        return JsonResponse({"detail": " ".join(errors)}, status=400)
    try:
        suggestions = run_autocomplete(prefix, limit)
    except Exception:
        logger.exception("autocomplete failed for %r", prefix)
        return JsonResponse({"detail": unavailable_message()}, status=503)
    response = JsonResponse({"q": prefix, "suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response
