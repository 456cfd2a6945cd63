"""The report's SVG bar charts (content_models/reports/charts.py): long centre and lesson names
are cut to their column with an ellipsis and keep the full name in the bar's tooltip; figures
never run past the chart. tests/browser/test_reports.py measures the same in Chromium."""

import re
from html import unescape

from content_models.reports.charts import LABEL_WIDTH, PADDING, WIDTH, bar_chart, text_width

LONG = "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện Mường Chà, tỉnh Điện Biên"


def labels(svg):
    return [
        unescape(t) for t in re.findall(r'<text [^>]*text-anchor="end"[^>]*>([^<]*)</text>', svg)
    ]


def test_a_long_name_is_cut_with_an_ellipsis_and_kept_whole_in_the_tooltip():
    svg = bar_chart("Lượt xem theo trung tâm", [(LONG, 1234567), ("Trung tâm GDTX Lào Cai", 5)])
    long_label, short_label = labels(svg)
    assert long_label.endswith("…") and LONG.startswith(long_label[:-1])
    assert text_width(long_label) <= LABEL_WIDTH - 2 * PADDING
    assert short_label == "Trung tâm GDTX Lào Cai"
    # The figure is grouped the way the active language writes it (1.234.567 in Vietnamese).
    assert re.search(rf"<title>{re.escape(LONG)}: 1[.,]?234[.,]?567</title>", unescape(svg))


def test_wide_capitals_are_cut_earlier_than_narrow_letters():
    wide = labels(bar_chart("t", [("MƯỜNG WÀ " * 6, 1)]))[0]
    narrow = labels(bar_chart("t", [("lịch sử " * 10, 1)]))[0]
    assert len(wide) < len(narrow)


def test_the_longest_figure_fits_after_the_longest_bar():
    svg = bar_chart("t", [("A", 987654321), ("B", 1)])
    x, figure = re.findall(r'<text x="(\d+)" y="\d+" font-size="12">([^<]*)</text>', svg)[0]
    assert int(x) + text_width(figure) <= WIDTH


def test_markup_in_a_name_stays_text():
    svg = bar_chart("t", [('<script>alert(1)</script>"', 3)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
