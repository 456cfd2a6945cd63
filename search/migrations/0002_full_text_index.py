"""The full-text index over SearchEntry, per database vendor.

SQLite: an FTS5 table with external content (the text lives once, in search_searchentry) and
triggers keeping it in step in the same transaction; the tokenizer keeps diacritics because the
text is folded before it is stored (`exact_text` keeps them for ranking). PostgreSQL: a
generated tsvector column (title A, body B, exact C) with a GIN index, queried with
`to_tsquery('simple', …)` built from sanitised tokens. Other vendors get no index and the
database backend refuses to search there.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        folded_title, folded_body, exact_text,
        content='search_searchentry', content_rowid='page_id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3')""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, folded_title, folded_body, exact_text)
        VALUES (new.page_id, new.folded_title, new.folded_body, new.exact_text);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, folded_title, folded_body, exact_text)
        VALUES ('delete', old.page_id, old.folded_title, old.folded_body, old.exact_text);
    END""",
    """CREATE TRIGGER search_fts_au
        AFTER UPDATE OF folded_title, folded_body, exact_text ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, folded_title, folded_body, exact_text)
        VALUES ('delete', old.page_id, old.folded_title, old.folded_body, old.exact_text);
        INSERT INTO search_fts(rowid, folded_title, folded_body, exact_text)
        VALUES (new.page_id, new.folded_title, new.folded_body, new.exact_text);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, folded_title), 'A')
            || setweight(to_tsvector('simple'::regconfig, folded_body), 'B')
            || setweight(to_tsvector('simple'::regconfig, exact_text), 'C')
        ) STORED""",
    "CREATE INDEX search_entry_vector ON search_searchentry USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_outbox_synonyms_database_table")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
