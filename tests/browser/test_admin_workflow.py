"""Issue 4, browser scenario 2: a teacher creates a lesson with a PDF attachment in Wagtail's
admin and submits it; an editor approves it; a learner's search then finds it.

Everything goes through the real admin UI: the InlinePanel, the document chooser modal's
upload tab (a PDF made by Pillow), the licence snippet chooser, the footer's action menu and
the workflow's approve action. Publishing feeds the search outbox; the drain runs after the
commit (immediate tasks), so no command is needed, only an Elasticsearch refresh.
"""

import re

from wagtail.models import WorkflowState

import pytest
from playwright.sync_api import expect

from content_models.models import LessonPage
from tests.browser.conftest import PHONE
from tests.browser.content import LEVEL_THPT, pdf_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Phương trình lượng giác cơ bản"
SUMMARY = "Giải các phương trình sin x = a, cos x = a và tan x = a trên đường tròn lượng giác."
DOCUMENT_TITLE = "Phiếu bài tập phương trình lượng giác"


def open_chooser(page, field_id):
    """Click a chooser's button; return its modal once Wagtail's chooser view has answered
    and the modal shows its content."""
    with page.expect_response(re.compile(r"/admin/.*/choose")) as answer:
        page.locator(f"#{field_id}-chooser .chooser__choose-button").click()
    response = answer.value
    assert response.ok, f"the chooser modal's view {response.url} answered {response.status}"
    modal = page.locator(".modal-dialog").filter(
        has=page.locator("[data-chooser-modal-choice], form[data-chooser-modal-creation-form]")
    )
    expect(modal).to_be_visible()
    return modal


def test_teacher_creates_and_submits_editor_approves_learner_finds(
    new_context, shot, login, teacher_a, editor, centre_a, search_environment, tmp_path
):
    pdf_path = tmp_path / "phieu-bai-tap-luong-giac.pdf"
    pdf_path.write_bytes(pdf_bytes("Phuong trinh luong giac"))
    library = centre_a.library_page

    # The teacher, from the desk's "add a lesson" link into Wagtail's page editor.
    teacher = new_context().new_page()
    login(teacher, teacher_a)
    teacher.goto("/ban-lam-viec/")
    teacher.get_by_role("link", name=re.compile("Thêm bài học vào")).click()
    expect(teacher).to_have_url(
        re.compile(rf"/admin/pages/add/content_models/lessonpage/{library.pk}/$")
    )
    teacher.locator("#id_title").fill(TITLE)
    teacher.locator("#id_summary").fill(SUMMARY)
    teacher.locator("#id_learning_objectives").fill("Giải phương trình sin x = a")

    # An attachment: a new InlinePanel row, its document chooser, the modal's upload tab.
    teacher.locator("#id_attachments-ADD").click()
    modal = open_chooser(teacher, "id_attachments-0-document")
    modal.locator("#tab-label-upload").click()
    upload = modal.locator("form[data-chooser-modal-creation-form]")
    upload.locator("input[type=file]").set_input_files(pdf_path)
    title_field = upload.locator("#id_document-chooser-upload-title")
    expect(title_field).not_to_have_value("")  # Wagtail fills it from the file name
    title_field.fill(DOCUMENT_TITLE)
    shot(teacher, "upload-in-chooser", full_page=False)
    upload.locator("button[type=submit]").click()
    expect(modal).to_be_hidden()
    expect(teacher.locator("#id_attachments-0-document-title")).to_have_text(DOCUMENT_TITLE)
    assert teacher.locator("#id_attachments-0-document").input_value().isdigit()
    shot(teacher, "attachment-chosen")

    # Classification and the licence (a snippet chooser), on the second tab.
    teacher.get_by_role("tab", name="Phân loại và giấy phép").click()
    teacher.get_by_label(LEVEL_THPT, exact=True).check()
    modal = open_chooser(teacher, "id_licence")
    modal.locator(
        "a[data-chooser-modal-choice]", has_text=re.compile(r"^\s*CC BY 4\.0\s*$")
    ).click()
    expect(modal).to_be_hidden()
    expect(teacher.locator("#id_licence-title")).to_have_text("CC BY 4.0")
    shot(teacher, "classified")

    # Submit for review from the footer's action menu.
    teacher.locator("footer .w-dropdown__toggle").click()
    teacher.locator("footer button[name=action-submit]").click()
    expect(teacher).to_have_url(re.compile(rf"/admin/pages/{library.pk}/$"))
    expect(teacher.locator(".messages")).to_contain_text(TITLE)
    shot(teacher, "submitted")

    lesson = LessonPage.objects.get(title=TITLE)
    assert not lesson.live
    assert lesson.attachments.get().document.title == DOCUMENT_TITLE
    assert lesson.attachments.get().document.file.read() == pdf_path.read_bytes()
    assert lesson.workflow_states.filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()

    # Not findable while in review.
    learner = new_context(**PHONE).new_page()
    learner.goto("/tim-kiem/?q=phuong+trinh+luong+giac")
    expect(learner.locator(".search-count")).to_be_visible()
    expect(learner.locator(".search-hit-title").filter(has_text=TITLE)).to_have_count(0)

    # The editor approves (the workflow's own "approve" action on the edit page).
    reviewer = new_context().new_page()
    login(reviewer, editor)
    reviewer.goto(f"/admin/pages/{lesson.pk}/edit/")
    expect(reviewer.locator("#id_title")).to_have_value(TITLE)
    reviewer.locator("footer .w-dropdown__toggle").click()
    approve = reviewer.locator(
        "footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    shot(reviewer, "approve-menu", full_page=False)
    approve.click()
    expect(reviewer).to_have_url(re.compile(rf"/admin/pages/{library.pk}/$"))
    expect(reviewer.locator(".messages")).to_contain_text(TITLE)
    shot(reviewer, "approved")
    lesson.refresh_from_db()
    assert lesson.live

    # The learner's search finds it, without diacritics, and opens it with its attachment.
    search_environment.refresh()
    learner.goto("/tim-kiem/?q=phuong+trinh+luong+giac")
    hit = learner.locator(".search-hit-title").filter(has_text=TITLE)
    expect(hit).to_have_count(1)
    if search_environment.elasticsearch:
        expect(learner.locator(".search-degraded")).to_have_count(0)
    shot(learner, "learner-finds-it")
    hit.get_by_role("link").click()
    expect(learner.locator("h1")).to_have_text(TITLE)
    expect(learner.locator(".attachment")).to_contain_text(DOCUMENT_TITLE)
    shot(learner, "published-lesson")
