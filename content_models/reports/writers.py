"""A report as XLSX (openpyxl) or CSV.

XLSX: a summary sheet, then one sheet per level (provinces, centres, teachers) and the
programme-level and subject breakdowns; Vietnamese headings, numbers stored as numbers and
dates as dates, frozen header row, column widths, A4 landscape fitted to one page wide.
CSV: one table (every level, a column saying which), UTF-8 with a byte-order mark so Excel
reads Vietnamese correctly. See docs/usage-and-reports.md.
"""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from content_models.reports.queries import METRIC_KEYS, METRICS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def level_titles():
    return {
        "provinces": (_("Tỉnh, thành phố"), _("Tỉnh/thành phố"), ""),
        "centres": (_("Trung tâm"), _("Trung tâm"), _("Tỉnh/thành phố")),
        "teachers": (_("Giáo viên"), _("Giáo viên"), _("Trung tâm")),
    }


def metric_headings():
    return [str(label) for _key, label in METRICS]


def _sheet(workbook, title, headings, rows, widths=None):
    sheet = workbook.create_sheet(title[:31])
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(headings, start=1):
        width = (widths or {}).get(index) or max(12, min(40, len(str(heading)) + 2))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    return sheet


def write_xlsx(report, scope_label=""):
    """The report as the bytes of an XLSX workbook."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    summary = _sheet(
        workbook,
        _("Tổng hợp"),
        [_("Nội dung"), _("Giá trị")],
        [
            [_("Báo cáo"), _("Báo cáo sử dụng và đóng góp học liệu")],
            [_("Kỳ báo cáo"), str(report.period.label)],
            [_("Từ ngày"), report.period.start],
            [_("Đến ngày"), report.period.end],
            [_("Phạm vi"), scope_label],
            [_("Ngày lập"), timezone.localdate()],
            *[[str(label), report.totals[key]] for key, label in METRICS],
        ],
        widths={1: 34, 2: 44},
    )
    _date_cells(summary, 2)
    for level, rows in report.level_rows().items():
        title, name_heading, parent_heading = level_titles()[level]
        headings = [name_heading, *([parent_heading] if parent_heading else [])]
        _sheet(
            workbook,
            title,
            [*headings, *metric_headings()],
            [[row.name, *([row.parent] if parent_heading else []), *row.values()] for row in rows],
            widths={1: 36, 2: 30 if parent_heading else None},
        )
    _sheet(
        workbook,
        _("Cấp học"),
        [_("Trung tâm"), _("Chương trình/cấp học"), _("Bài công bố")],
        [list(row) for row in report.levels],
        widths={1: 36, 2: 36},
    )
    _sheet(
        workbook,
        _("Môn học"),
        [_("Trung tâm"), _("Môn học"), _("Bài công bố")],
        [list(row) for row in report.subjects],
        widths={1: 36, 2: 30},
    )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _date_cells(sheet, column):
    for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
        if hasattr(cell.value, "year"):
            cell.number_format = "DD/MM/YYYY"


def write_evidence_xlsx(evidence):
    """A teacher's evidence sheet (reports/evidence.py) as the bytes of an XLSX workbook:
    a summary, their lessons first published in the period, and the reuses by other centres."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    summary = _sheet(
        workbook,
        _("Tổng hợp"),
        [_("Nội dung"), _("Giá trị")],
        [
            [_("Minh chứng"), _("Minh chứng bồi dưỡng thường xuyên, thi đua")],
            [_("Giáo viên"), evidence.teacher],
            [_("Trung tâm"), ", ".join(evidence.centres)],
            [_("Kỳ báo cáo"), str(evidence.period.label)],
            [_("Từ ngày"), evidence.period.start],
            [_("Đến ngày"), evidence.period.end],
            [_("Ngày lập"), timezone.localdate()],
            [_("Bài công bố lần đầu"), len(evidence.lessons)],
            [_("Được trung tâm khác dùng lại"), len(evidence.reuses)],
            [_("Lượt duyệt đã làm"), evidence.reviews],
            [_("Lượt xem"), evidence.views],
            [_("Lượt tải"), evidence.downloads],
        ],
        widths={1: 34, 2: 44},
    )
    _date_cells(summary, 2)
    lessons = _sheet(
        workbook,
        _("Bài học"),
        [
            _("Bài học"),
            _("Trung tâm"),
            _("Ngày công bố"),
            _("Lượt xem"),
            _("Lượt tải"),
            _("Được trung tâm khác dùng lại"),
        ],
        [list(row) for row in evidence.lessons],
        widths={1: 44, 2: 30, 3: 14},
    )
    _date_cells(lessons, 3)
    reuses = _sheet(
        workbook,
        _("Dùng lại"),
        [_("Bài gốc"), _("Trung tâm dùng lại"), _("Giáo viên dùng lại"), _("Ngày công bố")],
        [list(row) for row in evidence.reuses],
        widths={1: 44, 2: 30, 3: 26, 4: 14},
    )
    _date_cells(reuses, 4)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def write_csv(report):
    """The report as UTF-8 CSV text with a byte-order mark (as bytes)."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([_("Cấp"), _("Tên"), _("Thuộc"), *metric_headings()])
    for level, rows in report.level_rows().items():
        level_name = level_titles()[level][0]
        for row in rows:
            writer.writerow([level_name, row.name, row.parent, *row.values()])
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def metric_index(key):
    return METRIC_KEYS.index(key)
