"""The Elasticsearch backend: text, filters, facets, sort, related, autocomplete.

Queries are built from `QueryTerms` (terms.py) as `match`/`multi_match`/`match_phrase`/
`match_bool_prefix` clauses: user text never reaches `query_string` or `simple_query_string`
(docs/faults.md row 10). Hits and counts are two searches of one `msearch`: the hits search applies
every facet filter; the counts search wraps each facet's aggregation in a filter holding every
*other* facet's filter (what a `post_filter` gives, without scoring), so counts stay right
while a facet is selected. Text matches on one catch-all field and is ranked on all fields in a
rescore of the best matches. Paging is capped at MAX_PAGE × PAGE_SIZE_MAX = 2,500 hits, far
inside the result window (row 13).
"""

import logging
import time
from datetime import UTC, datetime

from search.backends.elasticsearch.index import (
    SearchRequestFailed,
    check_compatibility,
    mapping_problems,
)
from search.documents import Q, Search, alias_name, get_client
from search.facets import build_facets, facet_size
from search.querying import hit_from_source, prepare, suggestion
from search.serializers import kind_of
from search.terms import STRICT, parse_query
from search.types import FACETS, KINDS, SearchResults

# Folded fields the relevance rescore ranks on (every word in one of them), with their boosts.
FOLDED_FIELDS = ["title_folded^5", "tags_folded^2.5", "summary_folded^2", "content_folded"]
MATCH_FIELD = "content_folded"
# Relevance: the best RESCORE_WINDOW matches of the cheap `match_query` are ranked again by
# `relevance_query` (all fields, boosts, exact diacritics, title phrase); deeper pages too.
RESCORE_WINDOW = 100
EXACT_FIELDS = ["title^3", "summary"]
HIT_SOURCE = [
    "page_id",
    "kind",
    "title",
    "url",
    "summary",
    "objectives",
    "body_excerpt",
    "level",
    "level_names",
    "subject_names",
    "grade",
    "type_name",
    "licence_name",
    "centre_name",
    "province_name",
    "first_published_at",
]
logger = logging.getLogger("hlm.search")
CACHE_SECONDS = 10
MLT_FIELDS = ["title_folded", "tags_folded", "summary_folded", "content_folded"]


# Typo tolerance of the relaxed pass: Elasticsearch's AUTO:4,8 (1 edit from 4 letters, 2 from
# 8), the first letter as typed, and a bounded number of expansions per word, so a hostile
# query of many long words stays cheap (docs/search-repair.md).
FUZZINESS = "AUTO:4,8"
MAX_EXPANSIONS = 10
FACET_BOOST = 2.0


def _text_alternative(phrase, field, fuzzy=False):
    if len(phrase) > 1:
        return Q("match_phrase", **{field: " ".join(phrase)})
    if fuzzy:
        return Q(
            "match",
            **{
                field: {
                    "query": phrase[0],
                    "fuzziness": FUZZINESS,
                    "prefix_length": 1,
                    "max_expansions": MAX_EXPANSIONS,
                }
            },
        )
    return Q("match", **{field: phrase[0]})


def _clause(terms, i, relaxed, name=None):
    """One clause: any text alternative, or any facet value it names."""
    fuzzy = relaxed and terms.fuzzy[i]
    should = [_text_alternative(p, MATCH_FIELD, fuzzy) for p in terms.clauses[i]]
    should += [facet_filter(f, v) for f, v in terms.facets[i].items()]
    if len(should) == 1 and not name:
        return should[0]
    extra = {"_name": name} if name else {}
    return Q("bool", should=should, minimum_should_match=1, **extra)


def match_query(terms, relaxed=False, named=False):
    """Which documents match, on the catch-all `content_folded`.

    Strict: every clause. Relaxed: `terms.required()` of the content clauses; question and
    filler words only add score. One posting list per query word (a few more for a fuzzy
    one), so a filtered or counting query over 100,000 lessons stays cheap; its BM25 score
    only picks the window that `relevance_query` then ranks. `named`: each clause carries a
    name so a hit says which clauses it matched (the words not found).
    """
    clauses = [
        _clause(terms, i, relaxed, f"c{i}" if named else None) for i in range(len(terms.clauses))
    ]
    if not relaxed:
        return Q("bool", must=clauses)
    content = terms.content_indices()
    others = [clauses[i] for i in range(len(clauses)) if i not in content]
    core = Q(
        "bool",
        should=[clauses[i] for i in content],
        minimum_should_match=terms.required(relaxed),
    )
    return Q(
        "bool", must=[core], should=[Q("constant_score", filter=o, boost=0.2) for o in others]
    )


