"""Wagtail's database search backend, with what users type cleaned before it reaches SQL.

The admin's search boxes (pages, explorer, page-type usage, documents, images, their
choosers, snippets, the admin API's `?search=`) all end in Wagtail's database backend, which
passes the words into an SQLite FTS5 `MATCH` or a PostgreSQL `tsquery`. A stray `"` there is
an FTS5 syntax error ("unterminated string"), and a NUL is refused by PostgreSQL (ValueError):
both were 500s. This backend is Wagtail's own (the SQLite, PostgreSQL, MySQL or fallback one,
picked for the database as Wagtail does) with every query cleaned first:

- NUL and other control characters become spaces;
- double quotes become spaces (Wagtail's query parser has already turned balanced quotes
  into phrase queries; what is left is stray);
- whitespace is collapsed and the text capped at `MAX_QUERY_LENGTH` characters;
- a query with no words left matches nothing.

The other FTS operators (`AND`, `NEAR`, `*`, `(`, `^`, `:`) need nothing: the backend quotes
every word, so they are searched as text. Configured in `WAGTAILSEARCH_BACKENDS`; the public
catalogue's search (search/) does not use it. See docs/security/admin-views.md.
"""

from functools import cache

from wagtail.search.backends.base import EmptySearchResults
from wagtail.search.backends.database import SearchBackend as database_backend
from wagtail.search.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText

MAX_QUERY_LENGTH = 500
_TO_SPACE = dict.fromkeys([*range(32), 127, ord('"')], " ")


def clean_text(text):
    """The query text without NUL, control characters and double quotes; None when empty."""
    cleaned = " ".join(str(text).translate(_TO_SPACE).split())[:MAX_QUERY_LENGTH].strip()
    return cleaned or None


def clean_query(query):
    """A cleaned copy of a query (a string or Wagtail search query objects), or None when no
    word is left in it."""
    if isinstance(query, str):
        return clean_text(query)
    if isinstance(query, (PlainText, Phrase, Fuzzy)):
        text = clean_text(query.query_string)
        if text is None:
            return None
        if isinstance(query, PlainText):
            return PlainText(text, operator=query.operator, boost=query.boost)
        if isinstance(query, Fuzzy):
            return Fuzzy(text, operator=query.operator, unaccent=query.unaccent)
        return Phrase(text)
    if isinstance(query, (And, Or)):
        parts = [part for part in map(clean_query, query.subqueries) if part is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else type(query)(parts)
    if isinstance(query, Not):
        inner = clean_query(query.subquery)
        return None if inner is None else Not(inner)
    if isinstance(query, Boost):
        inner = clean_query(query.subquery)
        return None if inner is None else Boost(inner, query.boost)
    return query  # MatchAll and the like carry no text


class QueryCleaningMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = clean_query(query)
        if query is None:
            return EmptySearchResults()
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@cache
def _cleaning_class(backend_class):
    return type(
        f"QueryCleaning{backend_class.__name__}",
        (QueryCleaningMixin, backend_class),
        {"__module__": __name__},
    )


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """Wagtail's database backend for the current database, cleaning queries."""
    return _cleaning_class(type(database_backend(params)))(params)
