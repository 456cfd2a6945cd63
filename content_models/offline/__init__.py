"""Offline packs: live, public lessons as a static site in a ZIP or a ZIM file for Kiwix.

`sources.py` finds the lessons of a collection, course or centre library; `builder.py` turns
them into the pack's files; `writers.py` writes those files as a ZIP or a ZIM; `models.py`
keeps built packs, `signals.py` marks them stale, `tasks.py` builds them in the background.
See docs/offline-packs.md.
"""
