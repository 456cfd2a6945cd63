"""Query words that name a facet value: a programme level, a resource type, a subject.

"video", "THCS" or "xóa mù chữ" in a query are about a facet more than about the text: the
parser lets such a clause be satisfied by the facet value (and ranks it up) instead of
requiring the words in the lesson's text. Programme levels and resource types are not in the
matched text at all (serializers keeps them for ranking only), so "phương trình" no longer
matches every "Chương trình …" level. Grades are handled by the number rules ("lớp 10").

Keys are folded phrases: a term's whole folded name, the parts of a name split at "/" or ",",
and its all-capital acronyms (THCS, THPT) when fewer than half the levels share them.
"""

import re

from content_models.models import ProgrammeLevel, ResourceType, Subject
from media.text import fold
from search import cache

CACHE_SECONDS = 60
ACRONYM_RE = re.compile(r"\b[A-ZĐ]{3,}\b")
TOKEN_RE = re.compile(r"[^\W_]+")
CACHE_KEY = "facet-names"


def _phrase(text):
    return tuple(TOKEN_RE.findall(fold(text)))


def _load():
    table = {}

    def add(phrase, facet, slug):
        if phrase:
            table.setdefault(phrase, {}).setdefault(facet, set()).add(slug)

    levels = list(ProgrammeLevel.objects.values_list("name", "slug"))
    acronyms = {}
    for name, slug in levels:
        add(_phrase(name), "level", slug)
        for acronym in set(ACRONYM_RE.findall(name)):
            acronyms.setdefault(_phrase(acronym), set()).add(slug)
        if name.startswith("Xóa mù chữ"):
            add(_phrase("Xóa mù chữ"), "level", slug)
    for phrase, slugs in acronyms.items():
        if len(slugs) * 2 < max(len(levels), 2):
            for slug in slugs:
                add(phrase, "level", slug)
    for name, slug in ResourceType.objects.values_list("name", "slug"):
        add(_phrase(name), "type", slug)
        for part in re.split(r"[/,]", name):
            add(_phrase(part), "type", slug)
    for name, slug in Subject.objects.values_list("name", "slug"):
        add(_phrase(name), "subject", slug)
    return {k: {f: tuple(sorted(v)) for f, v in facets.items()} for k, facets in table.items()}


def invalidate():
    cache.invalidate(CACHE_KEY)


def table():
    return cache.cached(CACHE_KEY, CACHE_SECONDS, _load)


def facets_named(phrases):
    """{facet: (values…)} named by any of the folded phrases."""
    found = {}
    names = table()
    for phrase in phrases:
        for facet, values in names.get(tuple(phrase), {}).items():
            found.setdefault(facet, set()).update(values)
    return {facet: tuple(sorted(values)) for facet, values in found.items()}
