"""The database backend: our own folded full-text table, not Wagtail's database search backend.

SQLite queries the FTS5 table `search_fts`; PostgreSQL the generated `search_vector` column
(migration 0002). Match texts come from `expressions.py` (bound parameters: user syntax never
reaches FTS5 or `to_tsquery`), WHERE fragments from `conditions.py`. Facet counts are SQL
GROUP BYs over `search_searchfacetvalue`, each facet counted with every filter but its own
(the same semantics as the Elasticsearch aggregations); over a text query's matches they are
built by `SearchSql.facet_counts` for both vendors.

Documented limits: relevance is bm25 (SQLite) or ts_rank (PostgreSQL), not Elasticsearch's
scoring; "related" uses the lesson's own title, keywords and subjects as an OR query instead of
more-like-this; paging is capped by MAX_PAGE like Elasticsearch.
"""

import json

from django.db import connection
from django.utils import timezone

from search.backends.database import postgres_text
from search.backends.database.conditions import KIND_FACET, SearchSql
from search.backends.database.expressions import (
    fts5_any,
    fts5_expression,
    tsquery_expression,
)
from search.facets import build_facets, facet_size
from search.normalise import folded_tokens
from search.querying import hit_from_source, prepare, suggestion
from search.terms import parse_query
from search.types import SearchResults

# bm25 column weights: folded_title, folded_body, exact_text.
SQLITE_RANK = "bm25(search_fts, 6.0, 1.0, 3.0)"
RELATED_STOPWORDS = {
    "bai", "cac", "cho", "co", "cua", "de", "duoc", "hoc", "khi", "la", "lop", "mot", "nhung",
    "so", "tai", "the", "trong", "va", "ve", "voi",
}  # fmt: skip


class DatabaseUnsupported(RuntimeError):
    pass


def _vendor():
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise DatabaseUnsupported(f"no full-text table for database vendor {vendor!r}")
    return vendor


def _order_by(query, terms):
    if query.sort == "most_viewed":
        return "e.view_count DESC, e.first_published_at DESC, e.page_id DESC"
    if query.sort == "newest" or terms.empty:
        return "e.first_published_at DESC, e.page_id DESC"
    return "score DESC, e.first_published_at DESC, e.page_id DESC"


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _load(data):
    return data if isinstance(data, dict) else json.loads(data)


