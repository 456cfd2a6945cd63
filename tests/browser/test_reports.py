"""The school-year report page in the browser: an editor logs in, opens "Báo cáo", sees the
charts and the tables with the figures of the database, sorts a table, and the page stays
readable on a phone. Screenshots go to test-artifacts/screenshots/."""

from datetime import date

import pytest
from playwright.sync_api import expect

from content_models.models import Centre, DailyUsage, Licence, Province, ensure_centre_library
from content_models.reuse import reuse_lesson
from tests.browser.conftest import PHONE
from tests.factories.pages import LessonPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YEAR = "2025-2026"


@pytest.fixture
def usage(centre_a, centre_b, teacher_a, teacher_b):
    """A lesson of centre A reused by centre B, with views over the school year."""
    lesson = LessonPageFactory(
        parent=centre_a.library_page,
        title="Phân số và số thập phân",
        owner=teacher_a,
        licence=Licence.objects.get(name="CC BY 4.0"),
        live=False,
    )
    lesson.save_revision(user=teacher_a).publish(user=teacher_a, skip_permission_checks=True)
    lesson.refresh_from_db()
    copy = reuse_lesson(
        lesson, user=teacher_b, destination=centre_b.library_page, licence=lesson.licence
    )
    copy.save_revision(user=teacher_b).publish(user=teacher_b, skip_permission_checks=True)
    for month, n in ((9, 120), (10, 340), (11, 95), (1, 410), (3, 260)):
        year = 2025 if month >= 9 else 2026
        DailyUsage.objects.create(
            kind="view", item_id=lesson.pk, day=date(year, month, 3), count=n
        )
    DailyUsage.objects.create(kind="view", item_id=copy.pk, day=date(2025, 12, 1), count=57)
    return lesson


def test_an_editor_reads_sorts_and_views_the_report_on_a_phone(
    new_context, login, editor, centre_a, centre_b, usage, shot
):
    page = new_context().new_page()
    login(page, editor)
    # One "Báo cáo" menu: Wagtail's Reports submenu, holding the school-year report.
    page.get_by_role("button", name="Báo cáo").click()
    page.get_by_role("link", name="Sử dụng và đóng góp học liệu").click()
    expect(page.locator("h1")).to_contain_text("Báo cáo sử dụng")
    page.goto(f"/admin/bao-cao/?year={YEAR}")
    expect(page.locator(".report-charts svg").first).to_be_visible()
    centres = page.locator("table.report-table").nth(1)
    expect(centres).to_contain_text(centre_a.name)
    row_a = centres.locator("tr").filter(has_text=centre_a.name)
    expect(row_a).to_contain_text("1225")  # 120 + 340 + 95 + 410 + 260 views
    shot(page, "report-desktop")

    page.get_by_role("link", name="Lượt xem").first.click()
    expect(page.locator("th[aria-sort=descending]").first).to_contain_text("Lượt xem")
    first_centre = page.locator("table.report-table").nth(1).locator("tbody tr").first
    expect(first_centre).to_contain_text(centre_a.name)
    shot(page, "report-sorted-by-views")

    phone = new_context(**PHONE).new_page()
    login(phone, editor)
    phone.goto(f"/admin/bao-cao/?year={YEAR}")
    expect(phone.locator(".report-charts svg").first).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1, "the page itself must not scroll sideways; tables scroll inside"
    shot(phone, "report-phone")


LONG_CENTRE = (
    "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện Mường Chà, tỉnh Điện Biên"
)
LONG_TITLE = "Ứng dụng đạo hàm để khảo sát sự biến thiên và vẽ đồ thị của hàm số bậc ba – phần 2"


def test_long_names_in_the_charts_are_cut_inside_the_chart(new_context, login, editor, usage):
    """Measured by Chromium: every label starts inside its chart and ends in an ellipsis when
    cut; the full name is the bar's tooltip."""
    centre = Centre.objects.create(
        name=LONG_CENTRE, province=Province.objects.get(name="Điện Biên"), kind="gdnn_gdtx"
    )
    lesson = LessonPageFactory(
        parent=ensure_centre_library(centre),
        title=LONG_TITLE,
        licence=Licence.objects.get(name="CC BY 4.0"),
        live=False,
    )
    lesson.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    DailyUsage.objects.create(kind="view", item_id=lesson.pk, day=date(2025, 10, 1), count=999)
    page = new_context().new_page()
    login(page, editor)
    page.goto(f"/admin/bao-cao/?year={YEAR}")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('svg.report-chart g')].map(g => {
            const label = g.querySelector('text[text-anchor=end]');
            const figure = g.querySelector('text:not([text-anchor])');
            const box = label.getBBox(), end = figure.getBBox();
            const width = g.ownerSVGElement.viewBox.baseVal.width;
            return {x: box.x, right: end.x + end.width, width, text: label.textContent,
                    title: g.querySelector('title').textContent};
        })"""
    )
    assert boxes
    for box in boxes:
        assert box["x"] >= 0, box
        assert box["right"] <= box["width"], box
    cut = {box["title"].rsplit(":", 1)[0]: box["text"] for box in boxes}
    for name in (LONG_CENTRE, LONG_TITLE):
        assert cut[name].endswith("…") and name.startswith(cut[name][:-1])
