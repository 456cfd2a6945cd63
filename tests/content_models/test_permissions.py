"""Teachers stay inside their centre's library (docs/faults.md row 22), through the real admin
views.

Teacher A (centre A) against lessons and media of centre B: every admin view answers 403/404
or redirects with Wagtail's permission-denied message, shows nothing of B, and changes nothing.
"""

import io
import json

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.models import Page

import pytest
from PIL import Image as PILImage

from content_models.models import Centre, CentreLibraryPage, LessonPage
from content_models.models.workflow import centre_collection
from media.models import CustomDocument, CustomImage
from tests.content_models.admin_forms import (
    add_lesson,
    edit_lesson,
    lesson_form_data,
    login,
)
from tests.factories.pages import LessonPageFactory

B_DRAFT_TITLE = "Bản nháp bí mật của trung tâm B"
B_DOC_TITLE = "Đề kiểm tra chưa công bố của B"
B_IMAGE_TITLE = "Ảnh bìa nháp của B"


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (24, 16), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _content(response):
    """The response's text; the HTML inside a modal chooser's JSON envelope."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    if response["Content-Type"].startswith("application/json"):
        data = json.loads(response.content)
        return data.get("html", "") if isinstance(data, dict) else ""
    return response.content.decode(errors="replace")


def assert_denied(client, response, *secrets):
    """403/404, or Wagtail's redirect to the dashboard with its permission-denied message."""
    assert response.status_code in (302, 403, 404, 405), response.status_code
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home"), response["Location"]
        follow = client.get(response["Location"])
        levels = [message.level_tag for message in follow.context["messages"]]
        assert "error" in levels
    else:
        for secret in secrets:
            assert secret not in _content(response)


@pytest.fixture
def lesson_b(teacher_b, centre_b):
    """B's lesson: never published, two revisions, owned by teacher B."""
    lesson = LessonPageFactory(
        parent=centre_b.library_page, title=B_DRAFT_TITLE, live=False, owner=teacher_b
    )
    lesson.save_revision(user=teacher_b)
    lesson.summary = "Phiên bản thứ hai."
    lesson.save_revision(user=teacher_b)
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def live_lesson_b(teacher_b, centre_b):
    lesson = LessonPageFactory(parent=centre_b.library_page, title="Bài đã duyệt của B")
    lesson.save_revision(user=teacher_b).publish()
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def media_b(centre_b):
    collection = centre_collection(centre_b)
    document = CustomDocument.objects.create(
        title=B_DOC_TITLE,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="de-kiem-tra.pdf"),
        collection=collection,
    )
    image = CustomImage.objects.create(
        title=B_IMAGE_TITLE,
        file=ContentFile(_png(), name="anh-bia.png"),
        collection=collection,
        width=24,
        height=16,
    )
    return document, image


# --- Teacher A in their own library -------------------------------------------------------


def test_teacher_creates_and_edits_a_lesson_in_own_library(client, teacher_a, centre_a):
    login(client, teacher_a)
    response = add_lesson(client, centre_a.library_page, "Phân số thập phân", "phan-so-thap-phan")
    lesson = LessonPage.objects.get(slug="phan-so-thap-phan")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    assert lesson.owner == teacher_a
    assert lesson.centre == centre_a  # filled from the library by LessonPage.clean()
    assert not lesson.live

    response = edit_lesson(client, lesson, title="Phân số thập phân (sửa)")
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.get_latest_revision_as_object().title == "Phân số thập phân (sửa)"


def test_teacher_has_no_publish_action_and_a_posted_publish_does_not_publish(
    client, teacher_a, centre_a
):
    lesson = LessonPageFactory(parent=centre_a.library_page, live=False, owner=teacher_a)
    login(client, teacher_a)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert edit_page.status_code == 200
    assert 'name="action-publish"' not in edit_page.content.decode()
    assert 'name="action-submit"' in edit_page.content.decode()

    response = edit_lesson(client, lesson, title="Tự xuất bản", action="publish")
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert not lesson.live
    assert not LessonPage.objects.live().filter(pk=lesson.pk).exists()

    # Creating with action-publish does not publish either.
    add_lesson(
        client,
        centre_a.library_page,
        "Xuất bản ngay",
        "xuat-ban-ngay",
        **{"action-publish": "action-publish"},
    )
    assert not LessonPage.objects.get(slug="xuat-ban-ngay").live


