"""The review workflow through Wagtail's own admin views, as teacher, editor and anonymous.

Teacher submits → editor approves (live, visible to anonymous) or requests changes with a
comment the teacher sees; anonymous visitors never see drafts or pages in review.
"""

from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import TaskState, WorkflowState

import pytest

from content_models.models import LessonPage
from content_models.models.workflow import REVIEW_WORKFLOW
from tests.content_models.admin_forms import add_lesson, edit_lesson, login

COMMENT = "Cần thêm ví dụ về phân số tối giản và sửa lỗi chính tả ở phần tóm tắt."
FIRST_SUMMARY = "Phiên bản đầu tiên đã được duyệt."
SECOND_SUMMARY = "Phiên bản thứ hai đang chờ duyệt."


@pytest.fixture
def teacher(client, teacher_a):
    return login(client, teacher_a)


@pytest.fixture
def reviewer(editor):
    return login(Client(), editor)


def workflow_action(client, page, action, comment=""):
    """POST the action from the review dashboard (Wagtail's workflow_action view)."""
    task_state = page.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def submit_new_lesson(client, centre, slug, summary=FIRST_SUMMARY):
    add_lesson(
        client,
        centre.library_page,
        "Phân số tối giản",
        slug,
        summary=summary,
        **{"action-submit": "action-submit"},
    )
    return LessonPage.objects.get(slug=slug)


def anonymous_get(page):
    return Client().get(page.url)


def test_the_library_carries_the_review_workflow(site_tree, centre_a):
    _home, library = site_tree
    workflow = centre_a.library_page.get_workflow()
    assert workflow is not None and workflow.name == REVIEW_WORKFLOW
    assert library.get_workflow() == workflow


def test_submit_then_approve_publishes_for_anonymous_visitors(
    teacher, reviewer, centre_a, teacher_a
):
    lesson = submit_new_lesson(teacher, centre_a, "phan-so-toi-gian")
    state = lesson.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == teacher_a
    assert not lesson.live
    assert anonymous_get(lesson).status_code == 404

    # The editor's dashboard lists it for review.
    dashboard = reviewer.get(reverse("wagtailadmin_home")).content.decode()
    assert "Phân số tối giản" in dashboard

    response = workflow_action(reviewer, lesson, "approve", "Đạt yêu cầu.")
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    page = anonymous_get(lesson)
    assert page.status_code == 200
    assert FIRST_SUMMARY in page.content.decode()


def test_request_changes_comment_reaches_the_teacher(teacher, reviewer, centre_a, teacher_a):
    lesson = submit_new_lesson(teacher, centre_a, "phan-so-can-sua")
    mail.outbox.clear()
    response = workflow_action(reviewer, lesson, "reject", COMMENT)
    assert response.status_code == 302

    state = lesson.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = state.current_task_state
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.specific.get_comment() == COMMENT
    lesson.refresh_from_db()
    assert not lesson.live

    # In the page editor: the workflow status dialog shows who asked for what …
    edit = teacher.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert edit.status_code == 200
    assert COMMENT in edit.content.decode()
    # … and the workflow history the panel links to shows the comment.
    history = teacher.get(
        reverse("wagtailadmin_pages:workflow_history_detail", args=[lesson.pk, state.pk])
    )
    assert history.status_code == 200
    assert COMMENT in history.content.decode()
    # … and it arrived by e-mail.
    to_teacher = [message for message in mail.outbox if teacher_a.email in message.to]
    assert to_teacher and COMMENT in to_teacher[0].body

    # Anonymous visitors still see nothing.
    assert anonymous_get(lesson).status_code == 404


def test_resubmit_after_changes_then_approve(teacher, reviewer, centre_a, teacher_a):
    lesson = submit_new_lesson(teacher, centre_a, "phan-so-gui-lai")
    workflow_action(reviewer, lesson, "reject", COMMENT)
    response = edit_lesson(teacher, lesson, summary=SECOND_SUMMARY, action="restart-workflow")
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    workflow_action(reviewer, lesson, "approve")
    lesson.refresh_from_db()
    assert lesson.live and lesson.summary == SECOND_SUMMARY


