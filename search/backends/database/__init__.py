"""The database backend: queries on our folded full-text table (backend.py) and the writes
that feed it (store.py)."""
