"""A counter of events per key in fixed windows of the clock, and the client's address behind
the trusted proxies: the pieces every rate limit of the project shares.

A leaf module (Django and the standard library only), so every room can count with it: the
password forms in `cms/throttling.py`, the CSP reports in `cms/csp.py` and the anonymous
clients of the content API (`content_models/api/throttling.py`). See docs/interfaces.md.
"""

import hashlib
import time

from django.core.cache import caches

from media.client_address import client_ip  # noqa: F401 (re-exported for callers)

TOO_MANY_REQUESTS = 429


# --- Counting in the cache -----------------------------------------------------------------


class Throttle:
    """At most `limit` events per key in a window of `period` seconds.

    Windows are fixed slices of the clock (the key names its slice). `incr` is atomic on the
    local-memory, Redis and Memcached caches; on the database cache (production's, shared
    by every worker) it is a read and a write, and it resets the entry's timeout to the cache's
    default, hence the `touch`. Keys are hashed: e-mail and client addresses are not stored.
    """

    def __init__(self, scope, limit, period):
        self.scope = scope
        self.limit = limit
        self.period = max(1, int(period))

    @property
    def cache(self):
        return caches["throttling"]

    def _key(self, key):
        window = int(time.time() // self.period)
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
        return f"hlm-throttle:{self.scope}:{window}:{digest}"

    def count(self, key):
        return self.cache.get(self._key(key), 0)

    def exceeded(self, key):
        return self.count(key) >= self.limit

    def hit(self, key):
        """Count one event for `key`; returns the count in the current window."""
        cache_key = self._key(key)
        timeout = 2 * self.period  # outlives its window whatever the cache's clock
        self.cache.add(cache_key, 0, timeout=timeout)
        try:
            count = self.cache.incr(cache_key)
        except ValueError:  # evicted between add and incr
            self.cache.set(cache_key, 1, timeout=timeout)
            return 1
        self.cache.touch(cache_key, timeout)
        return count

    def seconds_left(self):
        """Seconds until the current window ends (the longest a block can still last)."""
        return self.period - int(time.time()) % self.period
