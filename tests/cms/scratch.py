"""A database of its own for a process the tests start (a worker, a restore).

A SQLite file in a temporary folder, or a new PostgreSQL database on the server the suite
runs on when DATABASE_URL names PostgreSQL; dropped afterwards.
"""

import contextlib
import os
import uuid


@contextlib.contextmanager
def scratch_database_url(folder):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{folder / f'scratch-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    import psycopg

    name = f"hlm_scratch_{uuid.uuid4().hex[:8]}"
    base = url.rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
