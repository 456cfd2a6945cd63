"""A counter of events per key in fixed windows of the clock, and the client's address behind
the trusted proxies: the pieces every rate limit of the project shares.

A leaf module (Django and the standard library only), so every room can count with it: the
password forms in `cms/throttling.py`, the CSP reports in `cms/csp.py` and the anonymous
clients of the content API (`content_models/api/throttling.py`). See docs/interfaces.md.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import caches

TOO_MANY_REQUESTS = 429


# --- The client's address ------------------------------------------------------------------


def client_ip(request):
    """The address of the client, as the last `HLM_TRUSTED_PROXY_COUNT` proxies saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N
    trusted proxies in front of Django the client is the N-th entry from the right; anything
    further left was written by the client itself and is not trusted. With no proxy (or a
    header shorter than expected) the connection's own address is used.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.HLM_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


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
