"""Issue 4, browser scenario 3: a teacher reuses another centre's openly licensed lesson and
sees it as a draft with attribution; a no-derivatives lesson offers no such action, and the
reuse URL forced by hand is refused with the reason."""

import re

import pytest
from playwright.sync_api import expect

from content_models.models import LessonPage
from tests.browser.content import LEVEL_THCS, make_document, pdf_bytes, publish_lesson

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OPEN_TITLE = "Kỹ thuật trồng chè shan tuyết"
ND_TITLE = "Đề kiểm tra cuối kì môn Toán lớp 9"
AUTHORS = "Giàng A Páo"
REUSE_BUTTON = "Dùng lại trong trung tâm của tôi"


@pytest.fixture
def lessons_of_centre_b(centre_b):
    document = make_document(centre_b, "Sổ tay trồng chè", pdf_bytes("So tay trong che"))
    open_lesson = publish_lesson(
        centre_b,
        OPEN_TITLE,
        summary="Chọn giống, làm đất và chăm sóc chè shan tuyết vùng cao.",
        levels=[LEVEL_THCS],
        objectives=["Chọn giống chè phù hợp", "Chăm sóc cây chè non"],
        body=[("Chọn giống", "<p>Giống chè shan tuyết chịu lạnh tốt.</p>")],
        authors=AUTHORS,
        attachments=[(document, "Sổ tay trồng chè")],
    )
    nd_lesson = publish_lesson(
        centre_b,
        ND_TITLE,
        summary="Đề kiểm tra có đáp án, chỉ được chia sẻ nguyên văn.",
        licence="CC BY-ND 4.0",
        authors=AUTHORS,
    )
    return open_lesson, nd_lesson


def test_teacher_reuses_open_lesson_as_draft_with_attribution_not_a_no_derivatives_one(
    new_context, shot, login, teacher_a, centre_a, centre_b, lessons_of_centre_b
):
    open_lesson, nd_lesson = lessons_of_centre_b
    page = new_context().new_page()
    login(page, teacher_a)

    # The open lesson of centre B offers "reuse in my centre".
    page.goto(open_lesson.url)
    expect(page.locator("h1")).to_have_text(OPEN_TITLE)
    reuse = page.get_by_role("link", name=REUSE_BUTTON)
    expect(reuse).to_be_visible()
    shot(page, "open-lesson-offers-reuse")
    reuse.click()

    # Confirmation: the derivative's licence, the original's own preselected.
    expect(page.locator("h1")).to_have_text(REUSE_BUTTON)
    form = page.locator("form.desk__form")
    expect(form.get_by_role("radio", name="CC BY 4.0", exact=True)).to_be_checked()
    shot(page, "reuse-confirm")
    form.get_by_role("button", name=REUSE_BUTTON).click()

    # The desk: the copy is a draft, linked to its original and centre.
    expect(page).to_have_url(re.compile(r"/ban-lam-viec/$"))
    expect(page.locator(".desk")).to_contain_text("Đã tạo bản nháp")
    copy = LessonPage.objects.get(derived_from=open_lesson)
    item = page.locator(f"#trang-{copy.pk}")
    expect(item.locator(".badge")).to_have_text("Bản nháp")
    expect(item.locator(".desk-item__derived")).to_contain_text(OPEN_TITLE)
    expect(item.locator(".desk-item__derived")).to_contain_text(centre_b.name)
    shot(page, "desk-draft-with-origin")

    # In the admin, the draft keeps the original's attribution (title, author, centre, licence).
    item.get_by_role("link", name="Sửa trong trang quản trị").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{copy.pk}/edit/$"))
    page.get_by_role("tab", name="Phân loại và giấy phép").click()
    attribution = page.locator("#id_attribution")
    for part in (OPEN_TITLE, AUTHORS, centre_b.name, "CC BY 4.0"):
        expect(attribution).to_have_value(re.compile(re.escape(part)))
    expect(page.locator("#id_derived_from-title")).to_contain_text(OPEN_TITLE)
    shot(page, "admin-attribution")

    copy.refresh_from_db()
    assert not copy.live
    assert copy.centre == centre_a
    assert copy.get_parent().pk == centre_a.library_page.pk
    assert copy.attachments.count() == 1
    assert LessonPage.objects.get(pk=open_lesson.pk).live  # the original is untouched

    # The no-derivatives lesson: no action, the reason instead; forcing the URL is refused.
    page.goto(nd_lesson.url)
    expect(page.locator("h1")).to_have_text(ND_TITLE)
    expect(page.get_by_role("link", name=REUSE_BUTTON)).to_have_count(0)
    expect(page.locator(".reuse-action--refused")).to_be_visible()
    shot(page, "no-derivatives-no-action")
    response = page.goto(f"/ban-lam-viec/dung-lai/{nd_lesson.pk}/")
    assert response.status == 403
    expect(page.locator(".desk__reason")).to_contain_text("không cho phép tạo tác phẩm phái sinh")
    shot(page, "no-derivatives-forced-refused")
    assert not LessonPage.objects.filter(derived_from=nd_lesson).exists()