def relevance_query(terms, relaxed=False):
    """bool: every clause (any alternative) in one of the folded fields, each with its boost;
    exact diacritics and the whole phrase in the title add score. Relaxed: each clause adds
    score by its weight instead of being required, so more words covered rank higher."""
    parts = []
    for i, clause in enumerate(terms.clauses):
        alternatives = []
        for phrase in clause:
            text = " ".join(phrase)
            if len(phrase) == 1:
                alternatives.append(
                    Q("multi_match", query=text, fields=FOLDED_FIELDS, tie_breaker=0.3)
                )
            else:
                alternatives.append(
                    Q("multi_match", query=text, fields=FOLDED_FIELDS, type="phrase")
                )
        alternatives += [
            Q("constant_score", filter=facet_filter(f, v), boost=FACET_BOOST)
            for f, v in terms.facets[i].items()
        ]
        part = (
            alternatives[0]
            if len(alternatives) == 1
            else Q("bool", should=alternatives, minimum_should_match=1)
        )
        if relaxed:
            part = Q("bool", should=[part], boost=terms.weights[i] * 3)
        parts.append(part)
    should = []
    if terms.exact:
        exact = " ".join(terms.exact)
        should.append(Q("multi_match", query=exact, fields=EXACT_FIELDS, type="most_fields"))
    if len(terms.folded) > 1:
        phrase = " ".join(terms.folded)
        should.append(Q("match_phrase", title_folded={"query": phrase, "slop": 1, "boost": 3}))
        should.append(Q("match_phrase", content_folded={"query": phrase, "slop": 2, "boost": 2}))
    if relaxed:
        return Q("bool", should=parts + should)
    return Q("bool", must=parts, should=should)


