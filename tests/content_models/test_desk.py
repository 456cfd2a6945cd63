"""The teacher's desk: real views, Wagtail's real workflow objects and admin views."""

from django.contrib.auth.models import Group
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import TaskState, WorkflowState

import pytest

from content_models.models import LessonPage
from content_models.models.workflow import teachers_group_name
from tests.factories.pages import CoursePageFactory, LessonPageFactory

PASSWORD = "mat-khau-thu-nghiem"
DESK = reverse("desk:index")
COMMENT = "Cần bổ sung ví dụ minh họa cho mục 2 và sửa lỗi chính tả ở phần tóm tắt."


def login(user, **client_kwargs):
    client = Client(**client_kwargs)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def draft_lesson(centre, owner, title):
    """A never-published lesson saved as a revision, as the admin's "save draft" leaves it."""
    lesson = LessonPageFactory(parent=centre.library_page, title=title, live=False, owner=owner)
    lesson.save_revision(user=owner)
    return LessonPage.objects.get(pk=lesson.pk)


def submit_url(page):
    return reverse("desk:submit", args=[page.pk])


def item_html(html, page):
    """The desk's <li> for one page."""
    start = html.index(f'id="trang-{page.pk}"')
    return html[start : html.index("</li>", start)]


def workflow_action(client, page, action, comment=""):
    task_state = page.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_anonymous_is_sent_to_login(client, centre_a, teacher_a):
    lesson = draft_lesson(centre_a, teacher_a, "Hàm số bậc nhất")
    for response in (client.get(DESK), client.post(submit_url(lesson))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not WorkflowState.objects.exists()


def test_desk_lists_my_centre_materials_only(
    centre_a, centre_b, teacher_a, teacher_b, django_user_model
):
    colleague = django_user_model.objects.create_user(username="dongnghiep", password=PASSWORD)
    colleague.groups.add(Group.objects.get(name=teachers_group_name(centre_a)))
    mine = draft_lesson(centre_a, teacher_a, "Hàm số bậc nhất")
    colleagues = draft_lesson(centre_a, colleague, "Thì hiện tại đơn")
    course = CoursePageFactory(parent=centre_a.library_page, title="Học phần Toán 9")
    other_centre = draft_lesson(centre_b, teacher_b, "Lịch sử địa phương Lai Châu")

    html = login(teacher_a).get(DESK).content.decode()
    assert "Hàm số bậc nhất" in html
    assert "Thì hiện tại đơn" in html
    assert "Học phần Toán 9" in html
    assert "Lịch sử địa phương Lai Châu" not in html
    assert f'id="trang-{other_centre.pk}"' not in html
    assert "Bản nháp" in item_html(html, mine)
    assert "Bản nháp" in item_html(html, colleagues)
    assert "Đã xuất bản" in item_html(html, course)
    assert "Học phần" in item_html(html, course)
    assert reverse("wagtailadmin_pages:edit", args=[mine.pk]) in item_html(html, mine)
    assert submit_url(mine) in item_html(html, mine)
    # Nothing to submit on a published course without pending changes.
    assert submit_url(course) not in item_html(html, course)
    add_lesson = reverse(
        "wagtailadmin_pages:add", args=["content_models", "lessonpage", centre_a.library_page.pk]
    )
    assert add_lesson in html


def test_review_cycle_seen_from_the_desk(centre_a, teacher_a, editor):
    lesson = draft_lesson(centre_a, teacher_a, "Hàm số bậc nhất")
    teacher = login(teacher_a)
    reviewer = login(editor)

    # 1. The teacher submits from the desk: the workflow starts on the latest revision.
    response = teacher.post(submit_url(lesson))
    assert response.status_code == 302 and response["Location"] == DESK
    state = lesson.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == teacher_a
    assert state.current_task_state.revision_id == lesson.latest_revision_id
    html = teacher.get(DESK).content.decode()
    assert "Đã gửi “Hàm số bậc nhất” cho biên tập viên duyệt." in html
    assert "Đang chờ duyệt" in item_html(html, lesson)
    assert submit_url(lesson) not in item_html(html, lesson)

    # 2. The editor requests changes with a comment in the Wagtail admin.
    assert workflow_action(reviewer, lesson, "reject", COMMENT).status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.status == TaskState.STATUS_REJECTED
    item = item_html(teacher.get(DESK).content.decode(), lesson)
    assert "Cần chỉnh sửa" in item
    assert COMMENT in item
    assert "Nhận xét của bientapvien" in item
    assert "Gửi duyệt lại" in item

    # 3. The teacher edits (a new revision) and resubmits: the same workflow resumes.
    lesson.summary = "Tóm tắt đã sửa theo góp ý."
    revision = lesson.save_revision(user=teacher_a)
    assert teacher.post(submit_url(lesson)).status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision_id == revision.pk
    assert WorkflowState.objects.count() == 1
    assert COMMENT not in item_html(teacher.get(DESK).content.decode(), lesson)

    # 4. The editor approves: the page is published and the desk says so.
    assert workflow_action(reviewer, lesson, "approve").status_code == 302
    lesson.refresh_from_db()
    assert lesson.live
    assert lesson.summary == "Tóm tắt đã sửa theo góp ý."
    item = item_html(teacher.get(DESK).content.decode(), lesson)
    assert "Đã xuất bản" in item
    assert submit_url(lesson) not in item


def test_teacher_of_another_centre_cannot_submit(centre_a, teacher_a, teacher_b):
    lesson = draft_lesson(centre_a, teacher_a, "Hàm số bậc nhất")
    response = login(teacher_b).post(submit_url(lesson))
    assert response.status_code == 403
    assert "Bạn không có quyền chỉnh sửa trang này." in response.content.decode()
    assert not WorkflowState.objects.exists()


def test_submit_is_post_only_and_refuses_twice(centre_a, teacher_a):
    lesson = draft_lesson(centre_a, teacher_a, "Hàm số bậc nhất")
    teacher = login(teacher_a)
    assert teacher.get(submit_url(lesson)).status_code == 405
    teacher.post(submit_url(lesson))
    response = teacher.post(submit_url(lesson), follow=True)
    assert "Trang đang chờ biên tập viên duyệt." in response.content.decode()
    assert WorkflowState.objects.count() == 1
    assert teacher.post(reverse("desk:submit", args=[999999])).status_code == 404
    assert teacher.post(reverse("desk:submit", args=[centre_a.library_page.pk])).status_code == 404


def test_published_page_without_changes_is_not_submitted(centre_a, teacher_a):
    lesson = LessonPageFactory(parent=centre_a.library_page, owner=teacher_a)
    lesson.save_revision(user=teacher_a).publish()
    response = login(teacher_a).post(submit_url(lesson), follow=True)
    assert "Không có thay đổi nào chưa xuất bản để gửi duyệt." in response.content.decode()
    assert not WorkflowState.objects.exists()

    lesson.refresh_from_db()
    lesson.title = "Bài đã xuất bản, sửa tiếp"
    lesson.save_revision(user=teacher_a)
    html = login(teacher_a).get(DESK).content.decode()
    assert "có thay đổi chưa xuất bản" in item_html(html, lesson)
    assert submit_url(lesson) in item_html(html, lesson)


def test_submit_requires_csrf_token(centre_a, teacher_a):
    lesson = draft_lesson(centre_a, teacher_a, "Hàm số bậc nhất")
    client = login(teacher_a, enforce_csrf_checks=True)
    assert "csrfmiddlewaretoken" in item_html(client.get(DESK).content.decode(), lesson)
    assert client.post(submit_url(lesson)).status_code == 403
    assert not WorkflowState.objects.exists()


@pytest.mark.parametrize(
    "query", ["?status=bogus", "?page=abc", "?page=0", "?page=99999", "?status=draft&page=-1"]
)
def test_bad_filter_and_page_parameters(centre_a, teacher_a, query):
    draft_lesson(centre_a, teacher_a, "Hàm số bậc nhất")
    response = login(teacher_a).get(DESK + query)
    assert response.status_code == 200
    assert "Hàm số bậc nhất" in response.content.decode()


def test_status_filter(centre_a, teacher_a):
    draft = draft_lesson(centre_a, teacher_a, "Bài nháp")
    live = LessonPageFactory(parent=centre_a.library_page, title="Bài đã đăng", owner=teacher_a)
    teacher = login(teacher_a)
    drafts = teacher.get(DESK + "?status=draft").content.decode()
    assert f'id="trang-{draft.pk}"' in drafts and f'id="trang-{live.pk}"' not in drafts
    published = teacher.get(DESK + "?status=live").content.decode()
    assert f'id="trang-{live.pk}"' in published and f'id="trang-{draft.pk}"' not in published
    assert 'aria-current="page">Đã xuất bản (1)' in published


def test_admin_menu_links_the_desk_for_teachers(teacher_a, editor):
    assert DESK in login(teacher_a).get(reverse("wagtailadmin_home")).content.decode()
    assert DESK not in login(editor).get(reverse("wagtailadmin_home")).content.decode()


def test_header_link_include(teacher_a):
    from django.contrib.auth.models import AnonymousUser

    template = Template('{% include "desk/_header_link.html" %}')
    request = RequestFactory().get("/")
    request.user = teacher_a
    assert f'href="{DESK}"' in template.render(Context({"request": request}))
    request.user = AnonymousUser()
    assert DESK not in template.render(Context({"request": request}))


def test_desk_queries_do_not_grow_with_materials(
    centre_a, teacher_a, django_assert_max_num_queries
):
    teacher = login(teacher_a)
    draft_lesson(centre_a, teacher_a, "Bài 0")
    teacher.get(DESK)
    with CaptureQueriesContext(connection) as one:
        teacher.get(DESK)
    for number in range(1, 30):
        draft_lesson(centre_a, teacher_a, f"Bài {number}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = teacher.get(DESK)
    assert "Tất cả (30)" in response.content.decode()