def test_anonymous_sees_the_live_version_while_a_new_draft_is_in_review(
    teacher, reviewer, centre_a
):
    lesson = submit_new_lesson(teacher, centre_a, "phan-so-hai-phien-ban")
    workflow_action(reviewer, lesson, "approve")
    lesson.refresh_from_db()

    # A saved draft, then a submitted one: the public page keeps the approved text.
    edit_lesson(teacher, lesson, summary=SECOND_SUMMARY)
    html = anonymous_get(lesson).content.decode()
    assert FIRST_SUMMARY in html and SECOND_SUMMARY not in html

    edit_lesson(teacher, lesson, summary=SECOND_SUMMARY, action="submit")
    lesson.refresh_from_db()
    assert lesson.workflow_in_progress
    assert lesson.has_unpublished_changes
    html = anonymous_get(lesson).content.decode()
    assert FIRST_SUMMARY in html and SECOND_SUMMARY not in html

    # Editors and owners preview the draft in the admin; anonymous visitors are sent to log in.
    draft_url = reverse("wagtailadmin_pages:view_draft", args=[lesson.pk])
    assert SECOND_SUMMARY in teacher.get(draft_url).content.decode()
    anonymous = Client().get(draft_url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))

    workflow_action(reviewer, lesson, "reject", COMMENT)
    html = anonymous_get(lesson).content.decode()
    assert FIRST_SUMMARY in html and SECOND_SUMMARY not in html


def test_teachers_cannot_approve(teacher, client, centre_a, centre_b, teacher_b):
    """Neither the submitter nor another centre's teacher is a reviewer."""
    lesson = submit_new_lesson(teacher, centre_a, "phan-so-tu-duyet")
    assert workflow_action(teacher, lesson, "approve").status_code == 302
    lesson.refresh_from_db()
    assert not lesson.live
    assert lesson.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # Through the edit form's workflow-action button, too.
    edit_lesson(
        teacher,
        lesson,
        action="workflow-action",
        **{"workflow-action-name": "approve", "workflow-action-extra-data": "{}"},
    )
    lesson.refresh_from_db()
    assert not lesson.live

    # Another centre's teacher is not told the page exists (docs/security/admin-views.md).
    other = login(Client(), teacher_b)
    assert workflow_action(other, lesson, "approve").status_code == 404
    lesson.refresh_from_db()
    assert not lesson.live
    assert lesson.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_editors_keep_synonyms_and_site_settings(editor):
    assert editor.has_perm("search.change_searchsynonym")
    assert editor.has_perm("cms.change_sitesettings")


def test_editors_and_administrators_get_every_synonym_permission(site_tree):
    # content_models names no search permission: the search room grants its own when the
    # editors' group is created, before the administrators copy the editors' permissions.
    from django.contrib.auth.models import Group

    from content_models.models.workflow import ADMINISTRATORS_GROUP, EDITORS_GROUP

    wanted = {"add_searchsynonym", "change_searchsynonym", "delete_searchsynonym"}
    for name in (EDITORS_GROUP, ADMINISTRATORS_GROUP):
        codenames = set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__app_label="search")
            .values_list("codename", flat=True)
        )
        assert codenames >= wanted, name


def test_documents_saved_without_the_upload_form_know_their_size(site_tree, tmp_path, settings):
    from django.core.files.base import ContentFile

    from media.models import CustomDocument

    settings.MEDIA_ROOT = str(tmp_path)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    document = CustomDocument(title="Phiếu học tập")
    document.file.save("phieu.pdf", ContentFile(pdf), save=False)
    document.save()
    assert CustomDocument.objects.get(pk=document.pk).file_size == len(pdf)