def base_filters(kinds, cacheable=False):
    """Kinds asked for, and never a page past its expiry (until the scheduler unpublishes it).

    `cacheable`: "now" rounded up to the next CACHE_SECONDS instead of Elasticsearch's `now`,
    which would keep the request out of the cache; a page then leaves the counts up to that
    many seconds before its expiry, never after.
    """
    if cacheable:
        step = CACHE_SECONDS
        now = datetime.fromtimestamp(-(-time.time() // step) * step, tz=UTC)
        limit = now.isoformat()
    else:
        limit = "now"
    return [Q("terms", kind=list(kinds)), ~Q("range", expire_at={"lte": limit})]


def facet_filter(facet, values):
    return Q("terms", **{facet: list(values)})


def _by_relevance(query, terms):
    return query.sort not in ("newest", "most_viewed") and not terms.empty


def _sort(query):
    """Field sorts; relevance is `_score` with a rescore instead (see `search`)."""
    newest = {"first_published_at": {"order": "desc", "missing": "_last"}}
    if query.sort == "most_viewed":
        return [{"view_count": {"order": "desc"}}, newest, {"page_id": "desc"}]
    return [newest, {"page_id": "desc"}]


def _msearch(*searches):
    """Several DSL searches in one request; raises like a search when any of them fails."""
    body = []
    for search in searches:
        body += [{"index": ",".join(search._index)}, search.to_dict()]
    responses = get_client().msearch(searches=body).body["responses"]
    for response in responses:
        if "error" in response:
            raise SearchRequestFailed(str(response["error"])[:500])
    return responses


def _run(search):
    """The request built with the DSL, answered as plain dicts (the DSL's response wrappers
    cost more than the rest of the Python side of a search)."""
    return get_client().search(index=search._index, body=search.to_dict()).body


_verified = {"ok": False}


def verify_server():
    """Once per process: refuse a server of another major (docs/faults.md row 20), log a mapping
    that differs from the code's (row 19: writes are refused by index.ready_indices)."""
    if _verified["ok"]:
        return
    client = get_client()
    check_compatibility(client)
    for _code, problem in mapping_problems(client):
        logger.error("search: %s", problem)
    _verified["ok"] = True


class ElasticsearchBackend:
    """SearchService backend answering from the `<prefix>lessons` / `<prefix>courses` aliases."""

    name = "elasticsearch"

    def _search(self, kinds=KINDS):
        verify_server()
        return Search(using=get_client(), index=[alias_name(kind) for kind in kinds])

    def search(self, query, relaxed=False, repair=True, terms=None):
        """Two searches in one `msearch` round trip.

        Hits: every facet filter applied in the query itself (so only matching lessons are
        scored), no total, and for relevance a rescore of the best RESCORE_WINDOW matches.
        Counts: size 0, text as a filter (no scoring) and one aggregation per group of facets;
        the total is the doc count of the bucket holding every filter. Being size 0 with a
        fixed time, the counts request is answered from the shard request cache when repeated
        (invalidated at each refresh), which keeps facet browsing cheap.
        """
        query, terms, messages = prepare(query, repair, terms)
        relaxed = int(relaxed) if terms.relaxable else STRICT
        text = match_query(terms, relaxed) if not terms.empty else Q("match_all")
        named = match_query(terms, relaxed, named=True) if not terms.empty else text
        filters = {f: facet_filter(f, v) for f, v in query.filters.items()}
        start = (query.page - 1) * query.page_size
        hits_search = (
            self._search(query.kinds)
            .query(
                Q(
                    "bool",
                    must=[named],
                    filter=[*base_filters(query.kinds), *filters.values()],
                )
            )
            .source(HIT_SOURCE)
            .extra(from_=start, size=query.page_size, track_total_hits=False)
        )
        if _by_relevance(query, terms):
            # Rescored hits keep their first score and add the second, so they stay above
            # the rest; Elasticsearch refuses a sort beside a rescore (ties: index order).
            window = max(RESCORE_WINDOW, start + query.page_size)
            hits_search = hits_search.extra(
                rescore={
                    "window_size": window,
                    "query": {"rescore_query": relevance_query(terms, relaxed).to_dict()},
                }
            )
        else:
            hits_search = hits_search.sort(*_sort(query))
        counts_search = self._search(query.kinds).query(
            Q("bool", filter=[text, *base_filters(query.kinds, cacheable=True)])
        )
        # Facets without a selection all count under every filter: one bucket holds them all
        # (its doc count is the total). Each selected facet counts under the others' filters
        # only: its own would hide the alternatives a visitor may add.
        groups = [("all", [f for f in FACETS if f not in filters], list(filters.values()))]
        groups += [(f, [f], [q for g, q in filters.items() if g != f]) for f in filters]
        for name, facets, others in groups:
            bucket = counts_search.aggs.bucket(
                f"f_{name}",
                "filter",
                filter=Q("bool", filter=others) if others else Q("match_all"),
            )
            for facet in facets:
                bucket.bucket(facet, "terms", field=facet, size=facet_size(facet))
        counts_search = counts_search.extra(size=0, track_total_hits=False)
        hits_response, counts_response = _msearch(hits_search, counts_search)
        aggregations = counts_response["aggregations"]
        counts = {}
        for name, facets, _others in groups:
            for facet in facets:
                buckets = aggregations[f"f_{name}"][facet]["buckets"]
                counts[facet] = {b["key"]: b["doc_count"] for b in buckets}
        hits = [
            hit_from_source(
                hit["_source"],
                terms,
                hit["_score"] if terms.clauses else None,
                matched={int(n[1:]) for n in hit.get("matched_queries", ()) if n[1:].isdigit()},
            )
            for hit in hits_response["hits"]["hits"]
        ]
        return SearchResults(
            terms=terms,
            relaxed=bool(relaxed),
            query=query,
            hits=hits,
            total=aggregations["f_all"]["doc_count"],
            facets=build_facets(counts, query.filters),
            backend=self.name,
            messages=messages,
        )

    def autocomplete(self, prefix, limit=8):
        terms = parse_query(prefix)
        limit = min(max(int(limit or 8), 1), 20)
        if terms.empty:
            return []
        s = self._search().query(
            Q(
                "bool",
                must=[Q("match_bool_prefix", title_folded=" ".join(terms.folded))],
                filter=base_filters(KINDS),
            )
        )
        s = s.sort("_score", {"view_count": "desc"}).source(["page_id", "kind", "title", "url"])
        response = _run(s.extra(size=limit))
        return [suggestion(hit["_source"], terms) for hit in response["hits"]["hits"]]

    def related(self, page, limit=6):
        """more_like_this on the page's stored document; the same programme level ranks first.

        Both the text and the level are read by Elasticsearch from the document it holds (a
        `like` document reference and a terms lookup), so nothing is re-serialized from the
        database; a page the index does not hold (draft, private…) relates to nothing.
        """
        limit = min(max(int(limit or 6), 1), 20)
        if not page.pk:
            return []
        kind = kind_of(page)
        stored = {"_index": alias_name(kind), "_id": str(page.pk)}
        same_level = Q(
            "terms",
            level={"index": alias_name(kind), "id": str(page.pk), "path": "level"},
            boost=5,
        )
        mlt = Q(
            "more_like_this",
            fields=MLT_FIELDS,
            like=[stored],
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=25,
            minimum_should_match="20%",
        )
        s = self._search().query(
            Q(
                "bool",
                must=[mlt],
                should=[same_level],
                filter=base_filters(KINDS),
                must_not=[Q("ids", values=[str(page.pk)])],
            )
        )
        response = _run(s.source(HIT_SOURCE).extra(size=limit))
        return [hit_from_source(h["_source"], None, h["_score"]) for h in response["hits"]["hits"]]