class DatabaseSearchBackend:
    """SearchService backend answering from the folded full-text table."""

    name = "database"

    def search(self, query, relaxed=False, repair=True, terms=None):
        query, terms, messages = prepare(query, repair, terms)
        vendor = _vendor()
        sql = SearchSql(vendor, query, terms, relaxed)
        offset = (query.page - 1) * query.page_size
        hits = None
        if terms.empty:
            where, params = sql.where("v")
            total = _rows(
                f"SELECT COUNT(*) FROM search_searchfacetvalue v WHERE v.facet = %s AND {where}",
                [KIND_FACET, *params],
            )[0][0]
            counts = self._facet_counts(sql)
        elif vendor == "postgresql":
            total, counts, hits = self._postgres_text(sql, query, terms, offset)
        else:
            total, counts = self._text_counts(sql)
        if hits is None:
            hits = self._hits(sql, query, terms, offset) if total > offset else []
        return SearchResults(
            query=query,
            hits=hits,
            total=total,
            facets=build_facets(counts, query.filters),
            backend=self.name,
            messages=messages,
            terms=terms,
            relaxed=bool(sql.relaxed),
        )

    def _hits(self, sql, query, terms, offset):
        order = _order_by(query, terms)
        where, params = sql.where("e")
        if sql.per_clause:
            return self._covered_hits(sql, query, terms, offset, order)
        if sql.match and sql.vendor == "sqlite" and order.startswith("score"):
            # bm25 for every eligible match (FTS5 and the narrow facet rows only), then the
            # wide entry rows only for those scoring at least the page's last one: the same
            # rows and order as sorting every match, without reading every entry
            # (docs/search-repair.md, "Speed").
            eligible, eligible_params = sql.where("k", use_text=False)
            text = (
                f"WITH s AS MATERIALIZED (SELECT rowid, -{SQLITE_RANK} AS score FROM search_fts "
                "WHERE search_fts MATCH %s AND +rowid IN (SELECT k.page_id FROM "
                f"search_searchfacetvalue k WHERE k.facet = %s AND {eligible})) "
                "SELECT e.page_id, e.data, s.score FROM s "
                "JOIN search_searchentry e ON e.page_id = s.rowid WHERE s.score >= COALESCE("
                "(SELECT score FROM s ORDER BY score DESC LIMIT 1 OFFSET %s), -1e308) "
                f"ORDER BY {order} LIMIT %s OFFSET %s"
            )
            last = offset + query.page_size - 1
            params = [sql.match, KIND_FACET, *eligible_params, last, query.page_size, offset]
            rows = _rows(text, params)
        elif sql.match and sql.vendor == "sqlite":
            # Joined from the FTS table so bm25() is available; the text condition is the MATCH.
            other, other_params = sql.where("e", use_text=False)
            text = (
                f"SELECT e.page_id, e.data, -{SQLITE_RANK} AS score FROM search_fts "
                "JOIN search_searchentry e ON e.page_id = search_fts.rowid "
                f"WHERE search_fts MATCH %s AND {other} ORDER BY {order} LIMIT %s OFFSET %s"
            )
            rows = _rows(text, [sql.match, *other_params, query.page_size, offset])
        else:
            text = (
                "SELECT e.page_id, e.data, NULL AS score FROM search_searchentry e "
                f"WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
            )
            rows = _rows(text, [*params, query.page_size, offset])
        return [
            hit_from_source(_load(data), terms, float(score) if score is not None else None)
            for _pk, data, score in rows
        ]

    def _covered_hits(self, sql, query, terms, offset, order):
        """Hits ranked by the weighted share of clauses covered, then bm25 / ts_rank; each
        hit knows which clauses it matched (the words it does not contain)."""
        where, params = sql.where("e")
        n = len(terms.clauses)
        covered, covered_params = sql.coverage("e", range(n), terms.weights)
        flags, flag_params = [], []
        for i in range(n):
            condition, condition_params = sql.clause("e", i)
            flags.append(f"(CASE WHEN {condition} THEN 1 ELSE 0 END)")
            flag_params += condition_params
        # SQLite only: PostgreSQL answers text queries in one statement (postgres_text.py).
        rank = "COALESCE(r.rank, 0)"
        # bm25 only for the candidate and filtered rows, not for every row holding any
        # query word. "+rowid": a plain test (as an FTS5 constraint, SQLite would run
        # the MATCH once per listed id).
        within, within_params = sql.candidates("r", column="+rowid")
        filters, filter_params = sql.filters("r", column="+rowid")
        join = (
            f"LEFT JOIN (SELECT rowid, -{SQLITE_RANK} AS rank FROM search_fts "
            f"WHERE {' AND '.join(['search_fts MATCH %s', within, *filters])}) r "
            "ON r.rowid = e.page_id"
        )
        join_params = [fts5_any(terms), *within_params, *filter_params]
        text = (
            f"SELECT e.page_id, e.data, {covered} * 10 + {rank} AS score, "
            f"{', '.join(flags)} FROM search_searchentry e {join} "
            f"WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        rows = _rows(
            text,
            [
                *covered_params,
                *flag_params,
                *join_params,
                *params,
                query.page_size,
                offset,
            ],
        )
        return [
            hit_from_source(
                _load(row[1]),
                terms,
                float(row[2]) if row[2] is not None else None,
                matched={i for i in range(n) if row[3 + i]},
            )
            for row in rows
        ]

    def _postgres_text(self, sql, query, terms, offset):
        """(total, counts, hits) of a PostgreSQL text search, one statement
        (postgres_text.py)."""
        text, params = postgres_text.statement(
            sql, terms, _order_by(query, terms), query.page_size, offset
        )
        total, counts, rows = postgres_text.read(_rows(text, params))
        hits = [
            hit_from_source(
                _load(data),
                terms,
                score,
                matched=None if flags is None else {i for i, f in enumerate(flags) if f},
            )
            for data, score, flags in rows
        ]
        return total, self._top(counts), hits

    @staticmethod
    def _top(counts):
        for facet, values in counts.items():
            top = sorted(values.items(), key=lambda item: -item[1])[: facet_size(facet)]
            counts[facet] = dict(top)
        return counts

    def _facet_counts(self, sql):
        """Browsing: {facet: {value: count}}, one pass over the facet index per group."""
        counts = {}
        for skip, facets in sql.facet_groups():
            placeholders = ", ".join(["%s"] * len(facets))
            where, params = sql.where("v", skip=skip)
            rows = _rows(
                "SELECT v.facet, v.value, COUNT(*) FROM search_searchfacetvalue v "
                f"WHERE v.facet IN ({placeholders}) AND {where} GROUP BY v.facet, v.value",
                [*facets, *params],
            )
            for facet, value, count in rows:
                counts.setdefault(facet, {})[value] = count
        return self._top(counts)

    def _text_counts(self, sql):
        """(total, {facet: {value: count}}) of a text query in one statement: the text is
        matched once (the CTE `t`), then the total and each facet group apply their filters
        to those pages and read only their facet rows (docs/search-repair.md, "Speed")."""
        text, params = sql.text_matches()
        filters, filter_params = sql.filters("t")
        parts = [f"SELECT '', '', COUNT(*) FROM t WHERE {' AND '.join(['1 = 1', *filters])}"]
        params += filter_params
        # SQLite: CROSS JOIN keeps the matches as the outer loop (one index lookup each).
        join = "CROSS JOIN" if sql.vendor == "sqlite" else "JOIN"
        selects, select_params = sql.facet_counts("t", join=join)
        parts += selects
        params += select_params
        rows = _rows(f"WITH t AS MATERIALIZED ({text}) " + " UNION ALL ".join(parts), params)
        total, counts = 0, {}
        for facet, value, count in rows:
            if facet == "":
                total = count
            else:
                counts.setdefault(facet, {})[value] = count
        return total, self._top(counts)

    def autocomplete(self, prefix, limit=8):
        terms = parse_query(prefix)
        limit = min(max(int(limit or 8), 1), 20)
        if terms.empty:
            return []
        vendor = _vendor()
        now = timezone.now()
        if vendor == "sqlite":
            rows = _rows(
                "SELECT e.data FROM search_fts JOIN search_searchentry e "
                "ON e.page_id = search_fts.rowid WHERE search_fts MATCH %s AND e.kind <> '' "
                "AND (e.expire_at IS NULL OR e.expire_at > %s) "
                "ORDER BY bm25(search_fts, 6.0, 1.0, 3.0), e.view_count DESC LIMIT %s",
                [fts5_expression(terms, prefix_last=True, title_only=True), now, limit],
            )
        else:
            rows = _rows(
                "SELECT e.data FROM search_searchentry e WHERE e.search_vector @@ "
                "to_tsquery('simple', %s) AND e.kind <> '' "
                "AND (e.expire_at IS NULL OR e.expire_at > %s) "
                "ORDER BY e.view_count DESC, e.page_id DESC LIMIT %s",
                [tsquery_expression(terms, prefix_last=True, weights="A"), now, limit],
            )
        return [suggestion(_load(data), terms) for (data,) in rows]

    def related(self, page, limit=6):
        limit = min(max(int(limit or 6), 1), 20)
        # The stored entry, never a re-serialization of the page: a page the table does not
        # hold (draft, private…) relates to nothing.
        stored = _rows(
            "SELECT data FROM search_searchentry WHERE page_id = %s AND kind <> ''", [page.pk]
        )
        if not stored:
            return []
        doc = _load(stored[0][0])
        words = " ".join([doc["title"], *doc.get("keywords", []), *doc.get("subject_names", [])])
        tokens = [t for t in dict.fromkeys(folded_tokens(words)) if len(t) > 1]
        tokens = [t for t in tokens if t not in RELATED_STOPWORDS][:12]
        if not tokens:
            return []
        levels = list(doc.get("level") or []) or [""]
        placeholders = ", ".join(["%s"] * len(levels))
        same_level = (
            "EXISTS (SELECT 1 FROM search_searchfacetvalue v WHERE v.page_id = e.page_id "
            f"AND v.facet = 'level' AND v.value IN ({placeholders}))"
        )
        vendor = _vendor()
        if vendor == "sqlite":
            match = "{folded_title folded_body} : (" + " OR ".join(f'"{t}"' for t in tokens) + ")"
            sql = (
                f"SELECT e.data FROM search_fts JOIN search_searchentry e "
                "ON e.page_id = search_fts.rowid WHERE search_fts MATCH %s AND e.page_id <> %s "
                "AND e.kind <> '' "
                f"AND (e.expire_at IS NULL OR e.expire_at > %s) ORDER BY {same_level} DESC, "
                f"{SQLITE_RANK}, e.page_id DESC LIMIT %s"
            )
        else:
            match = " | ".join(tokens)
            sql = (
                "SELECT e.data FROM search_searchentry e WHERE e.search_vector @@ "
                "to_tsquery('simple', %s) AND e.page_id <> %s AND e.kind <> '' "
                "AND (e.expire_at IS NULL OR e.expire_at > %s) "
                f"ORDER BY {same_level} DESC, "
                "ts_rank(e.search_vector, to_tsquery('simple', %s)) DESC, e.page_id DESC LIMIT %s"
            )
        params = [match, page.pk, timezone.now(), *levels]
        if vendor != "sqlite":
            params.append(match)
        rows = _rows(sql, [*params, limit])
        return [hit_from_source(_load(data)) for (data,) in rows]
