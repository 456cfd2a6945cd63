"""Writing changes to the durable outbox, and draining it after the transaction commits.

Call `enqueue(page)` (or `enqueue_ids([...])`) from any code that changes what a lesson or
course looks like in search; signals.py already does for publish, unpublish, move, delete,
privacy and taxonomy renames. The row is written in the caller's transaction, so it commits or
rolls back with the change itself. After the commit a drain of those pages is attempted through
django-tasks (immediate here, a worker elsewhere); if it fails the rows stay pending for
`search_index drain` or the next publish.
"""

import logging

from django.conf import settings
from django.db import connection, transaction

from django_tasks import task

from search.models import OutboxEntry

logger = logging.getLogger("hlm.search")


def elasticsearch_enabled():
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def enqueue_ids(page_ids, reason=OutboxEntry.Reason.PUBLISH, drain=True):
    """Write one pending row per page id; schedule a drain for after the commit."""
    page_ids = sorted({int(pk) for pk in page_ids if pk})
    if not page_ids:
        return []
    es = elasticsearch_enabled()
    rows = OutboxEntry.objects.bulk_create(
        [OutboxEntry(page_id=pk, reason=reason, pending_es=es) for pk in page_ids],
        batch_size=1000,
    )
    if drain:
        _schedule_drain(page_ids)
    return rows


def enqueue(page, reason=OutboxEntry.Reason.PUBLISH, drain=True):
    return enqueue_ids([page.pk], reason=reason, drain=drain)


def enqueue_descendants(page, reason=OutboxEntry.Reason.MOVE, include_self=True):
    """Queue every lesson and course at or below `page` (moves, privacy, slug changes)."""
    from search.serializers import KINDS

    ids = []
    for model in KINDS.values():
        qs = model.objects.descendant_of(page, inclusive=include_self)
        ids.extend(qs.values_list("pk", flat=True))
    return enqueue_ids(ids, reason=reason)


def _schedule_drain(page_ids):
    """Attempt one drain per transaction, after it commits, of every page it queued.

    An import that publishes 1,000 lessons in one transaction gets one drain of 1,000 pages,
    not 1,000 drains. If the transaction rolls back, Django drops the callback with it.
    """
    scheduled = getattr(connection, "_search_drain", None)
    if (
        scheduled
        and connection.in_atomic_block
        and any(item[1] is scheduled[0] for item in connection.run_on_commit)
    ):
        scheduled[1].update(page_ids)
        return
    pending = set(page_ids)

    def run():
        try:
            drain_outbox_task.enqueue(page_ids=sorted(pending))
        except Exception:  # the change is committed and its rows are durable: never raise here
            logger.exception("search: could not start the outbox drain")

    connection._search_drain = (run, pending)
    transaction.on_commit(run)


@task()
def drain_outbox_task(page_ids=None):
    """Apply the given pages' pending rows, then one batch of older ones (never raises)."""
    from search.indexer import drain

    try:
        report = drain(page_ids=page_ids, max_batches=1, after_commit=True)
        if page_ids:
            drain(max_batches=1, after_commit=True)
        return report.as_dict()
    except Exception:
        logger.exception("search: outbox drain failed; rows stay pending")
        return None
