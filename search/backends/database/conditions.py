"""WHERE fragments of one database search (`SearchSql`): the text condition, the
per-clause and coverage conditions of the relaxed pass, the candidate bound, kinds, expiry and
facet filters, on either vendor (docs/search-repair.md, "Speed"); and the facet-count selects
over the matched pages that SQLite's count statement and PostgreSQL's one statement both use.
Every "pages holding these facet values" select is `facet_pages`.
"""

from django.utils import timezone

from search import vocabulary
from search.backends.database.expressions import (
    fts5_clause,
    fts5_expression,
    ts_phrase,
    tsquery_expression,
)
from search.terms import STRICT
from search.types import FACETS

KIND_FACET = "kind"  # one row per entry in the facet table: counting never reads entries


def facet_pages(facet, values):
    """(sql, params): SELECT of the page ids holding any of `values` of `facet`, for an
    `IN (…)` test or a UNION member. Uncorrelated: evaluated once into a set, not once per
    candidate row."""
    marks = ", ".join(["%s"] * len(values))
    sql = (
        "SELECT f.page_id FROM search_searchfacetvalue f "
        f"WHERE f.facet = %s AND f.value IN ({marks})"
    )
    return sql, [facet, *values]


class SearchSql:
    """WHERE fragments and parameters for one search, over rows aliased `alias`.

    Both `search_searchentry` (hits) and `search_searchfacetvalue` (counts) carry page_id,
    kind and expire_at, so counting never reads the wide entry rows.

    A strict query without facet words is one MATCH / tsquery (`match`). Otherwise each clause
    is its own condition (its text alternatives, or a facet value it names): strict requires
    all of them, relaxed requires `terms.required()` of the content clauses (a coverage sum).
    """

    def __init__(self, vendor, query, terms, relaxed=False):
        self.vendor = vendor
        self.query = query
        self.terms = terms
        self.relaxed = int(relaxed) if terms.relaxable else STRICT
        self.match = None
        self.per_clause = not terms.empty and (self.relaxed or any(terms.facets))
        self.bounding = self._bounding() if self.per_clause else []
        if not terms.empty and not self.per_clause:
            if vendor == "sqlite":
                self.match = fts5_expression(terms)
            else:
                self.match = tsquery_expression(terms)

    def _bounding(self):
        """The rarest clauses a matching document must hold at least one of.

        A document matching `need` of n clauses misses at most n - need of them, so it holds
        one of any n - need + 1: strict (need = n) one clause, the relaxed pass's 3 of 4 two.
        Taking the rarest words (vocabulary.frequencies) keeps the candidate rows, and the
        per-clause conditions computed for them, few even when other words are in most
        documents ("phương trình": "phương" is in every "địa phương"). A clause a facet value
        satisfies counts as common (a value may hold many pages)."""
        terms = self.terms
        if self.relaxed:
            indices, need = terms.content_indices(), terms.required(self.relaxed)
        else:
            indices, need = list(range(len(terms.clauses))), len(terms.clauses)
        words = {t for i in indices for phrase in terms.clauses[i] for t in phrase}
        frequency = vocabulary.frequencies(words)

        def cost(i):
            text = sum(min(frequency.get(t, 0) for t in p) for p in terms.clauses[i])
            return (bool(terms.facets[i]), text)

        return sorted(indices, key=cost)[: len(indices) - need + 1]

    def clause(self, alias, i):
        """(sql, params): the document matches clause i."""
        terms = self.terms
        if self.vendor == "sqlite":
            sql = f"{alias}.page_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
            params = [fts5_clause(terms.clauses[i])]
        else:
            expression = " | ".join(f"({ts_phrase(p)})" for p in terms.clauses[i])
            if alias == "e":
                sql = "e.search_vector @@ to_tsquery('simple', %s)"
            else:
                sql = (
                    f"{alias}.page_id IN (SELECT page_id FROM search_searchentry "
                    "WHERE search_vector @@ to_tsquery('simple', %s))"
                )
            params = [expression]
        for facet, values in terms.facets[i].items():
            pages, page_params = facet_pages(facet, values)
            sql += f" OR {alias}.page_id IN ({pages})"
            params += page_params
        return f"({sql})", params

    def coverage(self, alias, indices, weights=None):
        """(sql, params): the weighted number of the given clauses the document matches."""
        sql, params = [], []
        for i in indices:
            condition, condition_params = self.clause(alias, i)
            weight = 1 if weights is None else weights[i]
            sql.append(f"(CASE WHEN {condition} THEN {float(weight)!r} ELSE 0 END)")
            params += condition_params
        return "(" + " + ".join(sql) + ")", params

    def text(self, alias):
        """(sql list, params) of the text condition."""
        if self.match:
            if self.vendor == "sqlite":
                sql = (
                    f"{alias}.page_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
                )
            elif alias == "e":
                sql = "e.search_vector @@ to_tsquery('simple', %s)"
            else:
                sql = (
                    f"{alias}.page_id IN (SELECT page_id FROM search_searchentry "
                    "WHERE search_vector @@ to_tsquery('simple', %s))"
                )
            return [sql], [self.match]
        if not self.per_clause:
            return [], []
        candidates, params = self.candidates(alias)
        sql = [candidates]
        if not self.relaxed:
            for i in range(len(self.terms.clauses)):
                condition, condition_params = self.clause(alias, i)
                sql.append(condition)
                params += condition_params
            return sql, params
        indices = self.terms.content_indices()
        covered, covered_params = self.coverage(alias, indices)
        return (
            [*sql, f"{covered} >= %s"],
            [*params, *covered_params, self.terms.required(self.relaxed)],
        )

    def candidates(self, alias, column=None):
        """(sql, params): the document matches at least one of the bounding clauses.

        One index lookup (a MATCH / tsquery OR of the rarest clauses, and the facet values
        they name) bounds the rows whose per-clause conditions are computed: without it they
        were evaluated for every row of the table (docs/search-repair.md, "Speed").
        `column`: the page id column to test (default `<alias>.page_id`).
        """
        clauses = [self.terms.clauses[i] for i in self.bounding]
        facets = [(f, v) for i in self.bounding for f, v in self.terms.facets[i].items()]
        column = column or f"{alias}.page_id"
        if self.vendor == "sqlite":
            selects = ["SELECT rowid FROM search_fts WHERE search_fts MATCH %s"]
            params = [" OR ".join(f"({fts5_clause(c)})" for c in clauses)]
        else:
            expression = " | ".join(f"({ts_phrase(p)})" for c in clauses for p in c)
            if alias == "e":
                # On the row itself: one reading of each row (the GIN index when there is no
                # facet value to OR in), not a second scan of the table joined back.
                sql, params = ["e.search_vector @@ to_tsquery('simple', %s)"], [expression]
                for facet, values in facets:
                    pages, page_params = facet_pages(facet, values)
                    sql.append(f"e.page_id IN ({pages})")
                    params += page_params
                return "(" + " OR ".join(sql) + ")", params
            selects = [
                "SELECT page_id FROM search_searchentry "
                "WHERE search_vector @@ to_tsquery('simple', %s)"
            ]
            params = [expression]
        for facet, values in facets:
            pages, page_params = facet_pages(facet, values)
            selects.append(pages)
            params += page_params
        return f"{column} IN ({' UNION '.join(selects)})", params

    def base(self, alias, use_text=True):
        kinds = ", ".join(["%s"] * len(self.query.kinds))
        sql = [
            f"{alias}.kind IN ({kinds})",
            f"({alias}.expire_at IS NULL OR {alias}.expire_at > %s)",
        ]
        params = [*self.query.kinds, timezone.now()]
        if use_text:
            text_sql, text_params = self.text(alias)
            sql += text_sql
            params += text_params
        return sql, params

    def filters(self, alias, skip=None, column=None):
        column = column or f"{alias}.page_id"
        sql, params = [], []
        for facet, values in self.query.filters.items():
            if facet == skip:
                continue
            pages, page_params = facet_pages(facet, values)
            sql.append(f"{column} IN ({pages})")
            params += page_params
        return sql, params

    def facet_groups(self):
        """[(facet counted without its own filter or None, [facets])]: unfiltered facets count
        under every filter, each filtered one under the others only (the semantics of the
        Elasticsearch aggregations)."""
        filtered = [f for f in FACETS if f in self.query.filters]
        groups = [(None, [f for f in FACETS if f not in filtered])]
        return [g for g in groups if g[1]] + [(f, [f]) for f in filtered]

    def facet_counts(self, alias, join="JOIN", columns=""):
        """(selects, params): one `SELECT v.facet, v.value, COUNT(*)` a facet group over the
        matched pages `alias` (a CTE with a page_id column) joined (`join`: "JOIN" or
        "CROSS JOIN") to their facet rows, each group under the filters but its own;
        `columns` are appended to the select list (", NULL::int, …" to fit a UNION)."""
        selects, params = [], []
        for skip, facets in self.facet_groups():
            filters, filter_params = self.filters(alias, skip=skip)
            marks = ", ".join(["%s"] * len(facets))
            selects.append(
                f"SELECT v.facet, v.value, COUNT(*){columns} FROM {alias} {join} "
                f"search_searchfacetvalue v ON v.page_id = {alias}.page_id "
                f"WHERE v.facet IN ({marks}) {''.join(' AND ' + f for f in filters)} "
                "GROUP BY v.facet, v.value"
            )
            params += [*facets, *filter_params]
        return selects, params

    def where(self, alias="e", skip=None, use_text=True):
        base_sql, base_params = self.base(alias, use_text)
        filter_sql, filter_params = self.filters(alias, skip)
        return " AND ".join(base_sql + filter_sql), base_params + filter_params

    def text_matches(self):
        """(sql, params): SELECT of the page ids the text matches (no facet filter), for
        SQLite's counts (PostgreSQL counts in its one statement, postgres_text.py).

        Counting a text query starts from these rows, so its cost follows the matches, not
        the table. They are the narrow `kind` rows of the facet table (each text condition is
        one id list from FTS5)."""
        where, params = self.base("k")
        sql = "SELECT k.page_id FROM search_searchfacetvalue k WHERE k.facet = %s AND "
        return sql + " AND ".join(where), [KIND_FACET, *params]
