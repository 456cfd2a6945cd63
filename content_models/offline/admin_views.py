"""Admin screens of offline packs: the list with status and progress, the estimate shown
before a build, the build started in the background, and the download.

Every view asks `offline.permissions` (one rule: editors anything, teachers their own centre).
See docs/offline-packs.md.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from content_models.models.offline_packs import PackFormat, PackStatus
from content_models.offline.estimate import estimate
from content_models.offline.permissions import (
    may_use_packs,
    packable_sources,
    visible_packs,
)
from content_models.offline.service import claim_pack, pack_file_response
from content_models.offline.sources import PackError, lessons_of
from content_models.offline.tasks import build_offline_pack_task


class PackRequestForm(forms.Form):
    """Which source, in which format; the sources offered are those the user may pack."""

    source = forms.ModelChoiceField(
        label=gettext_lazy("Nguồn (bộ sưu tập, học phần hoặc thư viện trung tâm)"),
        queryset=None,
        empty_label=None,
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Định dạng"), choices=PackFormat.choices, initial=PackFormat.ZIP
    )
    originals = forms.BooleanField(
        label=gettext_lazy("Dùng tệp gốc thay cho bản nhẹ"),
        required=False,
        help_text=gettext_lazy(
            "Video, âm thanh và PDF lớn ở chất lượng gốc (gói nặng hơn nhiều), ví dụ cho máy "
            "tính và máy chiếu của trung tâm."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = packable_sources(user)


def _require_pack_user(request):
    if not may_use_packs(request.user):
        raise PermissionDenied


@require_safe
def index(request):
    _require_pack_user(request)
    packs = list(visible_packs(request.user).select_related("source_page")[:200])
    return TemplateResponse(
        request,
        "offline_packs/admin/index.html",
        {
            "packs": packs,
            "building": any(pack.status == PackStatus.BUILDING for pack in packs),
            "statuses": PackStatus,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    """GET: the form. POST `estimate`: the estimated size, with a button to build. POST
    `build`: the pack row is recorded as building and the job is queued."""
    _require_pack_user(request)
    form = PackRequestForm(request.POST or None, user=request.user)
    context = {"form": form, "estimate": None}
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"].specific
        pack_format = form.cleaned_data["format"]
        originals = form.cleaned_data["originals"]
        try:
            context["estimate"] = estimate(
                source, max_lessons=settings.HLM_OFFLINE_PACK_MAX_LESSONS, originals=originals
            )
        except PackError as error:
            form.add_error("source", str(error))
            context["estimate"] = None
        else:
            if context["estimate"].total_bytes > settings.HLM_OFFLINE_PACK_MAX_BYTES:
                form.add_error(
                    "source",
                    _("Gói ước tính vượt giới hạn dung lượng của một gói ngoại tuyến."),
                )
            elif "build" in request.POST:
                start_build(request, source, pack_format, originals)
                return redirect("offline_packs_admin:index")
        context["source"] = source
    return TemplateResponse(request, "offline_packs/admin/create.html", context)


def start_build(request, source, pack_format, originals=False):
    """Record the pack as BUILDING (so the list shows it at once) and queue the job, unless
    a ready pack of the same content exists already."""
    lessons = lessons_of(source)
    pack, ready = claim_pack(source, pack_format, lessons, originals)
    if ready:
        messages.info(request, _("Gói này đã có sẵn, nội dung chưa thay đổi."))
        return pack
    source_id = source.pk
    transaction.on_commit(
        lambda: build_offline_pack_task.enqueue(source_id, pack_format, originals)
    )
    messages.success(
        request,
        _("Đang tạo gói “%(title)s” trong nền; trang này cho biết khi nào xong.")
        % {"title": source.title},
    )
    return pack


@require_safe
def download(request, pack_id):
    _require_pack_user(request)
    pack = get_object_or_404(
        visible_packs(request.user).select_related("source_page"),
        pk=pack_id,
        status=PackStatus.READY,
    )
    if not pack.file:
        raise Http404
    return pack_file_response(pack)
