"""Draining the outbox into the database table and Elasticsearch; state per target.

A drain takes pending rows in id order, re-reads every page they name from the database *now*
(so the latest state wins whatever order the rows came in, and a deleted page is deleted:
docs/faults.md row 18), writes the database table, bulk-writes Elasticsearch, and marks each row
done for each target only when that target confirmed it. A page Elasticsearch refused keeps
its row pending with the error and a growing delay (rows 16, 17). Writes carry the outbox row
id as an external version, so a slow writer with older state can never overwrite a newer one.
"""

import logging
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.db import DatabaseError
from django.utils import timezone

from search.backends.database import store as db_store
from search.backends.elasticsearch import index as es_index
from search.conf import elasticsearch_enabled
from search.events import catalogue_changed
from search.models import IndexState, OutboxEntry
from search.serializers import load_documents

logger = logging.getLogger("hlm.search")

BATCH_SIZE = 500
MAX_BACKOFF_SECONDS = 600
PUBLISH_CIRCUIT_SECONDS = 5  # after an Elasticsearch failure, publishes skip it this long
KEEP_DONE_DAYS = 7


@dataclass
class DrainReport:
    rows: int = 0
    pages: int = 0
    db_written: int = 0
    es_indexed: int = 0
    es_failed: int = 0
    es_skipped: bool = False
    errors: list[str] = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


def record(target, error=None):
    """Remember the outcome of the latest attempt for `target` (admin panel, status)."""
    now = timezone.now()
    if error:
        IndexState.objects.update_or_create(
            target=target, defaults={"last_error": str(error)[:2000], "last_error_at": now}
        )
    else:
        IndexState.objects.update_or_create(target=target, defaults={"last_success_at": now})


def state(target):
    return IndexState.objects.filter(target=target).first() or IndexState(target=target)


def elasticsearch_recently_failed(seconds=PUBLISH_CIRCUIT_SECONDS):
    es_state = state(IndexState.ELASTICSEARCH)
    return es_state.failing and es_state.last_error_at > timezone.now() - timedelta(
        seconds=seconds
    )


def drain(page_ids=None, batch_size=BATCH_SIZE, max_batches=None, after_commit=False, force=False):
    """Apply pending outbox rows; `force` ignores retry delays (the management command)."""
    report = DrainReport()
    use_es = elasticsearch_enabled()
    if use_es and after_commit and elasticsearch_recently_failed():
        use_es, report.es_skipped = False, True  # keep publishing fast while ES is down
    last_id, batches = 0, 0
    while max_batches is None or batches < max_batches:
        qs = OutboxEntry.objects.filter(done_at__isnull=True, id__gt=last_id)
        if not force:
            qs = qs.filter(next_attempt_at__lte=timezone.now())
        if page_ids is not None:
            qs = qs.filter(page_id__in=list(page_ids))
        rows = list(qs.order_by("id")[:batch_size])
        if not rows:
            break
        last_id = rows[-1].id
        batches += 1
        _process(rows, report, use_es)
    if batches:
        OutboxEntry.objects.filter(
            done_at__lt=timezone.now() - timedelta(days=KEEP_DONE_DAYS)
        ).delete()
    if report.db_written or report.es_indexed:
        catalogue_changed.send(sender=__name__)  # stored search pages are now stale
    return report


def _process(rows, report, use_es):
    versions = {}
    for row in rows:
        versions[row.page_id] = max(versions.get(row.page_id, 0), row.id)
    documents = load_documents(versions)
    report.rows += len(rows)
    report.pages += len(versions)
    errors = {}

    db_pages = {row.page_id for row in rows if row.pending_db}
    if db_pages:
        try:
            written = db_store.apply_documents(
                {pk: documents[pk] for pk in db_pages}, {pk: versions[pk] for pk in db_pages}
            )
            report.db_written += len(written)
            for row in rows:
                row.pending_db = False
            record(IndexState.DATABASE)
        except DatabaseError as exc:
            logger.exception("search: database table update failed")
            record(IndexState.DATABASE, exc)
            report.errors.append(f"database: {exc}")
            errors.update(dict.fromkeys(db_pages, f"database: {exc}"))

    es_pages = {row.page_id for row in rows if row.pending_es}
    if es_pages and not elasticsearch_enabled():
        for row in rows:
            row.pending_es = False  # Elasticsearch was switched off; a rebuild re-fills it
    elif es_pages and use_es:
        failed = _send_to_elasticsearch({pk: documents[pk] for pk in es_pages}, versions, report)
        errors.update({pk: f"elasticsearch: {e}" for pk, e in failed.items()})
        for row in rows:
            if row.pending_es and row.page_id not in failed:
                row.pending_es = False

    now = timezone.now()
    for row in rows:
        if not row.pending_db and not row.pending_es:
            row.done_at, row.last_error = now, ""
        elif row.page_id in errors:
            row.attempts += 1
            row.last_error = errors[row.page_id][:2000]
            delay = min(2**row.attempts, MAX_BACKOFF_SECONDS)
            row.next_attempt_at = now + timedelta(seconds=delay)
    OutboxEntry.objects.bulk_update(
        rows,
        ["pending_db", "pending_es", "done_at", "attempts", "last_error", "next_attempt_at"],
        batch_size=500,
    )


def _send_to_elasticsearch(documents, versions, report):
    """{page_id: error} for pages Elasticsearch did not take; records the target state."""
    try:
        ok_ids, failed = es_index.send(documents, versions)
    except es_index.unavailable_errors() as exc:
        logger.warning("search: Elasticsearch unavailable, %s rows wait: %s", len(documents), exc)
        record(IndexState.ELASTICSEARCH, exc)
        report.errors.append(f"elasticsearch: {exc}")
        report.es_failed += len(documents)
        es_index.invalidate_check()
        return dict.fromkeys(documents, str(exc)[:500])
    report.es_indexed += len(ok_ids)
    report.es_failed += len(failed)
    if failed:
        sample = next(iter(failed.items()))
        record(
            IndexState.ELASTICSEARCH, f"{len(failed)} bị từ chối, ví dụ #{sample[0]}: {sample[1]}"
        )
    else:
        record(IndexState.ELASTICSEARCH)
    return failed


def pending_count(target=None):
    qs = OutboxEntry.objects.filter(done_at__isnull=True)
    if target == "es":
        qs = qs.filter(pending_es=True)
    elif target == "db":
        qs = qs.filter(pending_db=True)
    return qs.count()


def snapshot_version():
    """The highest outbox id: every change up to it is reflected in a fresh read of the DB."""
    last = OutboxEntry.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0
