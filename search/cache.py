"""Short-lived values search reads on every query and that change rarely: the editors'
synonyms, facet labels, the facet-name table, the Elasticsearch mapping check, word
frequencies.

One helper over Django's cache framework (the `search` alias in cms/settings, a per-process
local-memory cache) instead of a hand-rolled `{value, time}` dict per module. A value expires
after its `seconds`; a change that must show at once (a synonym or a taxonomy term saved, an
alias swapped) deletes its key through `invalidate` (search/signals.py). Being per process,
another worker sees a change within `seconds`. See docs/search-repair.md, "Speed".
"""

from django.core.cache import caches

ALIAS = "search"
_MISSING = object()


def _cache():
    return caches[ALIAS]


def cached(key, seconds, load):
    """The value under `key`, computed by `load()` and kept for `seconds` when absent."""
    value = _cache().get(key, _MISSING)
    if value is _MISSING:
        value = load()
        _cache().set(key, value, seconds)
    return value


def invalidate(*keys):
    """Forget `keys`: the next `cached` call computes them again."""
    _cache().delete_many(keys)
