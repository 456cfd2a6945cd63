"""The teacher's desk ("Bàn làm việc của tôi"): my materials, submit for review, reuse."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.models import Page

from content_models.desk.forms import ReuseForm
from content_models.desk.materials import (
    STATUS_LABELS,
    STATUS_ORDER,
    attach_originals,
    centre_libraries,
    desk_item,
    materials_for,
    submit_for_review,
    submit_verdict,
    workflow_paths,
)
from content_models.licensing import derivative_rule
from content_models.models import CoursePage, LessonPage
from content_models.reports.evidence import teacher_evidence
from content_models.reports.pdf import PDF_TYPE, write_evidence_pdf
from content_models.reports.periods import BadPeriod, period_from, recent_school_years
from content_models.reports.writers import XLSX_TYPE, write_evidence_xlsx
from content_models.reuse import (
    ReuseRefused,
    reuse_destinations,
    reuse_lesson,
    reuse_verdict,
)
from content_models.usage.totals import usage_by_page

PER_PAGE = 20


def refused(request, reason, *, original=None, status=403):
    """A 403 page that says why, in Vietnamese."""
    return TemplateResponse(
        request,
        "desk/refused.html",
        {"reason": reason, "original": original},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def index(request):
    """The logged-in user's lessons and courses with their review state."""
    libraries = centre_libraries(request.user)
    pages = attach_originals(list(materials_for(request.user, libraries)), request.user)
    paths = workflow_paths()
    items = [desk_item(page, request.user, paths) for page in pages]
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for item in items:
        counts[item.status] += 1
    status = request.GET.get("status", "")
    if status not in STATUS_LABELS:
        status = ""
    shown = [item for item in items if item.status == status] if status else items
    page_obj = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    usage = usage_by_page(item.page.pk for item in page_obj.object_list)
    for item in page_obj.object_list:
        item.views, item.downloads = usage[item.page.pk]
    tabs = [
        {"value": "", "label": _("Tất cả"), "count": len(items), "current": not status},
        *(
            {
                "value": value,
                "label": STATUS_LABELS[value],
                "count": counts[value],
                "current": status == value,
            }
            for value in STATUS_ORDER
        ),
    ]
    add_links = [
        {
            "library": library,
            "lesson_url": reverse(
                "wagtailadmin_pages:add", args=["content_models", "lessonpage", library.pk]
            ),
            "course_url": reverse(
                "wagtailadmin_pages:add", args=["content_models", "coursepage", library.pk]
            ),
        }
        for library in libraries
        if library.permissions_for_user(request.user).can_add_subpage()
    ]
    return TemplateResponse(
        request,
        "desk/index.html",
        {
            "items": page_obj.object_list,
            "page_obj": page_obj,
            "tabs": tabs,
            "status": status,
            "add_links": add_links,
            "total": len(items),
            "school_years": recent_school_years(timezone.localdate()),
        },
    )


@login_required
@require_POST
def submit(request, page_id):
    """Send a lesson or course's latest draft to review (CSRF-protected POST)."""
    page = get_object_or_404(Page.objects.type(LessonPage, CoursePage), pk=page_id).specific
    verdict = submit_verdict(page, request.user)
    if not verdict:
        if not page.permissions_for_user(request.user).can_edit():
            return refused(request, verdict.reason)
        messages.error(request, verdict.reason)
        return redirect("desk:index")
    submit_for_review(page, request.user)
    messages.success(
        request,
        _("Đã gửi “%(title)s” cho biên tập viên duyệt.")
        % {"title": page.get_admin_display_title()},
    )
    return redirect("desk:index")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reuse(request, page_id):
    """Confirm (GET) and perform (POST) the copy of a published lesson into my centre."""
    original = get_object_or_404(
        LessonPage.objects.live().public().select_related("licence", "centre"), pk=page_id
    )
    verdict = reuse_verdict(original, request.user)
    if not verdict:
        return refused(request, verdict.reason, original=original)
    destinations = reuse_destinations(request.user)
    form = ReuseForm(
        request.POST if request.method == "POST" else None,
        original=original,
        destinations=destinations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = reuse_lesson(
                original,
                user=request.user,
                destination=form.cleaned_data["destination"],
                licence=form.cleaned_data["licence"],
                request=request,
            )
        except ReuseRefused as error:
            return refused(request, str(error), original=original)
        messages.success(
            request,
            _("Đã tạo bản nháp “%(title)s” trong %(library)s. Hãy chỉnh sửa rồi gửi duyệt.")
            % {"title": copy.title, "library": copy.get_parent().title},
        )
        return redirect("desk:index")
    existing = LessonPage.objects.filter(
        derived_from=original, centre__in=[library.centre_id for library in destinations]
    ).order_by("-pk")[:5]
    return TemplateResponse(
        request,
        "desk/reuse_confirm.html",
        {
            "original": original,
            "form": form,
            "rule": derivative_rule(original.licence),
            "existing": existing,
        },
    )


EVIDENCE_FORMATS = {
    "xlsx": (write_evidence_xlsx, XLSX_TYPE),
    "pdf": (write_evidence_pdf, PDF_TYPE),
}


@login_required
@require_http_methods(["GET", "HEAD"])
def evidence(request, fmt):
    """The logged-in teacher's evidence sheet (minh chứng BDTX / thi đua) for a school year, as
    XLSX or PDF: only their own work, whoever asks (docs/usage-and-reports.md)."""
    try:
        period = period_from(request.GET, timezone.localdate())
    except BadPeriod as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    write, content_type = EVIDENCE_FORMATS[fmt]
    response = HttpResponse(
        write(teacher_evidence(request.user, period)), content_type=content_type
    )
    response["Content-Disposition"] = (
        f'attachment; filename="minh-chung-{request.user.pk}-{period.slug}.{fmt}"'
    )
    return response
