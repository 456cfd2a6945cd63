"""The failed and rescued queries in the Wagtail admin, with a one-step "add as synonym".

Editors who may change the synonym list (`search.change_searchsynonym`) see the queries that
found nothing or were rescued by the repair (`SearchQueryLog`, most frequent first) and turn
one into a `SearchSynonym` ("<query>, <what it means>") from its row. Nobody adds or edits log
rows here: the permission policy grants "view" only, and only to those editors. See
docs/search-repair.md.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from search.models import SearchQueryLog, SearchSynonym

SYNONYM_PERMISSION = "search.change_searchsynonym"


class QueryLogPolicy(ModelPermissionPolicy):
    """ "view" for users who may change synonyms; every other action refused."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm(SYNONYM_PERMISSION)


register_permission_policy(SearchQueryLog, QueryLogPolicy(SearchQueryLog))


class AddSynonymForm(forms.Form):
    meaning = forms.CharField(max_length=200, strip=True)

    def __init__(self, log, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.log = log

    def clean(self):
        cleaned = super().clean()
        meaning = " ".join(cleaned.get("meaning", "").replace(",", " ").split())
        if not meaning or meaning.casefold() == self.log.text.casefold():
            raise forms.ValidationError(_("Hãy nhập từ có nghĩa tương đương, khác từ đã tìm."))
        terms = f"{self.log.text}, {meaning}"
        if SearchSynonym.objects.filter(terms=terms).exists():
            raise forms.ValidationError(_("Từ đồng nghĩa này đã có trong danh sách."))
        cleaned["terms"] = terms
        return cleaned


class AddSynonymColumn(Column):
    """A small form in each row: the words the query means (pre-filled with the repair's
    reading, if any) and a button that saves them as a synonym."""

    cell_template_name = "search/admin/add_synonym_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = get_token(request) if request else ""
        context["action"] = reverse("search_query_log:add_synonym", args=[instance.pk])
        return context


class MostFrequentIndexView(IndexView):
    default_ordering = "-count"


@require_POST
def add_synonym(request, pk):
    if not QueryLogPolicy(SearchQueryLog).user_has_permission(request.user, "view"):
        raise PermissionDenied
    log = get_object_or_404(SearchQueryLog, pk=pk)
    form = AddSynonymForm(log, request.POST)
    if form.is_valid():
        SearchSynonym.objects.create(terms=form.cleaned_data["terms"])
        messages.success(
            request, _("Đã thêm từ đồng nghĩa: %(terms)s") % {"terms": form.cleaned_data["terms"]}
        )
    else:
        for error in form.errors.get("__all__", []) or [_("Hãy nhập từ có nghĩa tương đương.")]:
            messages.error(request, error)
    return redirect("search_query_log:index")


class SearchQueryLogViewSet(ModelViewSet):
    model = SearchQueryLog
    icon = "warning"
    menu_label = gettext_lazy("Từ khóa tìm không thấy")
    menu_order = 261
    add_to_admin_menu = True
    url_prefix = "tu-khoa-tim-kiem"
    name = "search_query_log"
    list_display = [
        "text",
        "outcome",
        "corrected",
        "count",
        "day",
        AddSynonymColumn("add_synonym", label=gettext_lazy("Thêm làm từ đồng nghĩa")),
    ]
    list_filter = ["outcome", "day"]
    search_fields = ["text"]
    search_backend_name = None  # plain database filter (content_models/wagtail_hooks.py)
    index_view_class = MostFrequentIndexView
    # Required by ModelViewSet; the add and edit views are refused by the policy anyway.
    form_fields = ["text"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/tu-dong-nghia/", add_synonym, name="add_synonym"),
        ]
