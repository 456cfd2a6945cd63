"""Query terms: what a backend needs to match one free-text query, repaired and expanded.

`parse_query` is the one place raw query text becomes `QueryTerms`; both backends, the
autocomplete and the highlighter work from them. The pipeline reads one way (docs/search.md
and docs/search-repair.md):

    normalise (clean text, tokens) → repair (keystrokes, numbers, spelling, fillers, edits)
    → vocabulary (which words the index holds) → synonyms and facet names → QueryTerms

A typed word the index does not hold is replaced by its Telex/VNI reading or by the nearest
word of the index's vocabulary; the typed word stays as an alternative, so English words and
codes are never lost. Each clause also records the words as typed (to say which were not
found), a weight (question and filler words weigh little in the relaxed pass) and the facet
values that satisfy it ("video", "lớp 10", "THCS").
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from media.text import fold
from search import facet_names, vocabulary
from search.normalise import TOKEN_RE, Change, clean_text
from search.repair.fillers import filler_spans
from search.repair.keystrokes import convert
from search.repair.numbers import COUNTING_WORDS, counted_numbers, spellings
from search.repair.spelling import JOINED_RE, iy_variant
from search.synonyms import MAX_PHRASE_TOKENS, get_synonym_groups, longest_at, phrase_index
from search.types import MAX_QUERY_LENGTH

MAX_TOKENS = 24
MAX_TOKEN_LENGTH = 64
FILLER_WEIGHT = 0.2
# Passes of the query service (search/service.py): strict needs every word; relaxed most of
# the content words; loose half of them, only when relaxed found nothing.
STRICT, RELAXED, LOOSE = 0, 1, 2
GRADE_WORDS = {"lop", "khoi", "grade"}
QUOTE_RE = re.compile(r"[\"“”„«»]([^\"“”„«»]+)[\"“”„«»]")


@dataclass
class QueryTerms:
    """What a backend needs to match one free-text query.

    `clauses`: in the strict pass every clause must match; a clause matches when any of its
    alternatives does (or the document has one of `facets[i]`); an alternative is a tuple of
    folded tokens matched as a phrase. `words[i]`: the clause as typed; `weights[i]`: 1, or
    FILLER_WEIGHT for question and filler words; `fuzzy[i]`: a typed word the index does not
    hold, which Elasticsearch may match with edit distance in the relaxed pass.
    `exact`: unfolded tokens (after repair), used only to rank exact diacritics higher.
    `corrected`: the repaired query text when a word was repaired (the suggestion), else "".
    """

    text: str = ""
    clauses: list[list[tuple[str, ...]]] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    facets: list[dict] = field(default_factory=list)
    fuzzy: list[bool] = field(default_factory=list)
    corrected: str = ""

    def __post_init__(self):
        n = len(self.clauses)
        self.words = self.words or [" ".join(c[0]) for c in self.clauses]
        self.weights = self.weights or [1.0] * n
        self.facets = self.facets or [{} for _ in range(n)]
        self.fuzzy = self.fuzzy or [False] * n

    @property
    def empty(self):
        return not self.clauses

    @property
    def highlight_terms(self):
        """Folded words and phrases to mark in snippets: the query's own and its synonyms'."""
        terms = {" ".join(alt) for clause in self.clauses for alt in clause}
        return sorted(terms, key=len, reverse=True)

    @property
    def relaxable(self):
        """Whether a relaxed pass could find more: several words, or a fuzzy one."""
        return len(self.clauses) > 1 or any(self.fuzzy)

    def content_indices(self):
        """Clauses that count towards the relaxed pass's minimum (fillers only if all are)."""
        content = [i for i, w in enumerate(self.weights) if w >= 1]
        return content or list(range(len(self.clauses)))

    def required(self, level=RELAXED):
        """How many content clauses a relaxed pass requires. RELAXED: all of 1 or 2 (the pass
        then only adds typo tolerance), 2 of 3, 3 of 4 or 5, then 60 %. LOOSE (run only when
        the relaxed pass found nothing): half, at least 2."""
        n = len(self.content_indices())
        if n <= 2:
            return n
        if level >= LOOSE:
            return max(2, -(-n // 2))
        return max(2, -(-n * 3 // 5))


def _spans(text):
    """[(token, start, end)] of letters-and-digits words of `text`, at most MAX_TOKENS."""
    return [(m.group()[:MAX_TOKEN_LENGTH], m.start(), m.end()) for m in TOKEN_RE.finditer(text)][
        :MAX_TOKENS
    ]


def _joined_groups(text, spans):
    """{first token index: (count, joined folded token)} for hyphen/apostrophe words."""
    groups = {}
    for m in JOINED_RE.finditer(text):
        inside = [i for i, (_t, s, e) in enumerate(spans) if s >= m.start() and e <= m.end()]
        if len(inside) > 1:
            groups[inside[0]] = (len(inside), "".join(fold(spans[i][0]) for i in inside))
    return groups


def _extract_quotes(text):
    phrases = []
    for m in QUOTE_RE.finditer(text):
        phrase = tuple(t for t, _s, _e in _spans(fold(m.group(1))))[:MAX_PHRASE_TOKENS]
        if phrase:
            phrases.append((phrase, m.group(1).strip()))
    return phrases, QUOTE_RE.sub(" ", text)


def parse_query(text, synonym_groups=None, repair=True):
    """QueryTerms for raw user `text` (any length, any characters).

    `repair=False` gives the words as typed with synonyms only (no keystroke, typo, number,
    spelling or facet-word rules): the behaviour before the repair, for `evaluate_search
    --baseline`.
    """
    cleaned, changes = clean_text(text)
    messages = []
    if Change.TRUNCATED in changes:
        messages.append(
            _("Từ khóa quá dài; chỉ %(n)s ký tự đầu được dùng để tìm.") % {"n": MAX_QUERY_LENGTH}
        )
    quoted, rest = _extract_quotes(cleaned)
    spans = _spans(rest)
    typed = [t.casefold() for t, _s, _e in spans]
    folded = [fold(t) for t in typed]
    joined = _joined_groups(rest, spans)
    groups = get_synonym_groups() if synonym_groups is None else synonym_groups

    # Question and filler words are judged as typed (before any repair), and never repaired.
    fillers = filler_spans(typed, folded)
    exact, primary = list(typed), list(folded)
    extra = [[] for _ in folded]
    fuzzy = [False] * len(folded)
    repaired = False
    if repair and folded:
        conversions = {i: convert(t) for i, t in enumerate(typed) if t.isascii()}
        conversions = {i: c for i, c in conversions.items() if c}
        lookup = set(folded) | {fold(c) for c in conversions.values()}
        lookup |= {a + b for a, b in zip(folded, folded[1:], strict=False)}
        lookup |= {j for _n, j in joined.values()}
        known = vocabulary.known(lookup)
        for i, word in enumerate(folded):
            if word in known or word.isdigit() or len(word) < 2 or i in fillers:
                continue
            converted = conversions.get(i)
            if converted and (fold(converted) in known or not known):
                primary[i], exact[i] = fold(converted), converted
                extra[i].append((word,))
                repaired = True
                continue
            # A word typed with its diacritics was meant as typed, and one typed in capitals is
            # an acronym or code ("GDTC" is not a slip for "GDTX"): no typo candidates for them.
            as_typed = spans[i][0]
            guessable = as_typed.isascii() and not (len(as_typed) > 1 and as_typed.isupper())
            candidates = vocabulary.similar(word) if guessable else []
            if candidates:
                primary[i] = exact[i] = candidates[0]
                extra[i] += [(word,), *((c,) for c in candidates[1:])]
                repaired = True
            fuzzy[i] = guessable and word.isalpha() and len(word) >= 4
    else:
        known = {}

    terms = QueryTerms(text=cleaned, exact=exact, folded=primary, messages=messages)
    numbers = {start: (length, n) for start, length, n in counted_numbers(primary)}
    if not repair:
        numbers, joined = {}, {}
    synonyms_at = phrase_index(groups)

    def add(alternatives, start, length, facets=None):
        alternatives = list(dict.fromkeys(a for a in alternatives if a))
        phrases = facet_names.facets_named(alternatives) if repair else {}
        if facets:
            phrases.update(facets)
        terms.clauses.append(alternatives)
        terms.words.append(" ".join(t for t, _s, _e in spans[start : start + length]))
        is_filler = all(p in fillers for p in range(start, start + length)) and not phrases
        terms.weights.append(FILLER_WEIGHT if is_filler else 1.0)
        terms.facets.append(phrases)
        terms.fuzzy.append(length == 1 and fuzzy[start])

    i = 0
    while i < len(primary):
        word = primary[i]
        if word in COUNTING_WORDS and i + 1 in numbers:
            length, n = numbers[i + 1]
            heads = [(word,)] + ([(iy_variant(word),)] if iy_variant(word) else [])
            alternatives = [h + s for h in heads for s in spellings(n)]
            facets = {"grade": (str(n),)} if word in GRADE_WORDS and 1 <= n <= 12 else None
            add(alternatives, i, 1 + length, facets)
            i += 1 + length
            continue
        best = longest_at(primary, i, synonyms_at)
        if best:
            phrase, group = best
            add([phrase, *[p for p in group if p != phrase]], i, len(phrase))
            i += len(phrase)
            continue
        if i in joined:
            length, together = joined[i]
            add([tuple(primary[i : i + length]), (together,)], i, length)
            i += length
            continue
        if i + 1 < len(primary) and primary[i] + primary[i + 1] in known:
            pair = (primary[i], primary[i + 1])
            add([pair, (pair[0] + pair[1],)], i, 2)
            i += 2
            continue
        variant = iy_variant(word) if repair else None
        add([(word,), *extra[i], *([(variant,)] if variant else [])], i, 1)
        i += 1
    for phrase, typed_phrase in quoted:
        terms.clauses.append([phrase])
        terms.words.append(typed_phrase)
        terms.weights.append(1.0)
        terms.facets.append({})
        terms.fuzzy.append(False)
    if repaired:
        terms.corrected = " ".join([*exact, *(f'"{q}"' for _p, q in quoted)])
    return terms
