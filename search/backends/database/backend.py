"""The database backend: our own folded full-text table, not Wagtail's database search backend.

SQLite queries the FTS5 table `search_fts`; PostgreSQL the generated `search_vector` column
(migration 0002). Match expressions are assembled here from `QueryTerms` tokens, which hold only
letters and digits, and passed as one bound parameter: user syntax never reaches FTS5 or
`to_tsquery`. Facet counts are SQL GROUP BYs over `search_searchfacetvalue`, each facet
counted with every filter but its own (the same semantics as the Elasticsearch aggregations).

Documented limits: relevance is bm25 (SQLite) or ts_rank (PostgreSQL), not Elasticsearch's
scoring; "related" uses the lesson's own title, keywords and subjects as an OR query instead of
more-like-this; paging is capped by MAX_PAGE like Elasticsearch.
"""

import json

from django.db import connection
from django.utils import timezone

from search import vocabulary
from search.facets import build_facets, facet_size
from search.models import SearchEntry
from search.normalise import folded_tokens
from search.querying import hit_from_source, prepare, suggestion
from search.terms import STRICT, parse_query
from search.types import FACETS, SearchResults

KIND_FACET = "kind"  # one row per entry in the facet table: counting never reads entries

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


# --- match expressions -------------------------------------------------------------------
def _fts_phrase(phrase):
    return '"' + " ".join(phrase) + '"'


def fts5_expression(terms, prefix_last=False, title_only=False):
    """FTS5 MATCH text for `terms`: every clause ANDed, alternatives ORed, exact ORed in."""
    clauses = []
    for i, clause in enumerate(terms.clauses):
        alts = [_fts_phrase(p) for p in clause]
        if prefix_last and i == len(terms.clauses) - 1 and len(clause) == 1:
            alts = [alts[0] + " *"]
        clauses.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    columns = "folded_title" if title_only else "{folded_title folded_body}"
    folded = f"{columns} : (" + " AND ".join(clauses) + ")"
    if prefix_last or title_only or not terms.exact:
        return folded
    exact = " AND ".join(_fts_phrase((t,)) for t in terms.exact)
    return f"({folded}) OR (exact_text : ({exact}))"


def _ts_phrase(phrase, weights="", prefix=False):
    suffix = ":" + ("*" if prefix else "") + weights if (weights or prefix) else ""
    return " <-> ".join(f"{token}{suffix}" for token in phrase)


def tsquery_expression(terms, prefix_last=False, weights=""):
    """to_tsquery text for `terms` (tokens are letters/digits only, operators are ours)."""
    parts = []
    for i, clause in enumerate(terms.clauses):
        prefix = prefix_last and i == len(terms.clauses) - 1 and len(clause) == 1
        alts = [_ts_phrase(p, weights, prefix) for p in clause]
        parts.append(alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")")
    return " & ".join(parts)


def _exact_tsquery(terms):
    return " & ".join(terms.exact) or tsquery_expression(terms)


def fts5_clause(clause):
    """FTS5 MATCH text for one clause: any of its alternatives in the folded columns."""
    return "{folded_title folded_body} : (" + " OR ".join(_fts_phrase(p) for p in clause) + ")"


def fts5_any(terms):
    """FTS5 MATCH text matching any alternative of any clause, or any exact word: what bm25
    ranks in the relaxed pass (exact diacritics add to the score)."""
    alternatives = [_fts_phrase(p) for clause in terms.clauses for p in clause]
    expression = "{folded_title folded_body} : (" + " OR ".join(alternatives) + ")"
    if terms.exact:
        exact = " OR ".join(_fts_phrase((t,)) for t in terms.exact)
        expression = f"({expression}) OR (exact_text : ({exact}))"
    return expression


def tsquery_any(terms):
    parts = [_ts_phrase(p) for clause in terms.clauses for p in clause]
    return " | ".join(f"({p})" for p in parts)


