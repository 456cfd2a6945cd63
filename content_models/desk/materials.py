"""What the teacher's desk lists, and each material's review state in plain Vietnamese.

The states come from Wagtail's own moderation objects: `page.current_workflow_state` (in
progress or needs changes) and its current TaskState, whose `comment` holds the reviewer's
words when they requested changes (Wagtail records "request changes" as a rejected task).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page, WorkflowState

from content_models.draft_visibility import admin_title_for
from content_models.licensing import Verdict
from content_models.models import CentreLibraryPage, CoursePage, LessonPage
from content_models.permissions import visible_pages_for
from content_models.reuse import teacher_centres

DRAFT = "draft"
IN_REVIEW = "in_review"
CHANGES_REQUESTED = "changes_requested"
LIVE = "live"

STATUS_LABELS = {
    DRAFT: gettext_lazy("Bản nháp"),
    IN_REVIEW: gettext_lazy("Đang chờ duyệt"),
    CHANGES_REQUESTED: gettext_lazy("Cần chỉnh sửa"),
    LIVE: gettext_lazy("Đã xuất bản"),
}
STATUS_ORDER = [CHANGES_REQUESTED, DRAFT, IN_REVIEW, LIVE]


@dataclass
class DeskItem:
    """One lesson or course on the desk with what the teacher may do with it."""

    page: Page
    status: str
    task_name: str
    comment: str
    reviewer: str
    commented_at: object
    has_draft_changes: bool
    can_edit: bool
    can_submit: bool
    # The lesson this one derives from, when the user may see it, and its title for them.
    original: Page | None = None
    original_title: str = ""
    # Derived from a lesson the user may not see (another centre's draft or unpublished page).
    original_hidden: bool = False

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def kind_label(self):
        return _("Học phần") if isinstance(self.page, CoursePage) else _("Bài học")

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk]) if self.can_edit else ""

    @property
    def draft_url(self):
        return (
            reverse("wagtailadmin_pages:view_draft", args=[self.page.pk]) if self.can_edit else ""
        )

    @property
    def submit_url(self):
        return reverse("desk:submit", args=[self.page.pk])


def centre_libraries(user):
    """The centre libraries of the centres the user teaches at."""
    return list(
        CentreLibraryPage.objects.filter(centre__in=teacher_centres(user)).order_by("title")
    )


def materials_for(user, libraries=None):
    """Lessons and courses the user owns, or that live in the libraries of their centres."""
    libraries = centre_libraries(user) if libraries is None else libraries
    query = Q(owner=user)
    for library in libraries:
        query |= Q(path__startswith=library.path, depth__gt=library.depth)
    return (
        Page.objects.type(LessonPage, CoursePage)
        .filter(query)
        .specific()
        .prefetch_workflow_states()
        .annotate_approved_schedule()
        .order_by("-latest_revision_created_at", "-pk")
    )


def page_status(page):
    """(status, workflow state or None) of a page, in the desk's four states."""
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED, state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return IN_REVIEW, state
    return (LIVE if page.live else DRAFT), state


def workflow_paths():
    """Tree paths of the pages carrying an active workflow (one query for a whole listing)."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return set()
    return set(
        Page.objects.filter(workflowpage__workflow__active=True).values_list("path", flat=True)
    )


def submit_verdict(page, user, workflow_paths=None):
    """May `user` send the page's latest draft to review from the desk? Verdict with a reason.

    The same checks as Wagtail's `can_submit_for_moderation`, each with its own message;
    `workflow_paths` (from `workflow_paths()`) saves the per-page ancestor query in listings.
    """
    permissions = page.permissions_for_user(user)
    if not permissions.can_edit():
        return Verdict(False, _("Bạn không có quyền chỉnh sửa trang này."))
    if page.workflow_in_progress:
        return Verdict(False, _("Trang đang chờ biên tập viên duyệt."))
    if workflow_paths is None:
        has_workflow = page.has_workflow
    else:
        has_workflow = any(page.path.startswith(path) for path in workflow_paths)
    if not has_workflow:
        return Verdict(False, _("Trang này không thuộc quy trình duyệt nào."))
    if permissions.page_locked():
        return Verdict(False, _("Trang đang bị khóa, chưa thể gửi duyệt."))
    if not page.has_unpublished_changes:
        return Verdict(False, _("Không có thay đổi nào chưa xuất bản để gửi duyệt."))
    return Verdict(True)


def attach_originals(pages, user):
    """Load the originals of derivatives the user may see, in one query for all pages.

    `derived_from` may point at a lesson the user must not learn anything of (another
    centre's draft, or a lesson unpublished since): such a page gets no original, only a flag.
    """
    ids = {page.derived_from_id for page in pages if getattr(page, "derived_from_id", None)}
    visible = visible_pages_for(user, LessonPage.objects.filter(pk__in=ids))
    originals = visible.select_related("centre").in_bulk()
    for page in pages:
        original_id = getattr(page, "derived_from_id", None)
        page.desk_original = originals.get(original_id)
        page.desk_original_hidden = original_id is not None and original_id not in originals
    return pages


def desk_item(page, user, workflow_paths=None):
    status, state = page_status(page)
    comment = reviewer = ""
    commented_at = None
    task_name = ""
    if state is not None and state.current_task_state_id:
        task_state = state.current_task_state
        task_name = task_state.task.name
        if status == CHANGES_REQUESTED:
            comment = task_state.comment
            commented_at = task_state.finished_at
            if task_state.finished_by_id:
                finished_by = task_state.finished_by
                reviewer = finished_by.get_full_name() or finished_by.get_username()
    permissions = page.permissions_for_user(user)
    original = getattr(page, "desk_original", None)
    return DeskItem(
        page=page,
        status=status,
        task_name=task_name,
        comment=comment,
        reviewer=reviewer,
        commented_at=commented_at,
        has_draft_changes=page.live and page.has_unpublished_changes,
        can_edit=permissions.can_edit(),
        can_submit=submit_verdict(page, user, workflow_paths).allowed,
        original=original,
        original_title=admin_title_for(user, original) if original is not None else "",
        original_hidden=getattr(page, "desk_original_hidden", False),
    )


@transaction.atomic
def submit_for_review(page, user):
    """Send the latest revision to the page's workflow, as the admin's "submit" action does.

    A workflow waiting for changes is resumed (its reviewers see it again); otherwise a new
    one starts. A page created without any revision gets one first.
    """
    if page.latest_revision_id is None:
        page.save_revision(user=user, log_action=True)
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    else:
        page.get_workflow().start(page, user)
