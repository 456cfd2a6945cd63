"""The content API: read-only JSON of live, public lessons, courses, collections, centres,
provinces and vocabularies, as django-ninja routers.

`search/api.py` mounts `router` on the project's one NinjaAPI at `/api/v1/` (the search room
may import this room, never the reverse). Filters and cursors: `params.py`; conditional GET:
`conditional.py`; the limit on anonymous clients: `throttling.py`; the payloads:
`serializers.py` and `schemas.py`. See docs/interfaces.md.
"""