# --- SQL building ------------------------------------------------------------------------
class _Sql:
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
            expression = " | ".join(f"({_ts_phrase(p)})" for p in terms.clauses[i])
            if alias == "e":
                sql = "e.search_vector @@ to_tsquery('simple', %s)"
            else:
                sql = (
                    f"{alias}.page_id IN (SELECT page_id FROM search_searchentry "
                    "WHERE search_vector @@ to_tsquery('simple', %s))"
                )
            params = [expression]
        for facet, values in terms.facets[i].items():
            marks = ", ".join(["%s"] * len(values))
            sql += (
                f" OR {alias}.page_id IN (SELECT f.page_id FROM search_searchfacetvalue f "
                f"WHERE f.facet = %s AND f.value IN ({marks}))"
            )
            params += [facet, *values]
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
            expression = " | ".join(f"({_ts_phrase(p)})" for c in clauses for p in c)
            if alias == "e" and not facets:
                # On the row itself, so the planner reads the GIN index for these rows.
                return "e.search_vector @@ to_tsquery('simple', %s)", [expression]
            selects = [
                "SELECT page_id FROM search_searchentry "
                "WHERE search_vector @@ to_tsquery('simple', %s)"
            ]
            params = [expression]
        for facet, values in facets:
            marks = ", ".join(["%s"] * len(values))
            selects.append(
                "SELECT f.page_id FROM search_searchfacetvalue f "
                f"WHERE f.facet = %s AND f.value IN ({marks})"
            )
            params += [facet, *values]
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
            placeholders = ", ".join(["%s"] * len(values))
            # Uncorrelated: evaluated once into a set, not once per candidate row.
            sql.append(
                f"{column} IN (SELECT f.page_id FROM search_searchfacetvalue f "
                f"WHERE f.facet = %s AND f.value IN ({placeholders}))"
            )
            params.extend([facet, *values])
        return sql, params

    def where(self, alias="e", skip=None, use_text=True):
        base_sql, base_params = self.base(alias, use_text)
        filter_sql, filter_params = self.filters(alias, skip)
        return " AND ".join(base_sql + filter_sql), base_params + filter_params

    def text_matches(self):
        """(sql, params): SELECT of the page ids the text matches (no facet filter).

        Counting a text query starts from these rows, so its cost follows the matches, not
        the table. They are the narrow `kind` rows of the facet table (each text condition is
        one id list from FTS5 or the GIN index), except for PostgreSQL's per-clause
        conditions: those are tested on the candidate entry's own tsvector, since one id list
        per clause would read every document holding a common word."""
        if self.vendor == "sqlite" or not self.per_clause:
            where, params = self.base("k")
            sql = "SELECT k.page_id FROM search_searchfacetvalue k WHERE k.facet = %s AND "
            return sql + " AND ".join(where), [KIND_FACET, *params]
        where, params = self.base("e")
        return "SELECT e.page_id FROM search_searchentry e WHERE " + " AND ".join(where), params


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
        sql = _Sql(vendor, query, terms, relaxed)
        if terms.empty:
            where, params = sql.where("v")
            total = _rows(
                f"SELECT COUNT(*) FROM search_searchfacetvalue v WHERE v.facet = %s AND {where}",
                [KIND_FACET, *params],
            )[0][0]
            counts = self._facet_counts(sql)
        else:
            total, counts = self._text_counts(sql)
        offset = (query.page - 1) * query.page_size
        hits = []
        if total > offset:
            hits = self._hits(sql, query, terms, offset)
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
        elif sql.match:
            # Every exact (diacritic) word present outranks any folded-only match.
            text = (
                "SELECT e.page_id, e.data, ts_rank(e.search_vector, to_tsquery('simple', %s)) "
                "+ (e.search_vector @@ to_tsquery('simple', %s))::int AS score "
                f"FROM search_searchentry e WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
            )
            rows = _rows(
                text, [sql.match, _exact_tsquery(terms), *params, query.page_size, offset]
            )
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
        if sql.vendor == "sqlite":
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
            rank_params = []
        else:
            rank = (
                "ts_rank(e.search_vector, to_tsquery('simple', %s)) "
                "+ (e.search_vector @@ to_tsquery('simple', %s))::int"
            )
            rank_params = [tsquery_any(terms), _exact_tsquery(terms)]
            join, join_params = "", []
        text = (
            f"SELECT e.page_id, e.data, {covered} * 10 + {rank} AS score, "
            f"{', '.join(flags)} FROM search_searchentry e {join} "
            f"WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        rows = _rows(
            text,
            [
                *covered_params,
                *rank_params,
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

    @staticmethod
    def _groups(sql):
        """[(facet counted without its own filter or None, [facets])]: unfiltered facets count
        under every filter, each filtered one under the others only."""
        filtered = [f for f in FACETS if f in sql.query.filters]
        groups = [(None, [f for f in FACETS if f not in filtered])]
        return [g for g in groups if g[1]] + [(f, [f]) for f in filtered]

    @staticmethod
    def _top(counts):
        for facet, values in counts.items():
            top = sorted(values.items(), key=lambda item: -item[1])[: facet_size(facet)]
            counts[facet] = dict(top)
        return counts

    def _facet_counts(self, sql):
        """Browsing: {facet: {value: count}}, one pass over the facet index per group."""
        counts = {}
        for skip, facets in self._groups(sql):
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
        for skip, facets in self._groups(sql):
            filters, filter_params = sql.filters("t", skip=skip)
            placeholders = ", ".join(["%s"] * len(facets))
            parts.append(
                f"SELECT v.facet, v.value, COUNT(*) FROM t {join} search_searchfacetvalue v "
                f"ON v.page_id = t.page_id WHERE v.facet IN ({placeholders}) "
                f"{''.join(' AND ' + f for f in filters)} GROUP BY v.facet, v.value"
            )
            params += [*facets, *filter_params]
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
        entry = SearchEntry.objects.filter(page_id=page.pk).exclude(kind="").first()
        if entry is None:
            return []
        doc = entry.data
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
