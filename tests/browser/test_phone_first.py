"""Phone first (docs/public-site.md): on a 360 px phone a lesson's first screen holds its
title, summary and the file to open; its facts do not break a label; nothing scrolls
sideways; the teacher's desk is styled and Wagtail's userbar does not cover text. The same
pages are kept as screenshots at 360 px and 1280 px (test-artifacts/screenshots/)."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.content import LEVEL_THPT, make_document, pdf_bytes, publish_lesson
from tests.cms.conftest import make_image
from tests.factories.pages import CoursePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Phương trình bậc hai một ẩn"
SUMMARY = (
    "Nhận dạng phương trình bậc hai, tính biệt thức Δ và giải bằng công thức nghiệm, kèm ví dụ "
    "từ bài toán diện tích ruộng bậc thang."
)
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def lesson(centre_a):
    document = make_document(centre_a, "Phiếu học tập", pdf_bytes("Phieu hoc tap"))
    page = publish_lesson(
        centre_a,
        TITLE,
        summary=SUMMARY,
        levels=[LEVEL_THPT],
        subjects=["Toán"],
        grades=[10],
        objectives=["Nhận biết phương trình bậc hai", "Tính biệt thức Δ"],
        body=[("Công thức nghiệm", "<p>" + "Xét phương trình ax² + bx + c = 0. " * 40 + "</p>")],
        authors="Nguyễn Thị Hoa",
        attachments=[(document, "Phiếu học tập")],
        formulas=[r"x_{1,2} = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}"],
    )
    return SimpleNamespace(page=page, url=page.url)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_lesson_first_screen_on_a_phone(new_context, shot, lesson):
    page = new_context(**PHONE).new_page()
    page.goto(lesson.url)
    height = page.viewport_size["height"]
    for selector in ("h1", ".lesson-header .lead", ".attachment .attachment-title"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["y"] + box["height"] <= height, (selector, box)
    # The facts: every label on one line.
    for label in page.locator(".facts dt").all():
        box = label.bounding_box()
        line = float(label.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        assert box["height"] <= line * 1.2, (label.inner_text(), box)
    _no_sideways_scroll(page)
    shot(page, "lesson-360", full_page=False)
    desktop = new_context(**DESKTOP).new_page()
    desktop.goto(lesson.url)
    shot(desktop, "lesson-1280")


def test_course_first_screen_on_a_phone(new_context, shot, lesson, centre_a):
    """A course opens like a lesson: title, summary and "Bắt đầu học" on the first screen; its
    cover is the share picture and the cards' thumbnail, not a poster on the page."""
    course = CoursePageFactory(
        parent=centre_a.library_page,
        title="Toán 10: phương trình bậc hai và hàm số",
        summary="Học phần ôn luyện phương trình bậc hai và hàm số bậc hai cho học viên lớp 10.",
        cover_image=make_image("Ảnh bìa học phần"),
        live=False,
    )
    course.units = [
        ("unit", {"title": "Phương trình", "description": "", "lessons": [lesson.page]})
    ]
    course.save_revision().publish()
    page = new_context(**PHONE).new_page()
    page.goto(course.url)
    start = page.get_by_role("link", name="Bắt đầu học").bounding_box()
    assert start and start["y"] + start["height"] <= page.viewport_size["height"], start
    assert page.locator("main figure.cover").count() == 0
    assert page.locator('meta[property="og:image"]').count() == 1
    _no_sideways_scroll(page)
    shot(page, "course-360", full_page=False)


def test_formulas_draw_their_radical_signs(new_context, lesson):
    """A square root is drawn with its radical sign. Chromium stretches the sign with the
    font's OpenType MATH table; with the generic `math` family alone it found no such font
    and drew the root's content bare, so b² - 4ac read as if it were not under a root
    (docs/public-site.md, "Formulas")."""
    page = new_context(**PHONE).new_page()
    page.goto(lesson.url)
    root = page.locator(".block-formula math msqrt").first
    expect(root).to_be_visible()
    widths = root.evaluate(
        "e => [e.getBoundingClientRect().width, e.firstElementChild.getBoundingClientRect().width]"
    )
    # The radical sign adds its own width in front of the content.
    assert widths[0] >= widths[1] + 4, widths


def test_desk_is_styled_and_the_userbar_covers_nothing(
    new_context, shot, login, lesson, teacher_a
):
    for options, name in ((PHONE, "360"), (DESKTOP, "1280")):
        page = new_context(**options).new_page()
        login(page, teacher_a)
        page.goto("/ban-lam-viec/")
        expect(page.locator(".desk h1")).to_be_visible()
        tabs = page.locator(".desk__tabs ul")
        assert tabs.evaluate("e => getComputedStyle(e).listStyleType") == "none"
        assert tabs.evaluate("e => getComputedStyle(e).display") == "flex"
        heading = page.locator(".desk h1").bounding_box()
        assert heading["x"] >= 8  # text does not touch the screen edge
        expect(page.locator(".desk-item").first).to_be_visible()
        _no_sideways_scroll(page)
        shot(page, f"desk-{name}")
        page.goto(lesson.url)
        userbar = page.locator("wagtail-userbar")
        if name == "360":
            expect(userbar).to_be_hidden()
        else:
            # In the page margin: right of the text column.
            expect(userbar).to_have_count(1)
            text_right = page.locator(".lesson").bounding_box()
            button = page.evaluate(
                "() => document.querySelector('wagtail-userbar').shadowRoot"
                ".querySelector('button, [role=button]').getBoundingClientRect().left"
            )
            assert button >= text_right["x"] + text_right["width"] - 16
