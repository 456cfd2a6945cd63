"""What both backends do alike: clamp the request, parse its text, turn a document into a hit
or an autocomplete suggestion.

The web layer validates input first (search/forms.py); this is the second line, so the service
stays safe when called directly: unknown facets are ignored with a message, values are capped,
page and page size are clamped (docs/faults.md rows 10, 12, 13).
"""

import dataclasses

from django.utils.translation import gettext as _

from search.highlight import mark, snippets
from search.normalise import clean_text
from search.terms import parse_query
from search.types import (
    FACETS,
    KINDS,
    MAX_PAGE,
    MAX_VALUES_PER_FACET,
    PAGE_SIZE_DEFAULT,
    PAGE_SIZE_MAX,
    SORTS,
    SearchHit,
)

MAX_FACET_VALUE_LENGTH = 100


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def prepare(query, repair=True, terms=None):
    """(clamped SearchQuery, QueryTerms, messages) for any SearchQuery (`repair`: see
    terms.parse_query). `terms`: the query text already parsed (the relaxed pass reuses the
    strict pass's, so the vocabulary is not read twice)."""
    messages = []
    filters = {}
    for facet, values in (query.filters or {}).items():
        if facet not in FACETS:
            message = _("Bộ lọc “%(f)s” không tồn tại nên bị bỏ qua.")
            messages.append(message % {"f": str(facet)[:40]})
            continue
        if isinstance(values, str):
            values = (values,)
        cleaned = []
        for value in values or ():
            value, _changes = clean_text(value, MAX_FACET_VALUE_LENGTH)
            if value and value not in cleaned:
                cleaned.append(value)
        if len(cleaned) > MAX_VALUES_PER_FACET:
            messages.append(
                _("Chỉ %(n)s giá trị đầu của mỗi bộ lọc được dùng.") % {"n": MAX_VALUES_PER_FACET}
            )
            cleaned = cleaned[:MAX_VALUES_PER_FACET]
        if cleaned:
            filters[facet] = tuple(cleaned)
    sort = query.sort if query.sort in SORTS else "relevance"
    page = min(max(_int(query.page, 1), 1), MAX_PAGE)
    page_size = min(max(_int(query.page_size, PAGE_SIZE_DEFAULT), 1), PAGE_SIZE_MAX)
    kinds = tuple(k for k in (query.kinds or KINDS) if k in KINDS) or KINDS
    if terms is None:
        terms = parse_query(query.text, repair=repair)
    messages.extend(terms.messages)
    clamped = dataclasses.replace(
        query,
        text=terms.text,
        filters=filters,
        sort=sort,
        page=page,
        page_size=page_size,
        kinds=kinds,
    )
    return clamped, terms, messages


def hit_from_source(source, terms=None, score=None, matched=None):
    """A SearchHit from a stored document (Elasticsearch `_source` or SearchEntry.data).

    `matched`: indices of the clauses of `terms` the document matched; the words of the
    others become `missing` (None: all of them matched)."""
    highlights = []
    if terms is not None and not terms.empty:
        highlights = snippets(
            [source.get("summary"), source.get("objectives"), source.get("body_excerpt")],
            terms.highlight_terms,
        )
    return SearchHit(
        page_id=int(source["page_id"]),
        kind=source.get("kind", "lesson"),
        title=source.get("title", ""),
        url=source.get("url", ""),
        summary=source.get("summary", ""),
        highlights=highlights,
        programme_levels=list(source.get("level_names") or []),
        subjects=list(source.get("subject_names") or []),
        grades=[int(g) for g in source.get("grade") or [] if str(g).isdigit()],
        resource_type=source.get("type_name") or "",
        licence=source.get("licence_name") or "",
        centre=source.get("centre_name") or "",
        province=source.get("province_name") or "",
        first_published_at=source.get("first_published_at"),
        score=score,
        missing=missing_words(terms, matched),
    )


def missing_words(terms, matched):
    """Words of the content clauses not in `matched` (question and filler words aside)."""
    if terms is None or matched is None or terms.empty:
        return []
    return [
        terms.words[i]
        for i in range(len(terms.clauses))
        if i not in matched and terms.weights[i] >= 1
    ]


def suggestion(source, terms):
    """One autocomplete entry (the same shape from both backends)."""
    return {
        "page_id": int(source["page_id"]),
        "kind": source.get("kind", "lesson"),
        "title": source.get("title", ""),
        "url": source.get("url", ""),
        "highlight": mark(source.get("title", ""), terms.folded, prefix=True),
    }
