"""What the search room keeps in memory between requests, reset between tests (the circuit
breaker, the index check, the Elasticsearch check, the facet and synonym caches)."""

from search import facets, synonyms
from search.backends.elasticsearch import backend as elastic
from search.backends.elasticsearch import index as es_index
from search.service import breaker


def reset_search_state():
    breaker.reset()
    es_index.invalidate_check()
    elastic._verified["ok"] = False
    facets.invalidate()
    synonyms.invalidate()
