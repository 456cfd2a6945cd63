"""Wagtail admin: the synonym snippet, the index health panel, warnings after page changes."""

from django.contrib import messages
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.health import change_warning, index_health
from search.models import SearchSynonym
from search.offline_admin import create_search_pack
from search.query_log_admin import SearchQueryLogViewSet


class SearchSynonymViewSet(SnippetViewSet):
    """Editors extend the synonym list; a change applies to the next search (no reindex)."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("Từ đồng nghĩa tìm kiếm")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["terms"]
    search_fields = ["terms"]


register_snippet(SearchSynonymViewSet)


@hooks.register("register_admin_viewset")
def register_query_log():
    return SearchQueryLogViewSet()


class SearchHealthPanel(Component):
    """Dashboard panel: pending outbox rows and the last error of each target."""

    name = "search_health"
    order = 120
    template_name = "search/admin/health_panel.html"

    def get_context_data(self, parent_context=None):
        return {"health": index_health()}


def _may_see_health(user):
    return user.is_superuser or user.has_perm("search.change_searchsynonym")


@hooks.register("construct_homepage_panels")
def add_search_health_panel(request, panels):
    if _may_see_health(request.user):
        panels.append(SearchHealthPanel())


def _warn(request, page_id=None):
    message = change_warning(page_id)
    if message:
        messages.warning(request, message)


@hooks.register("after_publish_page")
def warn_after_publish(request, page):
    _warn(request, page.pk)


@hooks.register("after_unpublish_page")
def warn_after_unpublish(request, page):
    _warn(request, page.pk)


@hooks.register("after_move_page")
def warn_after_move(request, page):
    _warn(request, page.pk)


@hooks.register("after_delete_page")
def warn_after_delete(request, page):
    # The delete view runs in one transaction, so the drain has not happened yet: warn when
    # Elasticsearch is known to be failing.
    _warn(request)


@hooks.register("register_admin_urls")
def register_offline_search_pack_url():
    """An offline pack of a search result (search/offline_admin.py), linked from the offline
    packs list of content_models."""
    return [
        path(
            "goi-ngoai-tuyen/tim-kiem/",
            create_search_pack,
            name="offline_search_pack",
        )
    ]
