"""PostgreSQL: keep `search_vector` inside the row (storage MAIN) instead of in TOAST.

Under the default storage (EXTENDED) the row (folded text, JSON data, vector: ~3.5 kB) is over
the TOAST threshold, and the vector was among the values moved out of line: every `@@` test
of a row the GIN index could not settle (phrases, weights), every `ts_rank` and every
sequential scan fetched and reassembled it from the TOAST table. MAIN makes PostgreSQL move
the other wide columns out first, so the vector (~1.5 kB) stays in the heap row. The UPDATE
rewrites the stored rows under the new storage (a rebuild would too). See docs/search.md,
"Benchmark".
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE MAIN",
    "UPDATE search_searchentry SET folded_title = folded_title",
]
BACKWARD = ["ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE EXTENDED"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_facet_entry_value_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