def test_teacher_cannot_credit_another_centre(client, teacher_a, centre_a, centre_b):
    """The contributing-centre choice is narrowed to the library's own centre."""
    login(client, teacher_a)
    response = add_lesson(
        client, centre_a.library_page, "Bài mạo danh", "bai-mao-danh", centre=str(centre_b.pk)
    )
    assert response.status_code == 200
    assert "centre" in response.context["form"].errors
    assert not LessonPage.objects.filter(slug="bai-mao-danh").exists()

    # Their own library page: the centre field is read-only, a posted value is ignored.
    library = centre_a.library_page
    other = Centre.objects.create(
        name="Trung tâm học tập cộng đồng xã Bản Lầu",
        province=centre_a.province,
        kind="htcd",
    )
    client.post(
        reverse("wagtailadmin_pages:edit", args=[library.pk]),
        {
            "title": library.title,
            "slug": library.slug,
            "centre": str(other.pk),
            "introduction": "",
        },
    )
    library.refresh_from_db()
    assert library.centre == centre_a
    revision = library.get_latest_revision_as_object()
    assert revision.centre_id == centre_a.pk


def test_editor_may_credit_any_centre(client, editor, centre_a, centre_b):
    login(client, editor)
    add_lesson(
        client, centre_a.library_page, "Bài liên kết", "bai-lien-ket", centre=str(centre_b.pk)
    )
    assert LessonPage.objects.get(slug="bai-lien-ket").centre == centre_b


# --- Teacher A against centre B ------------------------------------------------------------


def test_teacher_cannot_add_under_another_centres_library(client, teacher_a, centre_b):
    login(client, teacher_a)
    parent = centre_b.library_page
    for url in (
        reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]),
        reverse("wagtailadmin_pages:add", args=["content_models", "lessonpage", parent.pk]),
    ):
        assert_denied(client, client.get(url))
    assert_denied(client, add_lesson(client, parent, "Chen vào B", "chen-vao-b"))
    assert not LessonPage.objects.filter(slug="chen-vao-b").exists()


def _views_of(page, centre_a):
    first = page.revisions.order_by("pk").first()
    latest = page.revisions.order_by("pk").last()
    pages = "wagtailadmin_pages"
    return {
        "edit": reverse(f"{pages}:edit", args=[page.pk]),
        "copy": reverse(f"{pages}:copy", args=[page.pk]),
        "delete": reverse(f"{pages}:delete", args=[page.pk]),
        "unpublish": reverse(f"{pages}:unpublish", args=[page.pk]),
        "move": reverse(f"{pages}:move", args=[page.pk]),
        "move_confirm": reverse(f"{pages}:move_confirm", args=[page.pk, centre_a.library_page.pk]),
        "history": reverse(f"{pages}:history", args=[page.pk]),
        "history_results": reverse(f"{pages}:history_results", args=[page.pk]),
        "workflow_history": reverse(f"{pages}:workflow_history", args=[page.pk]),
        "revisions_view": reverse(f"{pages}:revisions_view", args=[page.pk, latest.pk]),
        "revisions_compare": reverse(
            f"{pages}:revisions_compare", args=[page.pk, first.pk, latest.pk]
        ),
        "revisions_revert": reverse(f"{pages}:revisions_revert", args=[page.pk, first.pk]),
        "view_draft": reverse(f"{pages}:view_draft", args=[page.pk]),
        "preview_on_edit": reverse(f"{pages}:preview_on_edit", args=[page.pk]),
        "usage": reverse(f"{pages}:usage", args=[page.pk]),
        "privacy": reverse(f"{pages}:set_privacy", args=[page.pk]),
        "lock": reverse(f"{pages}:lock", args=[page.pk]),
        "explore_other_library": reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
    }


def test_every_admin_view_of_another_centres_lesson_is_denied(
    client, teacher_a, centre_a, lesson_b
):
    login(client, teacher_a)
    views = _views_of(lesson_b, centre_a)
    for name, url in views.items():
        response = client.get(url)
        if name == "explore_other_library":
            # Wagtail sends the teacher back to their own library instead.
            assert response.status_code == 302
            assert response["Location"] == reverse(
                "wagtailadmin_explore", args=[centre_a.library_page.pk]
            )
            continue
        if name == "lock":  # POST only
            assert response.status_code == 405
            continue
        assert response.status_code != 200, name
        assert_denied(client, response, B_DRAFT_TITLE)

    # The revisions index redirects to history, which is denied.
    response = client.get(reverse("wagtailadmin_pages:revisions_index", args=[lesson_b.pk]))
    assert_denied(client, client.get(response["Location"]))


