"""The limit on anonymous clients of the content API, as a django-ninja throttle.

At most `HLM_API_ANON_LIMIT` requests per client address in each window of
`HLM_API_ANON_PERIOD_SECONDS`, counted with the project's cache counter (`media.rate_limits`:
the "throttling" cache, shared by the workers in production, keys hashed). Signed-in users are
not limited. Over the limit ninja raises `Throttled` with `wait()`, which `search/api.py`
answers as a 429 with a Vietnamese `detail` and a Retry-After header. Settings are read at
each request. See docs/interfaces.md.
"""

from django.conf import settings

from ninja.throttling import BaseThrottle

from media.rate_limits import Throttle, client_ip


def _counter():
    return Throttle(
        "content-api", settings.HLM_API_ANON_LIMIT, settings.HLM_API_ANON_PERIOD_SECONDS
    )


class AnonymousClientThrottle(BaseThrottle):
    def allow_request(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        return _counter().hit(client_ip(request)) <= settings.HLM_API_ANON_LIMIT

    def wait(self):
        return _counter().seconds_left()
