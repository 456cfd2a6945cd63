"""Facet labels and ordering, shared by both backends (InvenioRDM `services/facets.py`).

Documents carry the URL value of each facet (slug, grade number, language code, year); the
Vietnamese label comes from the vocabulary at query time, so a renamed term shows its new name
in facets at once. Labels are cached for a few seconds and dropped when a term is saved.
"""

from django.utils.translation import gettext as _

from content_models.choices import Language
from content_models.models import (
    Centre,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
    grade_label,
)
from search import cache
from search.types import FACETS, FacetValue

CACHE_SECONDS = 30
# How many values each facet aggregation returns at most.
FACET_SIZES = {"centre": 100, "province": 40, "subject": 50}
DEFAULT_FACET_SIZE = 30

CACHE_KEY = "facet-labels"
# Lazy labels, outside the cached table (unpickling them on every read cost milliseconds):
# each request reads them in its own language.
LANGUAGES = {str(code): label for code, label in Language.choices}


def invalidate():
    cache.invalidate(CACHE_KEY)


def _load_labels():
    def slugs(model):
        return dict(model.objects.values_list("slug", "name"))

    return {
        "level": slugs(ProgrammeLevel),
        "subject": slugs(Subject),
        "type": slugs(ResourceType),
        "licence": slugs(Licence),
        "centre": slugs(Centre),
        "province": slugs(Province),
        "_order": {"level": {s: i for i, s in enumerate(slugs(ProgrammeLevel))}},
    }


def labels():
    return cache.cached(CACHE_KEY, CACHE_SECONDS, _load_labels)


def label_for(facet, value, table=None):
    """The label of one facet value; `table` is `labels()` when the caller already has it."""
    if facet == "grade":
        return grade_label(value)
    if facet == "reusable":
        return _("Cho phép phái sinh") if value == "1" else _("Không cho phép phái sinh")
    if facet == "year":
        return str(value)
    if facet == "language":
        return str(LANGUAGES.get(value, value))
    return str((table or labels()).get(facet, {}).get(value, value))


def _sort_key(facet, order):
    if facet == "grade":
        return lambda fv: (int(fv.value) if fv.value.isdigit() else 99, fv.value)
    if facet == "year":
        return lambda fv: -int(fv.value) if fv.value.isdigit() else 0
    if facet == "level":
        return lambda fv: (order.get(fv.value, 999), fv.label)
    return lambda fv: (-fv.count, fv.label)


def build_facets(counts, filters):
    """{facet: [FacetValue]} from {facet: {value: count}}; selected values always listed."""
    table = labels()
    order = table["_order"].get("level", {})
    result = {}
    for facet in FACETS:
        values = dict(counts.get(facet, {}))
        selected = set(filters.get(facet, ()))
        for value in selected:
            values.setdefault(value, 0)
        items = [
            FacetValue(value=v, label=label_for(facet, v, table), count=c, selected=v in selected)
            for v, c in values.items()
            if v not in (None, "")
        ]
        items.sort(key=_sort_key(facet, order))
        result[facet] = items
    return result


def facet_size(facet):
    return FACET_SIZES.get(facet, DEFAULT_FACET_SIZE)


def facet_values(document):
    """(facet, value) pairs of a document, for the database's facet table."""
    pairs = []
    for facet in FACETS:
        value = document.get(facet)
        values = value if isinstance(value, list) else [value]
        pairs.extend((facet, str(v)) for v in values if v not in (None, ""))
    return pairs
