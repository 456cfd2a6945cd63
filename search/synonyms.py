"""Synonyms editors can extend (GDTX ↔ giáo dục thường xuyên, TA ↔ Tiếng Anh, …).

They are applied when a query is parsed, identically for both backends: "thpt" becomes
(thpt OR "trung hoc pho thong"). Query-time expansion means an editor's change takes effect
at once, with no reindex and no analyser reload (the Elasticsearch server used here has no
synonym filters at all: see analysis.py). The list lives in `SearchSynonym` rows (a snippet);
`SEED_SYNONYMS` is what the data migration loads. Query terms (terms.py) use this module; it
uses only the tokenizer below it (normalise.py) and its model.
"""

from search import cache
from search.models import SearchSynonym
from search.normalise import folded_tokens
from search.repair.abbreviations import ABBREVIATIONS

SEED_SYNONYMS = [
    "GDTX, giáo dục thường xuyên",
    "GDNN, giáo dục nghề nghiệp",
    "THCS, trung học cơ sở",
    "THPT, trung học phổ thông",
    "CNTT, công nghệ thông tin",
    "TA, Tiếng Anh",
    "GDCD, giáo dục công dân",
    "KHTN, khoa học tự nhiên",
    "GDQP, GDQPAN, giáo dục quốc phòng và an ninh",
    "GDKTPL, giáo dục kinh tế và pháp luật",
    "XMC, xóa mù chữ",
    "TTHTCĐ, trung tâm học tập cộng đồng",
    "KNS, kỹ năng sống",
    "địa lí, địa lý",
    "vật lí, vật lý",
    "kĩ năng, kỹ năng",
    "bài giảng điện tử, e-learning, elearning",
    *ABBREVIATIONS,
]

MAX_PHRASE_TOKENS = 8
CACHE_SECONDS = 30  # other processes see an editor's change within this delay

CACHE_KEY = "synonym-groups"


def parse_terms(line):
    """Folded token tuples of one comma-separated synonym line; empty terms dropped."""
    phrases = []
    for term in str(line or "").split(","):
        phrase = tuple(folded_tokens(term))[:MAX_PHRASE_TOKENS]
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases


def invalidate():
    """Called when a SearchSynonym is saved or deleted (signals.py)."""
    cache.invalidate(CACHE_KEY)


def get_synonym_groups():
    """Groups of equivalent folded phrases, from the database, cached for a few seconds."""
    return cache.cached(CACHE_KEY, CACHE_SECONDS, _load_groups)


def _load_groups():
    lines = SearchSynonym.objects.values_list("terms", flat=True)
    return [group for group in map(parse_terms, lines) if len(group) > 1]


def phrase_index(groups):
    """{first folded token: [(phrase, group)]} for finding synonym phrases in a query."""
    index = {}
    for group in groups:
        for phrase in group:
            index.setdefault(phrase[0], []).append((phrase, group))
    return index


def longest_at(folded, i, index):
    """(phrase, group) of the longest synonym phrase starting at folded[i], or None.

    `index` is `phrase_index(groups)`; parse_query (search.terms) calls this at each position.
    """
    best = None
    for phrase, group in index.get(folded[i], ()):
        if tuple(folded[i : i + len(phrase)]) == phrase and (
            best is None or len(phrase) > len(best[0])
        ):
            best = (phrase, group)
    return best
