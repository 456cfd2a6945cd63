"""Every admin view runs as its user, and id lists no database row can match are refused.

`guard_urlpatterns()` decorates all of Wagtail's admin URL patterns (cms/urls.py), the way
Wagtail itself adds `require_admin_access` to them:

- the view and its template run inside `viewing_as(request.user)`, so every page title the
  admin shows is one the user may see (content_models/draft_visibility.py). Template
  responses are rendered before the user is forgotten;
- `?id=` (Wagtail's bulk actions and "chosen multiple" views) and `?target_pages[]=` (the
  page chooser) must be ids the database can hold: Wagtail passes them straight into
  `pk__in=[…]`, where "abc" raises ValueError and a 20-digit number OverflowError (a 500).
  They are answered with a 400 instead;
- a query string holding a NUL character is answered with a 400: no admin parameter can
  mean it, and views filtering with it (tag autocomplete, ORM searches) fail on PostgreSQL,
  which refuses NUL in text (a 500). Posted forms need no such rule: Django's form fields
  already refuse NUL with a form error.

See docs/security/admin-views.md.
"""

from functools import wraps

from django.http import HttpResponseBadRequest
from django.template.response import SimpleTemplateResponse
from django.utils.translation import gettext as _

from wagtail.utils.urlpatterns import decorate_urlpatterns

from content_models.converters import is_database_id
from content_models.draft_visibility import viewing_as

# Query parameters holding object ids, and the words Wagtail accepts there besides ids.
ID_PARAMETERS = {"id": {"all"}, "target_pages[]": {""}}


def bad_query_parameter(request):
    """The name of the first query parameter no admin view can take, or None."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name.replace("\x00", "")
    for name, words in ID_PARAMETERS.items():
        for value in request.GET.getlist(name):
            if value not in words and not is_database_id(value):
                return name
    return None


def guard_admin_view(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        name = bad_query_parameter(request)
        if name is not None:
            return HttpResponseBadRequest(
                _("Tham số “%(name)s” không hợp lệ.") % {"name": name},
                content_type="text/plain; charset=utf-8",
            )
        with viewing_as(request.user):
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
        return response

    return guarded


def guard_urlpatterns(urlpatterns):
    """Decorate every view of these URL patterns (in place, as Wagtail does) and return them."""
    return decorate_urlpatterns(urlpatterns, guard_admin_view)
