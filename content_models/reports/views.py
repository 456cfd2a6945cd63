"""The reports in the Wagtail admin ("Báo cáo" menu) and their XLSX/CSV downloads.

Every view reads the centres the user may see (`scope.visible_centres`) first; a province or
centre outside them is a 404, a malformed period a 400 with the reason.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from content_models.reports.charts import bar_chart
from content_models.reports.periods import BadPeriod, period_from
from content_models.reports.queries import METRIC_KEYS, METRICS, build_report
from content_models.reports.scope import sees_every_province, visible_centres
from content_models.reports.writers import CSV_TYPE, XLSX_TYPE, write_csv, write_xlsx

FILTERS = ("year", "from", "to", "province", "centre")
# Rows of a level drawn on the page (a province has hundreds of teachers); the exports hold all.
ROWS_SHOWN = 50


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404 from error


def report_for(request):
    """(report, scope label, the filter parameters) of the request, or raise."""
    centres = visible_centres(request.user)
    if not centres.exists():
        raise PermissionDenied
    period = period_from(request.GET, timezone.localdate())
    label = _("Mọi tỉnh, thành phố") if sees_every_province(request.user) else ""
    if request.GET.get("province"):
        centres = centres.filter(province_id=_int(request.GET["province"]))
        if not centres.exists():
            raise Http404
        label = centres.first().province.name
    if request.GET.get("centre"):
        centres = centres.filter(pk=_int(request.GET["centre"]))
        if not centres.exists():
            raise Http404
        label = centres.first().name
    if not label:
        label = ", ".join(centres.values_list("name", flat=True))
    return build_report(period, centres.values("pk")), label


def _sorted(rows, key, descending):
    if key in METRIC_KEYS:
        return sorted(rows, key=lambda row: row.figures[key], reverse=descending)
    return rows


def index(request):
    try:
        report, label = report_for(request)
    except BadPeriod as error:
        return HttpResponseBadRequest(str(error))
    sort, descending = request.GET.get("sort", ""), request.GET.get("dir") != "asc"
    params = {k: v for k, v in request.GET.items() if k in FILTERS}
    levels = []
    for level, title in (
        ("provinces", _("Theo tỉnh, thành phố")),
        ("centres", _("Theo trung tâm")),
        ("teachers", _("Theo giáo viên")),
    ):
        rows = _sorted(report.level_rows()[level], sort, descending)
        levels.append(
            {
                "key": level,
                "title": title,
                "rows": rows[:ROWS_SHOWN],
                "total": len(rows),
                "hidden": len(rows) > ROWS_SHOWN,
            }
        )
    sort_links = [
        {
            "key": key,
            "label": label_text,
            "url": "?"
            + urlencode(
                {**params, "sort": key, "dir": "asc" if sort == key and descending else "desc"}
            ),
            "current": sort == key,
        }
        for key, label_text in METRICS
    ]
    charts = [
        bar_chart(
            _("Bài công bố theo tháng"),
            [(f"{month:02d}/{year}", n) for (year, month), n, _v in report.months],
        ),
        bar_chart(
            _("Lượt xem theo trung tâm"),
            [(row.name, row.figures["views"]) for row in report.centres][:15],
            colour="#3a7d44",
        ),
        bar_chart(
            _("Học liệu được xem nhiều nhất"), [(t, n) for t, _c, n in report.top], "#8a5a00"
        ),
    ]
    return render(
        request,
        "reports/index.html",
        {
            "report": report,
            "scope_label": label,
            "levels": levels,
            "sort_links": sort_links,
            "charts": [chart for chart in charts if chart],
            "export_query": urlencode(params),
            "centres": visible_centres(request.user).select_related("province").order_by("name"),
            "params": params,
        },
    )


def export(request, fmt):
    try:
        report, label = report_for(request)
    except BadPeriod as error:
        return HttpResponseBadRequest(str(error))
    name = f"bao-cao-{report.period.slug}"
    if fmt == "xlsx":
        response = HttpResponse(write_xlsx(report, label), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(write_csv(report), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
