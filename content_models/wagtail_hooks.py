"""Admin registration of the vocabularies as snippets, grouped in one menu.

The listings search their short name columns with the database (`search_backend_name =
None`): Wagtail's search index holds no rows for the terms seeded by migrations, and its
SQLite backend fails on a `search_fields` column filter ("no such column: name").
https://docs.wagtail.org/en/stable/reference/viewsets.html#wagtail.admin.viewsets.model.ModelViewSet.search_backend_name
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content_models.duplicates import lessons_titled
from content_models.models import (
    Centre,
    Grade,
    LessonPage,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
)
from content_models.offline import admin_urls as offline_admin_urls
from content_models.offline.permissions import may_use_packs
from content_models.reports import urls as report_urls
from content_models.reports.scope import may_see_reports
from content_models.reuse import teacher_centres


class VocabularyViewSet(SnippetViewSet):
    """A vocabulary's admin: searched in the database, by name."""

    search_backend_name = None
    search_fields = ["name"]


class ProgrammeLevelViewSet(VocabularyViewSet):
    model = ProgrammeLevel
    icon = "list-ol"
    list_display = ["name", "sort_order"]


class SubjectViewSet(VocabularyViewSet):
    model = Subject
    icon = "doc-full"
    list_display = ["name", "is_skill"]
    list_filter = ["is_skill"]


class GradeViewSet(SnippetViewSet):
    model = Grade
    icon = "order"


class ResourceTypeViewSet(VocabularyViewSet):
    model = ResourceType
    icon = "media"


class LicenceViewSet(VocabularyViewSet):
    model = Licence
    icon = "clipboard-list"
    list_display = ["name", "allows_derivatives", "allows_commercial", "share_alike"]


class ProvinceViewSet(VocabularyViewSet):
    model = Province
    icon = "site"


class CentreViewSet(VocabularyViewSet):
    model = Centre
    icon = "home"
    list_display = ["name", "kind", "province"]
    list_filter = ["kind", "province"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Danh mục")
    menu_icon = "tag"
    menu_order = 250
    items = (
        ProgrammeLevelViewSet,
        SubjectViewSet,
        GradeViewSet,
        ResourceTypeViewSet,
        LicenceViewSet,
        ProvinceViewSet,
        CentreViewSet,
    )


register_snippet(TaxonomyViewSetGroup)


class DeskMenuItem(MenuItem):
    """The teacher's desk ("my materials", on the public site), shown to centre teachers."""

    def is_shown(self, request):
        return teacher_centres(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem(
        _("Bàn làm việc của tôi"),
        reverse("desk:index"),
        name="desk",
        icon_name="desktop",
        order=150,
    )


class OfflinePacksMenuItem(MenuItem):
    """Offline packs (content_models/offline/admin_views.py): editors, and teachers for their
    own centre."""

    def is_shown(self, request):
        return may_use_packs(request.user)


@hooks.register("register_admin_urls")
def register_offline_pack_urls():
    return [path("goi-ngoai-tuyen/", include(offline_admin_urls, namespace="offline_packs_admin"))]


@hooks.register("register_admin_menu_item")
def register_offline_packs_menu_item():
    return OfflinePacksMenuItem(
        _("Gói ngoại tuyến"),
        reverse("offline_packs_admin:index"),
        name="offline-packs",
        icon_name="download",
        order=160,
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_of_same_title_lessons(request, page):
    """A lesson saved with the title of another lesson of its centre: warn, with a link to the
    other one (a warning, not an error; content_models/duplicates.py)."""
    if not isinstance(page, LessonPage):
        return
    others = lessons_titled(page.title, page.centre_id, exclude_pk=page.pk)
    if others:
        messages.warning(
            request,
            gettext(
                "Trung tâm đã có %(count)s bài khác cùng tiêu đề “%(title)s”. Nếu là cùng một "
                "học liệu, hãy sửa bài đã có thay vì tạo bản trùng; nếu khác, hãy đặt tiêu đề "
                "phân biệt."
            )
            % {"count": len(others), "title": page.title},
            buttons=[
                messages.button(
                    reverse("wagtailadmin_pages:edit", args=[other.pk]),
                    gettext("Mở bài “%(title)s” (#%(id)s)")
                    % {"title": other.title, "id": other.pk},
                )
                for other in others[:3]
            ],
        )


class ReportsMenuItem(MenuItem):
    """The school-year reports, for editors and for a centre's directors and teachers.

    An item of Wagtail's own "Báo cáo" (Reports) submenu, beside its locked-pages and workflow
    reports, rather than a second top-level "Báo cáo" (docs/usage-and-reports.md)."""

    def is_shown(self, request):
        return may_see_reports(request.user)


@hooks.register("register_admin_urls")
def register_reports_urls():
    return [path("bao-cao/", include(report_urls, namespace="reports"))]


@hooks.register("register_reports_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Sử dụng và đóng góp học liệu"),
        reverse("reports:index"),
        name="usage-reports",
        icon_name="table",
        order=100,
    )
