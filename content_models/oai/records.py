"""Keeping `OaiRecord` rows in step with the pages they describe.

`refresh(ids)` is the one operation: for each page id it reads the page as it is now and
writes its row: a fresh datestamp, its sets, and `deleted` when the page is gone, unpublished
or private. A page that never was public gets no row at all, so nothing of a draft is ever
named. The signal handlers call it for whatever a change touches; `sync_oai_records`
(management command) calls `reconcile()` after rows were written behind Wagtail's back
(bulk loads, the benchmark's generator, a restore from before this table existed).
"""

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from content_models.metadata.describe import KINDS, MODELS, public_kinds
from content_models.models.records import OaiRecord, RecordKind
from content_models.oai.sets import specs_for, stored

CHUNK = 500


def now_seconds():
    """The current time in UTC, truncated to the protocol's granularity (whole seconds)."""
    return timezone.now().replace(microsecond=0)


def _load(kind, ids):
    model = MODELS[kind]
    queryset = model.objects.filter(pk__in=ids)
    if kind != RecordKind.COLLECTION:
        queryset = queryset.select_related("licence", "centre__province").prefetch_related(
            "programme_levels", "subjects"
        )
    return queryset.in_bulk()


@transaction.atomic
def refresh(ids, datestamps=None):
    """Write the rows of the pages `ids` (lessons, courses, collections; others ignored).

    Every written row gets the current second as its datestamp, unless `datestamps` gives
    one for its page id.
    """
    ids = sorted(set(ids))
    now, datestamps = now_seconds(), datestamps or {}
    for start in range(0, len(ids), CHUNK):
        _refresh_chunk(ids[start : start + CHUNK], now, datestamps)


def _refresh_chunk(ids, now, datestamps):
    visible = public_kinds(ids)
    rows = OaiRecord.objects.in_bulk(ids, field_name="page_id")
    by_kind = {}
    for pk, kind in visible.items():
        by_kind.setdefault(kind, []).append(pk)
    pages = {}
    for kind, kind_ids in by_kind.items():
        pages.update(_load(kind, kind_ids))
    changed, created = [], []
    for pk in ids:
        row, page = rows.get(pk), pages.get(pk)
        datestamp = datestamps.get(pk) or now
        if page is not None:
            kind = visible[pk]
            specs = stored(specs_for(page, kind))
            if row is None:
                created.append(
                    OaiRecord(page_id=pk, kind=kind, datestamp=datestamp, set_specs=specs)
                )
                continue
            row.kind, row.deleted, row.set_specs = kind, False, specs
        elif row is None or row.deleted:
            continue  # never public, or already withdrawn: nothing new to tell
        else:
            row.deleted = True  # keeps its last sets, so set-wise harvests learn of it
        row.datestamp = datestamp
        changed.append(row)
    OaiRecord.objects.bulk_create(created)
    OaiRecord.objects.bulk_update(changed, ["kind", "deleted", "set_specs", "datestamp"])


def withdraw(page_id):
    """The page is being deleted: its row becomes a tombstone (if it ever was public)."""
    OaiRecord.objects.filter(page_id=page_id, deleted=False).update(
        deleted=True, datestamp=now_seconds()
    )


def subtree_ids(page):
    """Ids of the lessons, courses and collections at or below `page`."""
    types = list(KINDS)
    return list(
        Page.objects.descendant_of(page, inclusive=True).type(*types).values_list("pk", flat=True)
    )


def reconcile():
    """Rows for live public pages that lack one, tombstones for rows whose page is gone.

    Returns (created, withdrawn). Existing rows of visible pages keep their datestamps:
    only what differs is written, so a harvester is not sent the whole repository again.
    """
    types = list(KINDS)
    live_ids = set(
        Page.objects.live().public().type(*types).values_list("pk", flat=True).iterator()
    )
    known = dict(OaiRecord.objects.values_list("page_id", "deleted").iterator())
    missing = [pk for pk in live_ids if pk not in known or known[pk]]
    gone = [pk for pk, deleted in known.items() if not deleted and pk not in live_ids]
    # A new row is dated at its page's last publication, so a first sync does not look like
    # one big edit to harvesters.
    stamps = {}
    for start in range(0, len(missing), CHUNK):
        rows = Page.objects.filter(
            pk__in=missing[start : start + CHUNK], last_published_at__isnull=False
        )
        stamps.update(
            (pk, stamp.replace(microsecond=0))
            for pk, stamp in rows.values_list("pk", "last_published_at")
        )
    refresh(missing, stamps)
    refresh(gone)
    return len(missing), len(gone)
