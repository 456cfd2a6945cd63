"""Admin registration of the vocabularies as snippets, grouped in one menu.

The listings search their short name columns with the database (`search_backend_name =
None`): Wagtail's search index holds no rows for the terms seeded by migrations, and its
SQLite backend fails on a `search_fields` column filter ("no such column: name").
https://docs.wagtail.org/en/stable/reference/viewsets.html#wagtail.admin.viewsets.model.ModelViewSet.search_backend_name
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content_models.models import (
    Centre,
    Grade,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
)
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


class ReportsMenuItem(MenuItem):
    """The school-year reports, for editors and for a centre's directors and teachers."""

    def is_shown(self, request):
        return may_see_reports(request.user)


@hooks.register("register_admin_urls")
def register_reports_urls():
    return [path("bao-cao/", include(report_urls, namespace="reports"))]


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Báo cáo"), reverse("reports:index"), name="reports", icon_name="table", order=160
    )
