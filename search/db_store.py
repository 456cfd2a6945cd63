"""Writes to the database full-text table (SearchEntry + SearchFacetValue), fed by the outbox.

`apply_documents` is last-write-wins by version: each write carries the outbox row id it
answers (or the rebuild's snapshot id), and a stored entry with a higher version is left alone
(FAULTS.md row 18). A None document leaves a tombstone (kind "", no text, no facets) holding
the version, so an older write arriving after a delete cannot bring the page back.
"""

from django.db import transaction
from django.utils.dateparse import parse_datetime

from search.models import SearchEntry, SearchFacetValue
from search.querying import facet_values

TOMBSTONE = ""  # SearchEntry.kind of a deleted page; every query filters on kind

# Stored in SearchEntry.data: everything a hit and a snippet need, none of the folded text.
FOLDED_KEYS = (
    "title_folded",
    "summary_folded",
    "objectives_folded",
    "body_folded",
    "attachments_folded",
    "keywords_folded",
    "labels_folded",
)


def entry_from_document(doc, version):
    data = {k: v for k, v in doc.items() if k not in FOLDED_KEYS}
    folded_body = " ".join(
        [
            doc["summary_folded"],
            doc["objectives_folded"],
            " ".join(doc["keywords_folded"]),
            " ".join(doc["attachments_folded"]),
            doc["labels_folded"],
            doc["body_folded"],
        ]
    )
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


@transaction.atomic
def apply_documents(documents, versions):
    """Write {page_id: document or None} at `versions` {page_id: version}; returns ids written."""
    ids = list(documents)
    if not ids:
        return []
    stored = dict(SearchEntry.objects.filter(page_id__in=ids).values_list("page_id", "version"))
    writable = [pk for pk in ids if stored.get(pk, -1) <= versions[pk]]
    SearchFacetValue.objects.filter(entry_id__in=writable).delete()
    SearchEntry.objects.filter(page_id__in=writable).delete()
    entries, facets = [], []
    for pk in writable:
        doc = documents[pk]
        if doc is None:
            entries.append(SearchEntry(page_id=pk, kind=TOMBSTONE, version=versions[pk]))
            continue
        entries.append(entry_from_document(doc, versions[pk]))
        facets.extend(
            SearchFacetValue(entry_id=pk, facet=f, value=v[:255]) for f, v in facet_values(doc)
        )
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    SearchFacetValue.objects.bulk_create(facets, batch_size=2000, ignore_conflicts=True)
    return writable


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
