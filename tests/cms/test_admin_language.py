"""The admin in Vietnamese for teachers and editors: the Wagtail strings they meet come from the
project's catalogue `cms/locale_wagtail/vi` (Wagtail's own covers few), and so do the workflow
e-mails (docs/admin-language.md)."""

import json
import re

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from tests.content_models.admin_forms import login, messages_of
from tests.content_models.test_workflow import submit_new_lesson, workflow_action

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_vietnamese(content, pairs):
    for english, vietnamese in pairs:
        assert vietnamese in content, vietnamese
        assert english not in content, english


def test_teachers_and_reviewers_read_the_admin_in_vietnamese(client, teacher_a, editor, centre_a):
    teacher = login(client, teacher_a)
    submit_new_lesson(teacher, centre_a, "phan-so-vi")
    content = text_of(teacher.get("/admin/"))
    assert_vietnamese(
        content,
        [
            ("Your pages and snippets in a workflow", "Bài của bạn đang trong quy trình duyệt"),
            ("Your most recent edits", "Bài bạn sửa gần đây"),
        ],
    )
    upload = text_of(teacher.get(reverse("wagtaildocs:add_multiple")))
    assert_vietnamese(
        upload,
        [
            ("Add documents", "Thêm tài liệu"),
            (
                "Drag and drop documents into this area to upload immediately.",
                "Kéo thả tài liệu vào vùng này để tải lên ngay.",
            ),
            ("Or choose from your computer", "Hoặc chọn từ máy tính"),
        ],
    )
    images = text_of(teacher.get(reverse("wagtailimages:add_multiple")))
    assert_vietnamese(images, [("Add images", "Thêm ảnh")])

    reviewer = login(Client(), editor)
    dashboard = text_of(reviewer.get("/admin/"))
    assert_vietnamese(dashboard, [("Awaiting your review", "Chờ bạn duyệt")])


def test_save_and_submit_messages_are_vietnamese(client, teacher_a, centre_a):
    teacher = login(client, teacher_a)
    lesson = submit_new_lesson(teacher, centre_a, "phan-so-thong-bao")
    response = teacher.get(reverse("wagtailadmin_explore", args=[centre_a.library_page.pk]))
    assert any(
        f"Đã tạo trang “{lesson.title}” và gửi duyệt." in message
        for message in messages_of(response)
    ), messages_of(response)


def test_workflow_e_mails_are_vietnamese(client, teacher_a, editor, centre_a):
    teacher = login(client, teacher_a)
    mail.outbox.clear()
    lesson = submit_new_lesson(teacher, centre_a, "phan-so-thu")
    to_reviewer = [m for m in mail.outbox if editor.email in m.to]
    assert to_reviewer, [m.to for m in mail.outbox]
    assert "Chào" in to_reviewer[0].body and "Hello" not in to_reviewer[0].body
    assert "đã được gửi" in to_reviewer[0].subject + to_reviewer[0].body
    mail.outbox.clear()
    workflow_action(login(Client(), editor), lesson, "reject", "Cần thêm ví dụ.")
    to_teacher = [m for m in mail.outbox if teacher_a.email in m.to]
    assert to_teacher
    assert "yêu cầu sửa" in to_teacher[0].subject + to_teacher[0].body
    assert "has been" not in to_teacher[0].subject + to_teacher[0].body


def js_string(catalog, english):
    """The translation of `english` in Wagtail's JavaScript catalogue (a JS object literal)."""
    match = re.search(re.escape(json.dumps(english)) + r': ("(?:[^"\\]|\\.)*")', catalog)
    assert match, english
    return json.loads(match.group(1))


def test_listings_history_account_and_scripts_are_vietnamese(client, teacher_a, centre_a):
    """What a teacher still met in English after the first catalogue: the dashboard's counts,
    the explorer's states and result line, the history, the account page and the admin's
    JavaScript (sidebar, StreamField buttons)."""
    teacher = login(client, teacher_a)
    lesson = submit_new_lesson(teacher, centre_a, "phan-so-lich-su")
    dashboard = text_of(teacher.get("/admin/"))
    assert_vietnamese(dashboard, [("editor guide", "Hướng dẫn soạn thảo Wagtail")])
    explorer = text_of(
        teacher.get(reverse("wagtailadmin_explore", args=[centre_a.library_page.pk]))
    )
    assert_vietnamese(
        explorer, [(">in moderation<", "đang duyệt"), (" of 1 pages", " trong 1 trang")]
    )
    history = text_of(teacher.get(reverse("wagtailadmin_pages:history", args=[lesson.pk])))
    assert_vietnamese(history, [("Next step", "Bước tiếp theo"), ("ago", "trước")])
    account = text_of(teacher.get(reverse("wagtailadmin_account")))
    assert_vietnamese(account, [("Name and Email", "Tên và e-mail"), ("Admin theme", "Giao diện")])
    catalog = text_of(teacher.get(reverse("wagtailadmin_javascript_catalog")))
    assert js_string(catalog, "Main menu") == "Trình đơn chính"
    assert js_string(catalog, "Insert a block") == "Chèn khối"
    assert js_string(catalog, "(%(number)s new items in this menu)").startswith("(%(number)s mục")


def test_no_avatar_comes_from_gravatar(client, teacher_a, editor):
    """Avatars are Wagtail's own picture from this site: Gravatar fails offline and would
    tell a third party about every editor (WAGTAIL_GRAVATAR_PROVIDER_URL = None)."""
    for user in (teacher_a, editor):
        admin = login(Client(), user)
        for url in ("/admin/", reverse("wagtailadmin_account")):
            content = text_of(admin.get(url))
            assert "gravatar" not in content.lower(), url
            assert "default-user-avatar" in content, url
