"""Writing changes to the durable outbox, and starting a drain after the transaction commits.

Call `enqueue(page)` (or `enqueue_ids([...])`) from any code that changes what a lesson or
course looks like in search; signals.py already does for publish, unpublish, move, delete,
privacy and taxonomy renames. The row is written in the caller's transaction, so it commits or
rolls back with the change itself. After the commit one drain of those pages is started through
django-tasks (`search.tasks.drain_outbox_task`: immediate in the demo and the tests, the worker
in production); if it fails the rows stay pending for the worker's housekeeping,
`search_index drain` or the next publish. See docs/search.md, "Outbox and indexer".
"""

import logging
import weakref

from django.db import transaction

from search.conf import elasticsearch_enabled
from search.models import OutboxEntry
from search.serializers import KIND_MODELS

# Also keeps "search.outbox.drain_outbox_task", the path of jobs queued by earlier releases,
# resolving for the worker (docs/search.md, "Outbox and indexer").
from search.tasks import drain_outbox_task

logger = logging.getLogger("hlm.search")


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
    ids = []
    for model in KIND_MODELS.values():
        qs = model.objects.descendant_of(page, inclusive=include_self)
        ids.extend(qs.values_list("pk", flat=True))
    return enqueue_ids(ids, reason=reason)


class _AfterCommitDrain:
    """The one drain a transaction starts after it commits, for every page it queued."""

    def __init__(self, page_ids):
        self.page_ids = set(page_ids)
        self.started = False

    def __call__(self):
        self.started = True
        try:
            drain_outbox_task.enqueue(page_ids=sorted(self.page_ids))
        except Exception:  # the change is committed and its rows are durable: never raise here
            logger.exception("search: could not start the outbox drain")


# Connection → weak reference to the drain its current transaction has scheduled. Django's list
# of on-commit callbacks holds the only strong reference: when a rollback (of the transaction,
# or of the savepoint the drain was scheduled in) discards the callback, the reference dies
# with it, and the next enqueue schedules a new drain. No private transaction state is read.
_scheduled = weakref.WeakKeyDictionary()


def _schedule_drain(page_ids):
    """Attempt one drain per transaction, after it commits, of every page it queued.

    An import that publishes 1,000 lessons in one transaction gets one drain of 1,000 pages,
    not 1,000 drains. If the transaction rolls back, Django drops the callback with it.
    """
    connection = transaction.get_connection()
    reference = _scheduled.get(connection)
    scheduled = reference() if reference is not None else None
    if scheduled is not None and not scheduled.started and not transaction.get_autocommit():
        scheduled.page_ids.update(page_ids)
        return
    scheduled = _AfterCommitDrain(page_ids)
    _scheduled[connection] = weakref.ref(scheduled)
    transaction.on_commit(scheduled)
