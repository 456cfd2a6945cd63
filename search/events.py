"""Signals the search room sends for the rooms above it (cms listens; search imports no cms).

`catalogue_changed` is sent when what a search answers may have changed: after an outbox drain
that wrote documents (often in the task worker, well after the publish), after a rebuild, and
after an editor changed the synonyms. The anonymous page cache (cms/page_cache.py) starts a new
generation on it, so stored search pages never outlive the catalogue they were made from
(docs/operations.md, "Cached public pages"). Receivers must be cheap: the drain sends it once
per drain, not per document.

It lives in this leaf module, not in search/signals.py (the Wagtail and Django signal handlers),
because the indexer sits below signals.py in the import layers (pyproject.toml).
"""

from django.dispatch import Signal

# Sent with sender = the module that changed the catalogue; no arguments.
catalogue_changed = Signal()
