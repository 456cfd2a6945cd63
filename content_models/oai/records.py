"""Keeping `OaiRecord` rows in step with the pages they describe.

`refresh(ids)` is the one operation: for each page id it reads the page as it is now and
writes its row: a fresh datestamp, its sets, and `deleted` when the page is gone, unpublished
or private. A page that never was public gets no row at all, so nothing of a draft is ever
named. When a page appears or disappears (first publication, republication, unpublication,
deletion, a view restriction), the records that link to it change too: a course's or a
collection's parts, a remix's original. Their rows get a fresh datestamp in the same call
(`referrers`, from Wagtail's reference index), so an incremental harvest sees them. The
signal handlers call it for whatever a change touches; `sync_oai_records` (management command)
calls `reconcile()` after rows were written behind Wagtail's back (bulk loads, the benchmark's
generator, a restore from before this table existed).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, ReferenceIndex

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
def refresh(ids, datestamps=None, cascade=True):
    """Write the rows of the pages `ids` (lessons, courses, collections; others ignored).

    Every written row gets the current second as its datestamp, unless `datestamps` gives
    one for its page id. With `cascade`, the records linking to a page that appeared or
    disappeared are rewritten too (one level: their own visibility does not change).
    """
    ids = sorted(set(ids))
    now, datestamps = now_seconds(), datestamps or {}
    appeared_or_gone = []
    for start in range(0, len(ids), CHUNK):
        appeared_or_gone += _refresh_chunk(ids[start : start + CHUNK], now, datestamps)
    if cascade and appeared_or_gone:
        refresh(referrers(appeared_or_gone) - set(ids), cascade=False)


def referrers(ids):
    """Ids of the pages that link to the pages `ids`: the courses listing them in a unit, the
    collections holding them, the remixes based on them.

    Read from Wagtail's reference index (as the page's "usage" and the API's `isPartOf`), which
    records page choosers in StreamFields and foreign keys alike. It is brought up to date by a
    task after each save, so a container saved seconds before (while the worker has not yet
    run) can be missed; see docs/interfaces.md.
    """
    page_type = ContentType.objects.get_for_model(Page)
    found = set()
    ids = [str(pk) for pk in set(ids)]
    for start in range(0, len(ids), CHUNK):
        found.update(
            int(pk)
            for pk in ReferenceIndex.objects.filter(
                to_content_type=page_type,
                to_object_id__in=ids[start : start + CHUNK],
                base_content_type=page_type,
            ).values_list("object_id", flat=True)
        )
    return found


def _refresh_chunk(ids, now, datestamps):
    """Write the rows of one chunk; returns the ids of the pages that appeared or vanished."""
    visible = public_kinds(ids)
    rows = OaiRecord.objects.in_bulk(ids, field_name="page_id")
    by_kind = {}
    for pk, kind in visible.items():
        by_kind.setdefault(kind, []).append(pk)
    pages = {}
    for kind, kind_ids in by_kind.items():
        pages.update(_load(kind, kind_ids))
    changed, created, appeared_or_gone = [], [], []
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
                appeared_or_gone.append(pk)
                continue
            if row.deleted:
                appeared_or_gone.append(pk)
            row.kind, row.deleted, row.set_specs = kind, False, specs
        elif row is None or row.deleted:
            continue  # never public, or already withdrawn: nothing new to tell
        else:
            row.deleted = True  # keeps its last sets, so set-wise harvests learn of it
            appeared_or_gone.append(pk)
        row.datestamp = datestamp
        changed.append(row)
    OaiRecord.objects.bulk_create(created)
    OaiRecord.objects.bulk_update(changed, ["kind", "deleted", "set_specs", "datestamp"])
    return appeared_or_gone


def withdraw(page_id, linking=()):
    """The page is deleted: its row becomes a tombstone (if it ever was public), and the
    records `linking` to it (`referrers`, noted before the delete removed the references)
    are rewritten without it."""
    withdrawn = OaiRecord.objects.filter(page_id=page_id, deleted=False).update(
        deleted=True, datestamp=now_seconds()
    )
    if withdrawn:
        refresh(set(linking) - {page_id}, cascade=False)


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
    # Pages recorded late are dated at their publication, and so are the records linking to
    # them: no cascade. Rows whose page is gone are news, and so are their containers.
    refresh(missing, stamps, cascade=False)
    refresh(gone)
    return len(missing), len(gone)