def test_no_post_by_another_centres_teacher_changes_anything(
    client, teacher_a, centre_a, lesson_b, live_lesson_b
):
    login(client, teacher_a)
    pages_before = Page.objects.count()
    revisions_before = lesson_b.revisions.count()
    for page in (lesson_b, live_lesson_b):
        views = _views_of(page, centre_a)
        posts = {
            "edit": lesson_form_data("Bị sửa trộm", page.slug),
            "copy": {
                "new_title": "Bản sao trộm",
                "new_slug": "ban-sao-trom",
                "new_parent_page": str(centre_a.library_page.pk),
            },
            "delete": {},
            "unpublish": {},
            "move_confirm": {},
            "revisions_revert": lesson_form_data("Khôi phục trộm", page.slug),
            "lock": {},
            "privacy": {"restriction_type": "login"},
        }
        for name, data in posts.items():
            assert_denied(client, client.post(views[name], data)), name

    assert Page.objects.count() == pages_before
    assert not LessonPage.objects.filter(slug="ban-sao-trom").exists()
    lesson_b.refresh_from_db()
    live_lesson_b.refresh_from_db()
    assert lesson_b.revisions.count() == revisions_before
    assert lesson_b.title == B_DRAFT_TITLE
    assert lesson_b.get_parent().pk == lesson_b.get_parent().pk
    assert live_lesson_b.live and not live_lesson_b.locked
    assert not live_lesson_b.view_restrictions.exists()
    assert live_lesson_b.get_parent().specific.centre.name.startswith("Trung tâm GDNN")


def test_teacher_cannot_copy_own_lesson_into_another_centre(client, teacher_a, centre_a, centre_b):
    own = LessonPageFactory(parent=centre_a.library_page, live=False, owner=teacher_a)
    login(client, teacher_a)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[own.pk]),
        {
            "new_title": "Sao sang B",
            "new_slug": "sao-sang-b",
            "new_parent_page": str(centre_b.library_page.pk),
        },
    )
    assert response.status_code == 200
    assert "new_parent_page" in response.context["form"].errors
    assert not LessonPage.objects.filter(slug="sao-sang-b").exists()


def test_bulk_actions_neither_act_on_nor_name_another_centres_pages(
    client, teacher_a, lesson_b, live_lesson_b
):
    login(client, teacher_a)
    ids = f"id={lesson_b.pk}&id={live_lesson_b.pk}"
    for action in ("delete", "move", "publish", "unpublish"):
        url = f"/admin/bulk/wagtailcore/page/{action}/?{ids}"
        page = client.get(url)
        assert page.status_code == 200
        assert B_DRAFT_TITLE not in page.content.decode(), action
        client.post(url, {"include_descendants": ""})
    assert LessonPage.objects.filter(pk=lesson_b.pk, live=False).exists()
    assert LessonPage.objects.filter(pk=live_lesson_b.pk, live=True).exists()


def test_page_chooser_hides_other_centres_drafts_but_offers_their_live_lessons(
    client, teacher_a, centre_b, lesson_b, live_lesson_b
):
    login(client, teacher_a)
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[centre_b.library_page.pk]))
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "của B"})
    for response in (browse, search):
        assert response.status_code == 200
        text = _content(response)
        assert B_DRAFT_TITLE not in text
        assert "Bài đã duyệt của B" in text


def test_admin_pages_api_does_not_return_another_centres_draft(client, teacher_a, lesson_b):
    login(client, teacher_a)
    response = client.get(f"/admin/api/main/pages/{lesson_b.pk}/")
    assert response.status_code == 404
    search = client.get("/admin/api/main/pages/", {"search": "bí mật"})
    assert B_DRAFT_TITLE not in _content(search)


def test_wagtails_public_api_is_not_mounted(client, lesson_b):
    assert client.get("/api/v2/pages/").status_code == 404
    assert client.get("/api/v2/documents/").status_code == 404


# --- Media of centre B ---------------------------------------------------------------------


