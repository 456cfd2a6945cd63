"""Background jobs of the search room (django-tasks; docs/background-work.md).

`drain_outbox_task` is what a commit that queued outbox rows starts (outbox.py): it applies
those pages' rows at once, then one batch of older ones. The worker's housekeeping job
(cms/background/housekeeping.py) drains whatever is still pending on its own schedule.
"""

import logging

from django_tasks import task

from search.indexer import drain

logger = logging.getLogger("hlm.search")


@task()
def drain_outbox_task(page_ids=None):
    """Apply the given pages' pending rows, then one batch of older ones (never raises)."""
    try:
        report = drain(page_ids=page_ids, max_batches=1, after_commit=True)
        if page_ids:
            drain(max_batches=1, after_commit=True)
        return report.as_dict()
    except Exception:
        logger.exception("search: outbox drain failed; rows stay pending")
        return None
