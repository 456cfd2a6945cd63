"""Same content already in the repository: find it and the lessons that use it.

Wagtail stores a SHA-1 of every image and document (`file_hash`). An upload whose hash is
already there is not refused (a teacher may want their own copy) but flagged, with links to
the lessons that use the existing file, so the teacher can reuse that lesson instead.

The notice names only what the uploader may already see: items of collections they may
choose from or change, or items a public page uses; and of the pages using them, live ones
and those the uploader may edit. Another centre's unpublished file or draft lesson is never
named: if only such copies exist, the notice says nothing at all (a neutral "already stored"
would still tell the uploader those bytes exist somewhere). See
docs/security/media-and-forms.md.
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from wagtail.permissions import policy_registry

from media.usage import pages_using, used_by_public_page

__all__ = ["duplicate_notice", "find_duplicates", "pages_using"]

MAX_LINKS = 5
MAX_CANDIDATES = 50


def find_duplicates(obj):
    """Other images (or documents) with the same content, oldest first."""
    if not obj.file_hash:
        return type(obj).objects.none()
    return type(obj).objects.filter(file_hash=obj.file_hash).exclude(pk=obj.pk).order_by("pk")


def _user_may_see_item(user, item):
    if user is not None and user.is_authenticated:
        policy = policy_registry.get_by_type(type(item))
        if policy.user_has_any_permission_for_instance(user, ["choose", "change"], item):
            return True
    return used_by_public_page(item)


def _user_may_see_page(user, page):
    if page.live:
        return True
    return (
        user is not None and user.is_authenticated and page.permissions_for_user(user).can_edit()
    )


def _page_link(page, user):
    if page.live:
        url = page.get_url()
        if url:
            return format_html('<a href="{}">{}</a>', url, page.title)
    if user is not None and page.permissions_for_user(user).can_edit():
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        return format_html('<a href="{}">{}</a> ({})', url, page.title, _("bản nháp"))
    return format_html("{} ({})", page.title, _("chưa xuất bản"))


def duplicate_notice(obj, user=None):
    """HTML telling the uploader the file is already stored, or '' when it is not, or when
    every stored copy is one they may not see."""
    candidates = find_duplicates(obj)[:MAX_CANDIDATES]
    duplicates = [item for item in candidates if _user_may_see_item(user, item)]
    duplicates = duplicates[:MAX_LINKS]
    if not duplicates:
        return ""
    pages = [page for page in pages_using(duplicates) if _user_may_see_page(user, page)]
    pages = pages[:MAX_LINKS]
    existing = format_html_join(", ", "“{}”", ((item.title,) for item in duplicates))
    if pages:
        links = format_html_join(", ", "{}", ((_page_link(page, user),) for page in pages))
        return format_html(
            "{} {}",
            format_html(_("Kho đã có tệp cùng nội dung: {}."), existing),
            format_html(_("Bài học đang dùng tệp đó: {}. Hãy cân nhắc dùng lại bài này."), links),
        )
    return format_html(
        _(
            "Kho đã có tệp cùng nội dung: {} (chưa bài học nào dùng). "
            "Hãy cân nhắc dùng lại tệp đó."
        ),
        existing,
    )
