"""Writes to the database full-text table (SearchEntry + SearchFacetValue), fed by the outbox.

`apply_documents` is last-write-wins by version: each write carries the outbox row id it
answers (or the rebuild's snapshot id), and a stored entry with a higher version is left alone
(docs/faults.md row 18). A None document leaves a tombstone (kind "", no text, no facets) holding
the version, so an older write arriving after a delete cannot bring the page back.
"""

import json
import re

from django.db import connection, transaction
from django.utils.dateparse import parse_datetime

from search.facets import facet_values
from search.models import SearchEntry, SearchFacetValue

WORD_RE = re.compile(r"[^\W_]+")
TOMBSTONE = ""  # SearchEntry.kind of a deleted page; every query filters on kind

# Stored in SearchEntry.data: everything a hit and a snippet need, none of the folded text.
FOLDED_KEYS = ("title_folded", "summary_folded", "tags_folded", "content_folded")


def entry_from_document(doc, version):
    data = {k: v for k, v in doc.items() if k not in FOLDED_KEYS}
    folded_body = " ".join(doc["content_folded"])  # the title too; bm25 weighs its column again
    exact = " ".join([doc["title"], doc["summary"], " ".join(doc["keywords"])]).lower()
    return SearchEntry(
        page_id=doc["page_id"],
        kind=doc["kind"],
        version=version,
        folded_title=doc["title_folded"],
        folded_body=folded_body,
        exact_text=exact,
        first_published_at=parse_datetime(doc["first_published_at"])
        if doc.get("first_published_at")
        else None,
        view_count=doc.get("view_count") or 0,
        expire_at=parse_datetime(doc["expire_at"]) if doc.get("expire_at") else None,
        data=data,
    )


ENTRY_COLUMNS = ("page_id", "kind", "version", "folded_title", "folded_body", "exact_text",
                 "first_published_at", "view_count", "expire_at", "data")  # fmt: skip
FACET_COLUMNS = ("page_id", "facet", "value", "kind", "expire_at")


@transaction.atomic
def apply_documents(documents, versions):
    """Write {page_id: document or None} at `versions` {page_id: version}; returns ids written.

    Rows are written with executemany rather than bulk_create: a rebuild writes ~11 rows per
    lesson and the ORM's per-object work was most of the time.
    """
    ids = list(documents)
    if not ids:
        return []
    stored = dict(SearchEntry.objects.filter(page_id__in=ids).values_list("page_id", "version"))
    writable = [pk for pk in ids if stored.get(pk, -1) <= versions[pk]]
    if not writable:
        return []
    SearchFacetValue.objects.filter(entry_id__in=writable)._raw_delete(connection.alias)
    SearchEntry.objects.filter(page_id__in=writable)._raw_delete(connection.alias)
    entries, facets = [], []
    for pk in writable:
        doc = documents[pk]
        if doc is None:
            entries.append(SearchEntry(page_id=pk, kind=TOMBSTONE, version=versions[pk]))
            continue
        entry = entry_from_document(doc, versions[pk])
        entries.append(entry)
        facets.extend(
            (pk, facet, value[:255], entry.kind, entry.expire_at)
            for facet, value in [("kind", doc["kind"]), *facet_values(doc)]
        )
    _insert(SearchEntry._meta.db_table, ENTRY_COLUMNS, [_entry_row(e) for e in entries])
    _insert(SearchFacetValue._meta.db_table, FACET_COLUMNS, [_facet_row(f) for f in facets])
    if connection.vendor == "postgresql":
        _add_words(entries)
    return writable


def _add_words(entries):
    """PostgreSQL's vocabulary for typo candidates (search/vocabulary.py); SQLite reads FTS5's."""
    words = set()
    for entry in entries:
        words.update(WORD_RE.findall(f"{entry.folded_title} {entry.folded_body}"))
    words = sorted(w for w in words if len(w) <= 64)
    with connection.cursor() as cursor:
        for start in range(0, len(words), 5000):
            cursor.execute(
                "INSERT INTO search_searchword (word) SELECT unnest(%s::text[]) "
                "ON CONFLICT DO NOTHING",
                [words[start : start + 5000]],
            )


def _datetime(value):
    return connection.ops.adapt_datetimefield_value(value) if value else None


def _entry_row(entry):
    return (
        entry.page_id,
        entry.kind,
        entry.version,
        entry.folded_title,
        entry.folded_body,
        entry.exact_text,
        _datetime(entry.first_published_at),
        entry.view_count,
        _datetime(entry.expire_at),
        json.dumps(entry.data, ensure_ascii=False),
    )


def _facet_row(row):
    pk, facet, value, kind, expire_at = row
    return (pk, facet, value, kind, _datetime(expire_at))


def _insert(table, columns, rows, batch=500):
    marks = ["%s"] * len(columns)
    if connection.vendor == "postgresql" and columns[-1] == "data":
        marks[-1] = "%s::jsonb"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(marks)})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start : start + batch])


def live_entries():
    return SearchEntry.objects.exclude(kind=TOMBSTONE)


def clear():
    """Empty the table (the FTS index follows through its triggers)."""
    with transaction.atomic():
        SearchFacetValue.objects.all().delete()
        SearchEntry.objects.all().delete()


def stored_ids():
    return set(live_entries().values_list("page_id", flat=True))


def purge_tombstones(up_to_version):
    """Tombstones no older write can beat any more (after a rebuild at `up_to_version`)."""
    return SearchEntry.objects.filter(kind=TOMBSTONE, version__lte=up_to_version).delete()[0]
