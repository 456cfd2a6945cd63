"""The project's page viewset: Wagtail's page views with the checks Wagtail 8.0 leaves out.

Wagtail 8 routes every page URL (`/admin/pages/<id>/…`) through a `PageViewSet`; the one
registered for `Page` serves every page type. `GuardedPageViewSet` replaces Wagtail's default
(hook `register_admin_viewset` in cms/wagtail_hooks.py) and swaps these views:

- workflow preview, workflow action, collect-action-data and confirm-cancellation answer any
  page id and name the page (its latest draft title) in an error message or modal before
  checking anything. They now answer 404 for a page whose drafts the user may not see,
  unless the user is a reviewer of the page's current task;
- the copy view reads `new_parent_page` straight from the POST (KeyError or ValueError, a
  500, when it is missing or not a number): a missing, malformed or unknown parent is a
  form error, and only a parent the user may see is shown back in the form.

See docs/security/admin-views.md.
"""

from django.http import Http404
from django.views.generic import FormView

from wagtail.admin.views.pages.copy import CopyView
from wagtail.admin.views.pages.workflow import (
    CollectWorkflowActionDataView,
    ConfirmWorkflowCancellationView,
    PreviewRevisionForTaskView,
    WorkflowActionView,
)
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from content_models.converters import is_database_id
from content_models.draft_visibility import may_see_drafts
from content_models.permissions import visible_pages_for


def may_review_or_see_drafts(user, page):
    """The page's own people, or a reviewer with an action on its current workflow task."""
    if may_see_drafts(user, page):
        return True
    task = page.current_workflow_task
    return task is not None and bool(task.specific.get_actions(page, user))


class RefuseUnseenPageMixin:
    """404, naming nothing, when the user may neither see the page's drafts nor review it."""

    def dispatch(self, request, *args, **kwargs):
        if not may_review_or_see_drafts(request.user, self.object):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class GuardedWorkflowActionView(RefuseUnseenPageMixin, WorkflowActionView):
    pass


class GuardedCollectWorkflowActionDataView(RefuseUnseenPageMixin, CollectWorkflowActionDataView):
    pass


class GuardedConfirmWorkflowCancellationView(
    RefuseUnseenPageMixin, ConfirmWorkflowCancellationView
):
    pass


class GuardedPreviewRevisionForTaskView(RefuseUnseenPageMixin, PreviewRevisionForTaskView):
    pass


class GuardedCopyView(CopyView):
    def get_form_kwargs(self):
        # A parent that is not an id is left out: the form says "required" instead of its
        # page chooser failing to show the posted value (ValueError, OverflowError).
        kwargs = super().get_form_kwargs()
        if "data" in kwargs and not is_database_id(kwargs["data"].get("new_parent_page", "")):
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"].pop("new_parent_page", None)
        return kwargs

    def post(self, request, page_id, *args, **kwargs):
        # Wagtail prefills the form's parent from the raw POST value; only a page the user
        # may see is prefilled, and the form itself reports a missing or unknown one.
        raw = request.POST.get("new_parent_page", "")
        parent = None
        if is_database_id(raw):
            parent = visible_pages_for(request.user, Page.objects.filter(pk=raw)).first()
        self.parent_page = parent or self.page.get_parent()
        return FormView.post(self, request, page_id, *args, **kwargs)


class GuardedPageViewSet(PageViewSet):
    """Wagtail's page views, for every page type, with the guards above."""

    collect_workflow_action_data_view_class = GuardedCollectWorkflowActionDataView
    confirm_workflow_cancellation_view_class = GuardedConfirmWorkflowCancellationView
    copy_view_class = GuardedCopyView
    workflow_action_view_class = GuardedWorkflowActionView
    workflow_preview_view_class = GuardedPreviewRevisionForTaskView
