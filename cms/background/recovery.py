"""Jobs a worker held when it died go back in the queue.

A worker killed mid-job (SIGKILL, out of memory, a host reboot) leaves its row RUNNING for
ever. Worker ids here are `<host>:<pid>:<random>` (see `worker_id()`), so a worker starting
on the same host can tell that the process holding a job no longer exists and requeue it at
once; a job held longer than `HLM_TASK_LEASE_SECONDS` by a worker elsewhere is requeued too.
Jobs must therefore be idempotent: they may run again from the start.
"""

import logging
import os
import secrets
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.background.retries import requeue

logger = logging.getLogger("hlm.tasks")


def worker_id():
    # django-tasks-db stores worker ids in a 64-character column of the worker_ids list.
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def _process_is_gone(held_by):
    host, _sep, rest = held_by.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False  # another machine's worker: only the lease can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def lease():
    return timedelta(seconds=getattr(settings, "HLM_TASK_LEASE_SECONDS", 3600))


def requeue_abandoned():
    """Requeue RUNNING jobs whose worker is gone or whose lease ran out; returns how many."""
    expired_before = timezone.now() - lease()
    count = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        for result in running:
            held_by = (result.worker_ids or ["?"])[-1]
            if _process_is_gone(held_by) or (
                result.started_at is not None and result.started_at < expired_before
            ):
                requeue(result, timedelta(0))
                count += 1
                logger.warning(
                    "task %s (%s) was held by %s, which is gone: requeued",
                    result.id,
                    result.task_path,
                    held_by,
                )
    return count
