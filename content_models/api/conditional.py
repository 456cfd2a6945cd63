"""Conditional GET for the content API: ETag and Last-Modified, 304 when the client's copy is
current.

The ETag is a digest of the body (as Django's ConditionalGetMiddleware makes it), so it changes
whenever anything shown changes, a linked lesson withdrawn from a course included. The
Last-Modified an endpoint sets is the newest change of any record (`catalogue_changed`), which
moves on every publication, withdrawal, move or vocabulary change: never later than the body's
real age, so If-Modified-Since cannot hide a change. When a client sends both, If-None-Match
decides (RFC 9110, as `get_conditional_response` does). See docs/interfaces.md.
"""

from functools import wraps

from django.db.models import Max
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

from content_models.models.records import OaiRecord


def catalogue_changed():
    """The datestamp of the last change to any record, or None before the first one."""
    return OaiRecord.objects.aggregate(last=Max("datestamp"))["last"]


def set_last_modified(response, moment):
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())


def conditional_get(view):
    """A view decorator (`Router.add_decorator(..., mode="view")`): ETag on every 200, then
    304 Not Modified when If-None-Match or If-Modified-Since shows the client has this body."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        response["Cache-Control"] = "no-cache"  # may be stored, but revalidated each time
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )

    return wrapped
