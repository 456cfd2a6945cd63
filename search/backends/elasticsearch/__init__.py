"""The Elasticsearch backend: queries (backend.py) and index operations (index.py)."""
