"""Admin screen of an offline pack of a search result: the words and filters of the search
page, the estimated size first, then the build in the background (`build_search_pack_task`).

It lives in the search room because it runs a search; the list, progress and downloads of the
packs it records are the content_models screens' (`content_models/offline/admin_views.py`).
A teacher's search is limited to their own centre's lessons (`permissions.search_centres`).
See docs/offline-packs.md.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from content_models.models.offline_packs import PackFormat
from content_models.offline.admin_views import PackRequestForm
from content_models.offline.estimate import estimate_lessons
from content_models.offline.permissions import may_use_packs, search_centres
from content_models.offline.service import claim_pack
from content_models.offline.sources import PackError
from search.offline_packs import (
    build_search_pack_task,
    parse_request,
    search_lessons,
    search_source,
)


class SearchPackForm(forms.Form):
    """The words and the filters of a search, as on the search page."""

    q = forms.CharField(label=gettext_lazy("Từ khóa tìm kiếm"), required=False, max_length=200)
    filters = forms.CharField(
        label=gettext_lazy("Bộ lọc"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy(
            "Như trên trang tìm kiếm, cách nhau bởi dấu cách, ví dụ: grade=12 subject=toan "
            "(level, subject, grade, type, licence, reusable, centre, province, language, year)."
        ),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Định dạng"), choices=PackFormat.choices, initial=PackFormat.ZIP
    )
    originals = PackRequestForm.base_fields["originals"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.centres = search_centres(user)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        filters = data.get("filters", "").split()
        centre_id = None
        if self.centres is not None:
            # A teacher: only their centre's lessons, whatever the filters say.
            own = {centre.slug: centre.pk for centre in self.centres}
            asked = [item.partition("=")[2] for item in filters if item.startswith("centre=")]
            if any(slug not in own for slug in asked):
                raise forms.ValidationError(
                    _("Giáo viên chỉ tạo được gói từ bài học của trung tâm mình.")
                )
            if not asked:
                filters += [f"centre={slug}" for slug in sorted(own)]
            centre_id = own[asked[0]] if asked else min(own.values(), default=None)
        try:
            data["query"] = parse_request(data.get("q", ""), filters)
        except PackError as error:
            raise forms.ValidationError(str(error)) from error
        data["centre_id"] = centre_id
        return data


@require_http_methods(["GET", "HEAD", "POST"])
def create_search_pack(request):
    """GET: the form. POST `estimate`: the lessons found and the estimated size. POST `build`:
    the pack is recorded as building and the job queued after the commit."""
    if not may_use_packs(request.user):
        raise PermissionDenied
    form = SearchPackForm(request.POST or None, user=request.user)
    context = {"form": form, "estimate": None}
    if request.method == "POST" and form.is_valid():
        query, pack_format = form.cleaned_data["query"], form.cleaned_data["format"]
        originals = form.cleaned_data["originals"]
        with translation.override(settings.LANGUAGE_CODE):  # the pack's language, not the UI's
            source = search_source(query, form.cleaned_data["centre_id"])
        try:
            lessons = search_lessons(query, max_lessons=settings.HLM_OFFLINE_PACK_MAX_LESSONS)
            context["estimate"] = estimate_lessons(lessons, originals=originals)
        except PackError as error:
            form.add_error(None, str(error))
        else:
            if context["estimate"].total_bytes > settings.HLM_OFFLINE_PACK_MAX_BYTES:
                form.add_error(
                    None, _("Gói ước tính vượt giới hạn dung lượng của một gói ngoại tuyến.")
                )
            elif "build" in request.POST:
                _pack, ready = claim_pack(source, pack_format, lessons, originals)
                if ready:
                    messages.info(request, _("Gói này đã có sẵn, nội dung chưa thay đổi."))
                else:
                    args = (source.query_string, pack_format, source.centre_id, originals)
                    transaction.on_commit(lambda: build_search_pack_task.enqueue(*args))
                    messages.success(
                        request,
                        _("Đang tạo gói “%(title)s” trong nền; trang này cho biết khi nào xong.")
                        % {"title": source.title},
                    )
                return redirect("offline_packs_admin:index")
        context["source"] = source
    return TemplateResponse(request, "offline_packs/admin/create.html", context)
