"""Reuse (remix): copy another centre's openly licensed lesson into my centre as a draft.

Who may reuse is decided by real page permissions: the destination is a centre library the
user may add lessons to (a teacher's own centre through their group; editors any centre).
The source side is deliberately *not* Wagtail's `can_copy_to`, which requires edit rights on
the original (so the admin copy view keeps refusing centre B's lessons to centre A,
docs/faults.md row 22). Here the source must instead be live, public and under a licence
that allows derivatives: the copy only ever reads what any visitor can already read, never
drafts or revisions.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.coreutils import find_available_slug

from content_models.licensing import (
    Verdict,
    allows_reuse,
    attribution_text,
    check_derivative_licence,
)
from content_models.models import Centre, CentreLibraryPage, LessonPage


class ReuseRefused(PermissionDenied):
    """The reuse cannot be done; `str(error)` is the Vietnamese reason shown to the user."""


def teacher_centres(user):
    """Centres whose teachers' group the user belongs to."""
    if not user.is_authenticated:
        return Centre.objects.none()
    return Centre.objects.filter(teachers_group__in=user.groups.all())


def reuse_destinations(user):
    """Centre libraries the user may put a reused lesson into.

    A teacher's own centres when they belong to any; otherwise every centre library their page
    permissions let them add lessons to (editors, administrators). Empty for anyone else.
    """
    if not (user.is_authenticated and user.is_active):
        return []
    libraries = CentreLibraryPage.objects.select_related("centre").order_by("title")
    centres = teacher_centres(user)
    if centres.exists():
        libraries = libraries.filter(centre__in=centres)
    return [
        library
        for library in libraries
        if LessonPage.can_create_at(library)
        and library.permissions_for_user(user).can_add_subpage()
    ]


def is_reusable_source(page):
    """Live and visible to anonymous visitors (no view restriction on it or its ancestors).

    A lesson page being served already knows it has none (docs/pages.md): no query then.
    """
    if not (isinstance(page, LessonPage) and page.live):
        return False
    return page.view_restricted is False or not page.get_view_restrictions().exists()


def reuse_verdict(original, user=None):
    """May `user` reuse `original`? A Verdict with the Vietnamese reason when not."""
    if not is_reusable_source(original):
        return Verdict(False, _("Chỉ có thể dùng lại bài học đã xuất bản công khai."))
    verdict = allows_reuse(original.licence)
    if not verdict:
        return verdict
    if user is not None and not reuse_destinations(user):
        return Verdict(
            False,
            _(
                "Chỉ giáo viên thuộc một trung tâm (hoặc biên tập viên) mới có thể dùng lại "
                "học liệu vào thư viện trung tâm."
            ),
        )
    return verdict


def original_attribution(original, request=None):
    """TASL attribution of the original, followed by the original's own attribution if any."""
    text = attribution_text(
        title=original.title,
        authors=original.author_list,
        centre=original.centre.name if original.centre_id else "",
        url=original.get_full_url(request) or original.url_path,
        licence_name=original.licence.name,
        licence_url=original.licence.url,
    )
    if original.attribution.strip():
        text = f"{text}\n{original.attribution.strip()}"
    return text


@transaction.atomic
def reuse_lesson(original, *, user, destination, licence, request=None):
    """Copy `original` into `destination` as a draft derivative owned by `user`.

    Raises ReuseRefused when the source, destination or licence choice is not allowed.
    Body, attachments, keywords and classification are copied; revisions are not (they may
    hold the original's unpublished drafts). One revision is saved for the copy, by `user`.
    """
    original = original.specific
    verdict = reuse_verdict(original)
    if not verdict:
        raise ReuseRefused(verdict.reason)
    if destination.pk not in {library.pk for library in reuse_destinations(user)}:
        raise ReuseRefused(
            _("Bạn không có quyền thêm bài học vào thư viện “%(library)s”.")
            % {"library": destination.title}
        )
    verdict = check_derivative_licence(original.licence, licence)
    if not verdict:
        raise ReuseRefused(verdict.reason)

    # Lock the library row: concurrent reuses into one library get distinct slugs and tree
    # paths instead of colliding (on PostgreSQL; SQLite serialises writers anyway).
    destination = CentreLibraryPage.objects.select_for_update().get(pk=destination.pk)
    copy = original.copy(
        to=destination,
        update_attrs={
            "slug": find_available_slug(destination, original.slug),
            "owner": user,
            "centre": destination.centre,
            "licence": licence,
            "derived_from": original,
            "attribution": original_attribution(original, request),
            "locked": False,
            "locked_by": None,
            "locked_at": None,
            "go_live_at": None,
            "expire_at": None,
            "expired": False,
            "show_in_menus": False,
        },
        exclude_fields=["view_count", "external_id"],
        copy_revisions=False,
        keep_live=False,
        user=user,
    )
    return copy.specific
