"""Search backends behind `search.service.SearchService`, one package each.

elasticsearch/  backend.py (queries: search, autocomplete, related), index.py (index
                operations: create, check, bulk-write, alias swap, server version)
database/       backend.py (the same queries on our folded full-text table), store.py
                (writes to that table)

Each backend's `backend.py` answers the service; `index.py` / `store.py` are written by the
indexer and the rebuilds. The two packages never import each other; what both need lives
below them (querying.py, terms.py, facets.py, highlight.py). See docs/search.md.
"""
