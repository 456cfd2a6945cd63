"""The worker's periodic duties, run as a job that schedules its own next run.

Every `HLM_WORKER_HOUSEKEEPING_SECONDS` (60 by default) one `housekeeping` job requeues jobs a
dead worker held and drains the search outbox rows whose first attempt failed (Elasticsearch
was down), so the catalogue catches up without a shell loop or cron. Only one run is ever
waiting in the queue, however many workers there are.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.background.recovery import requeue_abandoned
from search.indexer import drain

logger = logging.getLogger("hlm.tasks")


def interval():
    return timedelta(seconds=getattr(settings, "HLM_WORKER_HOUSEKEEPING_SECONDS", 60))


def schedule_housekeeping(delay=None):
    """Queue the next run unless one is already waiting; returns True when one was queued."""
    waiting = DBTaskResult.objects.filter(
        task_path=housekeeping.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    if waiting.exclude(status=TaskResultStatus.RUNNING).exists():
        return False
    run_after = timezone.now() + (interval() if delay is None else delay)
    housekeeping.using(run_after=run_after).enqueue()
    return True


@task()
def housekeeping():
    recovered = requeue_abandoned()
    report = drain(max_batches=10)
    schedule_housekeeping()
    return {"recovered": recovered, "outbox": report.as_dict()}
