"""Backups: the database and the media files in one archive, restored whole.

`manage.py backup` writes a tar archive holding `manifest.json` (what was saved, when, from
which database engine, the SHA-256 of every media file, counts to check a restore against),
the database (`pg_dump` custom format on PostgreSQL, an online copy of the file on SQLite)
and the media files. `manage.py restore` checks every checksum before touching anything,
loads the database into an empty one, puts the files in MEDIA_ROOT and rebuilds the search
indices from the restored database (indices are derived data and are not saved).
See docs/operations.md#backups.
"""