def test_teacher_cannot_list_edit_or_choose_another_centres_documents(
    client, teacher_a, centre_a, media_b
):
    document, _image = media_b
    own = CustomDocument.objects.create(
        title="Phiếu học tập của A",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="phieu.pdf"),
        collection=centre_collection(centre_a),
    )
    login(client, teacher_a)
    for url in (
        "/admin/documents/",
        "/admin/documents/chooser/",
        "/admin/documents/chooser/results/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert B_DOC_TITLE not in _content(response), url
        assert own.title in _content(response), url
    assert client.get(f"/admin/documents/chooser/{document.pk}/").status_code == 404
    for url in (
        f"/admin/documents/edit/{document.pk}/",
        f"/admin/documents/delete/{document.pk}/",
        f"/admin/documents/usage/{document.pk}/",
    ):
        assert_denied(client, client.get(url), B_DOC_TITLE)
        assert_denied(client, client.post(url, {"title": "Bị đổi tên"}), B_DOC_TITLE)
    bulk = client.get(f"/admin/bulk/media/customdocument/delete/?id={document.pk}")
    assert B_DOC_TITLE not in _content(bulk)
    client.post(f"/admin/bulk/media/customdocument/delete/?id={document.pk}")
    document.refresh_from_db()
    assert document.title == B_DOC_TITLE


def test_teacher_cannot_list_edit_or_choose_another_centres_images(client, teacher_a, media_b):
    _document, image = media_b
    login(client, teacher_a)
    for url in ("/admin/images/", "/admin/images/chooser/", "/admin/images/chooser/results/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert B_IMAGE_TITLE not in _content(response), url
    assert client.get(f"/admin/images/chooser/{image.pk}/").status_code == 404
    for url in (
        f"/admin/images/{image.pk}/",
        f"/admin/images/{image.pk}/delete/",
        f"/admin/images/usage/{image.pk}/",
        f"/admin/images/{image.pk}/generate_url/",
        f"/admin/images/{image.pk}/preview/original/",
    ):
        assert_denied(client, client.get(url), B_IMAGE_TITLE)
    bulk = client.get(f"/admin/bulk/media/customimage/add_to_collection/?id={image.pk}")
    assert B_IMAGE_TITLE not in _content(bulk)
    assert CustomImage.objects.filter(pk=image.pk, title=B_IMAGE_TITLE).exists()


def test_admin_api_lists_only_the_users_own_media(client, teacher_a, teacher_b, editor, media_b):
    document, image = media_b
    login(client, teacher_a)
    for endpoint, obj in (("documents", document), ("images", image)):
        assert client.get(f"/admin/api/main/{endpoint}/{obj.pk}/").status_code == 404
        listing = json.loads(client.get(f"/admin/api/main/{endpoint}/").content)
        assert obj.pk not in [item["id"] for item in listing["items"]]
    for user in (teacher_b, editor):
        client.logout()
        login(client, user)
        for endpoint, obj in (("documents", document), ("images", image)):
            response = client.get(f"/admin/api/main/{endpoint}/{obj.pk}/")
            assert response.status_code == 200
            assert json.loads(response.content)["title"] == obj.title


def test_document_of_a_draft_lesson_is_not_choosable_by_another_centre(
    client, teacher_a, teacher_b, centre_b, media_b
):
    """Attached to B's draft lesson only: teacher A's chooser must not list it."""
    document, _image = media_b
    lesson = LessonPageFactory(parent=centre_b.library_page, live=False, owner=teacher_b)
    lesson.attachments.create(document=document)
    login(client, teacher_a)
    response = client.get("/admin/documents/chooser/results/", {"q": "kiểm tra"})
    assert B_DOC_TITLE not in _content(response)
    # …while teacher B, who owns it, can.
    client.logout()
    login(client, teacher_b)
    response = client.get("/admin/documents/chooser/results/", {"q": "kiểm tra"})
    assert B_DOC_TITLE in _content(response)


def test_teachers_land_in_their_centre_library(client, teacher_a, centre_a):
    login(client, teacher_a)
    response = client.get(reverse("wagtailadmin_explore_root"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[centre_a.library_page.pk])
    assert CentreLibraryPage.objects.get(centre=centre_a).pk == centre_a.library_page.pk


def test_workflow_views_of_another_centres_lesson_in_review_are_denied(
    client, teacher_a, teacher_b, centre_a, lesson_b
):
    workflow = lesson_b.get_workflow()
    state = workflow.start(lesson_b, teacher_b)
    task_state = state.current_task_state
    pages = "wagtailadmin_pages"
    login(client, teacher_a)
    for url in (
        reverse(f"{pages}:workflow_history_detail", args=[lesson_b.pk, state.pk]),
        reverse(f"{pages}:workflow_preview", args=[lesson_b.pk, task_state.task_id]),
        reverse(
            f"{pages}:collect_workflow_action_data",
            args=[lesson_b.pk, "reject", task_state.pk],
        ),
    ):
        response = client.get(url)
        assert response.status_code != 200, url
        assert_denied(client, response, B_DRAFT_TITLE)
    # Wagtail 8.0.1 answers this publish-confirmation modal for any page without a
    # permission check; it names the workflow and task, never the page, and changes nothing.
    modal = client.get(reverse(f"{pages}:confirm_workflow_cancellation", args=[lesson_b.pk]))
    assert B_DRAFT_TITLE not in _content(modal)
    for action in ("approve", "reject"):
        url = reverse(f"{pages}:workflow_action", args=[lesson_b.pk, action, task_state.pk])
        assert_denied(client, client.post(url, {"comment": "Duyệt hộ"}))
    state.refresh_from_db()
    assert state.status == state.STATUS_IN_PROGRESS
    lesson_b.refresh_from_db()
    assert not lesson_b.live
