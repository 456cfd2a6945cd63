"""Whose drafts a user may see, and which title of a page the admin shows them.

A page's drafts (its latest revision and the `draft_title` Wagtail keeps beside the live
`title`) belong to the people who may work on it: the page permissions of their group cover
it (a centre's teachers on their library, editors on the whole site). Anybody else may learn
only what the public site shows: the live title of a live page, and nothing of a page that
was never published.

Wagtail shows `Page.get_admin_display_title()` (the draft title) in every admin listing,
chooser and chooser widget. `BasePage` asks `admin_title_for()` instead while an admin
request runs (`viewing_as()`, entered for every admin view by cms/admin_guards/requests.py).
Outside a request (commands, tasks, the public site) Wagtail's behaviour is unchanged.
See docs/security/admin-views.md.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.permissions import policy_registry

HIDDEN_TITLE = _("(trang chưa xuất bản)")

_viewer = ContextVar("admin_viewer", default=None)


@contextmanager
def viewing_as(user):
    """Let `BasePage.get_admin_display_title()` answer for `user` within the block."""
    token = _viewer.set(user)
    try:
        yield
    finally:
        _viewer.reset(token)


def current_viewer():
    return _viewer.get()


def may_see_drafts(user, page):
    """Does a page permission of the user's groups cover this page (or is it a superuser)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    policy = policy_registry.get_by_type(Page)
    return any(
        page.path.startswith(permission.page.path)
        for permission in policy.get_cached_permissions_for_user(user)
    )


def pages_with_drafts_visible_to(user, pages=None):
    """The pages whose drafts `user` may see, as a queryset (`may_see_drafts` for many)."""
    pages = Page.objects.all() if pages is None else pages
    if user is None or not user.is_authenticated or not user.is_active:
        return pages.none()
    if user.is_superuser:
        return pages
    policy = policy_registry.get_by_type(Page)
    query = Q(pk__in=[])
    for permission in policy.get_cached_permissions_for_user(user):
        query |= Q(path__startswith=permission.page.path)
    return pages.filter(query)


def admin_title_for(user, page):
    """The title `user` may see: the draft title of their own work, the live title of a live
    page of somebody else, and a placeholder for somebody else's unpublished page."""
    if may_see_drafts(user, page):
        return page.draft_title or page.title
    if page.live:
        return page.title
    return str(HIDDEN_TITLE)
