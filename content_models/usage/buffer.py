"""This process's counts not yet written, and how they reach the database.

Every counted view adds 1 to an in-memory Counter (no I/O on the request). The first count
after a flush starts a timer; after `HLM_USAGE_FLUSH_SECONDS` (60 by default) the timer's
thread takes the whole Counter and enqueues one `record_usage` job with it (one row in the
task queue per process and interval, whatever the traffic). The worker adds the batch to
`DailyUsage`. If the process dies, at most the counts of the current interval are lost; the
counts are also flushed when the process exits normally. See docs/usage-and-reports.md.
"""

import atexit
import logging
import threading
import uuid
from collections import Counter

from django.conf import settings
from django.db import connections

from content_models.usage.store import record_usage

logger = logging.getLogger("hlm.usage")


class UsageBuffer:
    """Counts per (kind, item id, day) not yet written, in this process; thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = Counter()
        self._timer = None

    def add(self, kind, item_id, day):
        with self._lock:
            self._counts[(kind, item_id, day)] += 1
            if self._timer is None:
                self._timer = _start_timer()

    def take(self):
        """Everything buffered, leaving the buffer empty."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._timer = None
        return counts

    def __len__(self):
        with self._lock:
            return len(self._counts)


BUFFER = UsageBuffer()


def flush():
    """Enqueue what the buffer holds as one batch; returns the number of counts sent."""
    counts = BUFFER.take()
    if not counts:
        return 0
    rows = [[kind, item_id, day.isoformat(), n] for (kind, item_id, day), n in counts.items()]
    record_usage.enqueue(key=str(uuid.uuid4()), rows=rows)
    return sum(counts.values())


def _flush_from_timer():
    try:
        flush()
    except Exception:  # the next flush retries nothing; log and go on serving
        logger.exception("Usage counts could not be queued")
    finally:
        # The timer's thread opened its own connection: give it back.
        connections.close_all()


def _start_timer():
    seconds = getattr(settings, "HLM_USAGE_FLUSH_SECONDS", 60)
    if seconds <= 0:
        return False  # only explicit flushes (tests); False so no timer is started again
    timer = threading.Timer(seconds, _flush_from_timer)
    timer.daemon = True
    timer.start()
    return timer


@atexit.register
def _flush_at_exit():
    if len(BUFFER):
        _flush_from_timer()
