"""Failed jobs run again, later, a bounded number of times.

django-tasks-db marks a job FAILED when its function raises and never runs it again. Here a
failed job is put back in the queue, the same row, with `run_after` pushed by an exponential
backoff, until it has been attempted `HLM_TASK_MAX_ATTEMPTS` times; each attempt appends its
worker id to `worker_ids`, which is therefore the attempt count. Only the database backend
is retried: the immediate backend (tests, the demo) runs inside the request.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("hlm.tasks")


def max_attempts():
    return getattr(settings, "HLM_TASK_MAX_ATTEMPTS", 5)


def backoff(attempt):
    """Delay before attempt `attempt + 1`: 30 s, 2 min, 8 min, … capped at one hour."""
    base = getattr(settings, "HLM_TASK_RETRY_BASE_SECONDS", 30)
    return timedelta(seconds=min(base * 4 ** (attempt - 1), 3600))


def attempts(result):
    return len(result.worker_ids or [])


def requeue(result, delay):
    """Put one job row back in the queue, keeping its attempt history."""
    result.status = TaskResultStatus.READY
    result.run_after = timezone.now() + delay
    result.finished_at = None
    result.save(update_fields=["status", "run_after", "finished_at"])


def retry_failed_job(sender, task_result, **kwargs):
    # django-tasks-db sends the backend instance on success and its class on failure.
    backend = sender if isinstance(sender, type) else type(sender)
    if not issubclass(backend, DatabaseBackend) or task_result.status != TaskResultStatus.FAILED:
        return
    try:
        _requeue_for_retry(task_result)
    except Exception:  # a receiver that raises would mark the job failed: log, never raise
        logger.exception("task %s: could not schedule its retry", task_result.id)


def _requeue_for_retry(task_result):
    with transaction.atomic():
        result = DBTaskResult.objects.select_for_update().filter(id=task_result.id).first()
        if result is None or result.status != TaskResultStatus.FAILED:
            return
        done = attempts(result)
        if done >= max_attempts():
            logger.error(
                "task %s (%s) failed for good after %d attempts",
                result.id,
                result.task_path,
                done,
            )
            return
        delay = backoff(done)
        requeue(result, delay)
    logger.warning(
        "task %s (%s) failed (attempt %d of %d); retried in %d s",
        task_result.id,
        result.task_path,
        done,
        max_attempts(),
        delay.total_seconds(),
    )


def connect():
    task_finished.connect(retry_failed_job, dispatch_uid="hlm-retry-failed-job")
