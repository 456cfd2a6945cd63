"""The request side of usage counting: decide in memory whether a view or download counts, and
add it to this process's buffer. No database work happens here.

COUNTER-style rules (docs/usage-and-reports.md):
- only GET requests count (HEAD, previews of link unfurlers and robots do not);
- a repeat by the same visitor of the same item within 30 seconds counts once. The
  visitor is a SHA-256 of address + user agent + a salt that changes every day and lives only
  in this process's memory; the hash is kept in the cache for 30 seconds and nowhere else.
- a download counts once for a request of the whole file or of a range starting at byte 0
  (players that seek send further ranges; those are the same download).

The buffer is flushed to `DailyUsage` in batches (`content_models.usage.buffer`).
"""

import hashlib
import secrets
import threading

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from content_models.models import UsageKind
from content_models.usage.buffer import BUFFER
from content_models.usage.robots import is_robot
from media.client_address import client_ip


# A repeat by the same visitor within this many seconds counts once (COUNTER's double-click
# rule); a setting only so that tests can wait for it to pass.
def repeat_seconds():
    return getattr(settings, "HLM_USAGE_REPEAT_SECONDS", 30)


CACHE_ALIAS = "usage"


class DailySalt:
    """A random salt for today's visitor hashes, replaced when the local date changes; held in
    memory only, so yesterday's hashes cannot be recomputed by anyone."""

    def __init__(self):
        self._day = None
        self._salt = b""
        self._lock = threading.Lock()

    def for_day(self, day):
        with self._lock:
            if day != self._day:
                self._day, self._salt = day, secrets.token_bytes(16)
            return self._salt


SALT = DailySalt()


def visitor_key(request, kind, item_id, day):
    agent = request.headers.get("User-Agent", "")
    digest = hashlib.sha256(SALT.for_day(day))
    for part in (client_ip(request) or "", agent, kind, str(item_id)):
        digest.update(part.encode("utf-8", "replace") + b"\0")
    return f"usage:{digest.hexdigest()[:32]}"


def counts(request, kind, item_id, now=None):
    """True when this request is a view or download that counts; False for a robot, a HEAD,
    a later byte range or a repeat within 30 seconds."""
    if request.method != "GET":
        return False
    if is_robot(request.headers.get("User-Agent", "")):
        return False
    if kind == UsageKind.DOWNLOAD:
        byte_range = request.headers.get("Range", "")
        if byte_range and not byte_range.replace(" ", "").startswith("bytes=0-"):
            return False
    day = timezone.localdate(now)
    cache = caches[CACHE_ALIAS]
    # add() stores only when the key is absent: one atomic step, so two simultaneous
    # requests of the same visitor count once.
    return cache.add(visitor_key(request, kind, item_id, day), 1, repeat_seconds())


def count(request, kind, item_id, now=None):
    """Count one view or download when it counts; returns whether it did."""
    if not counts(request, kind, item_id, now):
        return False
    BUFFER.add(kind, item_id, timezone.localdate(now))
    return True
