"""PostgreSQL: a text search (total, facet counts and the page of hits) in one statement.

The text is matched once: `t` holds every eligible candidate with its rank (for the rows the
facet filters keep) and, in the relaxed pass, one flag per clause (each clause's condition
evaluated once per row); `m` keeps the rows that match (every clause, or the relaxed pass's
coverage). The total, each facet group and the page of hits are then read from `m` with the
facet filters applied. Before, the counts and the hits were two statements that each matched
the text, tested every clause two or three times per row and ranked every match
(docs/search.md, "PostgreSQL text queries").

Same results as the former two statements: the same conditions, the same score expressions
(ts_rank plus the exact-diacritics bonus, plus ten times the weighted coverage when checked
per clause) and the same ORDER BY.
"""

from search.backends.database.expressions import exact_tsquery, tsquery_any

HIT = "#hit"  # the facet column of the hit rows (no facet is named so)
RANK = "ts_rank(e.search_vector, to_tsquery('simple', %s))"
BONUS = "(e.search_vector @@ to_tsquery('simple', %s))::int"  # every exact word present
RANK_SUM = "t.rank + t.bonus"  # the former `ts_rank(…) + (…)::int`, same types and order


def _rank(sql):
    """(rank sql, bonus sql, params): ts_rank and the exact-diacritics bonus, computed only
    for rows the facet filters keep (no other row can be a hit; NULL for the others)."""
    terms = sql.terms
    rank, bonus = RANK, BONUS
    query = sql.match if sql.match else tsquery_any(terms)
    params = [query, exact_tsquery(terms)]
    filters, filter_params = sql.filters("e")
    if filters:
        kept = " AND ".join(filters)
        rank = f"CASE WHEN {kept} THEN {rank} END"
        bonus = f"CASE WHEN {kept} THEN {bonus} END"
        params = [*filter_params, query, *filter_params, exact_tsquery(terms)]
    return rank, bonus, params


def _matched(sql, terms):
    """(t select, params, flag count, m condition, score expression over t).

    A strict query checked clause by clause needs no flags (a match holds every clause): its
    clauses are the WHERE, the rarest (the candidate bound) first. The relaxed pass flags
    each clause once per candidate row and keeps the rows covering enough of them."""
    kinds, params = sql.base("e", use_text=False)
    rank, bonus, rank_params = _rank(sql)
    select = (
        f"SELECT e.page_id, e.first_published_at, e.view_count, {rank} AS rank, {bonus} AS bonus"
    )
    n = len(terms.clauses)
    if not sql.per_clause:
        text, text_params = sql.text("e")
        where = " AND ".join([*kinds, *text])
        return select, where, [*rank_params, *params, *text_params], 0, "TRUE", RANK_SUM
    if not sql.relaxed:
        order = sql.bounding + [i for i in range(n) if i not in sql.bounding]
        conditions, condition_params = [], []
        for i in order:
            condition, clause_params = sql.clause("e", i)
            conditions.append(condition)
            condition_params += clause_params
        where = " AND ".join([*kinds, *conditions])
        # Every clause covered: the same numeric sum as the flags' CASEs would give.
        covered = " + ".join(f"{float(w)!r}" for w in terms.weights)
        score = f"({covered}) * 10 + t.rank + t.bonus"
        return select, where, [*rank_params, *params, *condition_params], 0, "TRUE", score
    flags, flag_params = [], []
    for i in range(n):
        condition, condition_params = sql.clause("e", i)
        flags.append(f", (CASE WHEN {condition} THEN 1 ELSE 0 END) AS f{i}")
        flag_params += condition_params
    candidates, candidate_params = sql.candidates("e")
    where = " AND ".join([*kinds, candidates])
    covered = " + ".join(f"t.f{i}" for i in terms.content_indices())
    condition = f"({covered}) >= {int(terms.required(sql.relaxed))}"
    coverage = " + ".join(
        f"(CASE WHEN t.f{i} = 1 THEN {float(terms.weights[i])!r} ELSE 0 END)" for i in range(n)
    )
    return (
        select + "".join(flags),
        where,
        [*rank_params, *flag_params, *params, *candidate_params],
        n,
        condition,
        f"({coverage}) * 10 + t.rank + t.bonus",
    )


def statement(sql, terms, order, page_size, offset):
    """(sql, params) of the whole search; `order` the ORDER BY over `e` (rewritten here over
    the matches `h`)."""
    select, where, params, n, condition, score = _matched(sql, terms)
    flags = "".join(f", t.f{i}" for i in range(n))
    nulls = "NULL::int, NULL::jsonb, NULL::float8, NULL::int[]"
    filters, filter_params = sql.filters("m")
    parts = [f"SELECT '', '', COUNT(*), {nulls} FROM m WHERE {' AND '.join(['TRUE', *filters])}"]
    params += filter_params
    selects, select_params = sql.facet_counts("m", columns=f", {nulls}")
    parts += selects
    params += select_params
    filters, filter_params = sql.filters("h")
    over = order.replace("e.", "h.")
    flag_array = "ARRAY[" + ", ".join(f"h.f{i}" for i in range(n)) + "]::int[]" if n else "NULL"
    parts.append(
        f"SELECT %s, '', row_number() OVER (ORDER BY {over}), h.page_id, e.data, "
        f"h.score::float8, {flag_array} FROM (SELECT * FROM m h "
        f"WHERE {' AND '.join(['TRUE', *filters])} ORDER BY {over} LIMIT %s OFFSET %s) h "
        "JOIN search_searchentry e ON e.page_id = h.page_id"
    )
    params += [HIT, *filter_params, page_size, offset]
    text = (
        f"WITH t AS MATERIALIZED ({select} FROM search_searchentry e WHERE {where}), "
        "m AS MATERIALIZED (SELECT t.page_id, "
        f"t.first_published_at, t.view_count, {score} AS score{flags} FROM t "
        f"WHERE {condition}) " + " UNION ALL ".join(parts)
    )
    return text, params


def read(rows):
    """(total, {facet: {value: count}}, [(data, score, flags or None)] in order)."""
    total, counts, hits = 0, {}, []
    for facet, value, count, _page_id, data, score, flags in rows:
        if facet == HIT:
            hits.append((count, data, score, flags))
        elif facet == "":
            total = count
        else:
            counts.setdefault(facet, {})[value] = count
    hits.sort(key=lambda hit: hit[0])
    return total, counts, [hit[1:] for hit in hits]
