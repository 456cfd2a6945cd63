"""Media a published lesson uses cannot be changed without review (issue 15, items 1 and 3e).

Driven through the real Wagtail admin views as teacher A, teacher B and an editor: the edit
forms, the multiple uploader's edit and delete, the delete view and the bulk actions. A
teacher who may not publish the lesson gets a form error (or a refusal) and learners keep
getting the old bytes; media that only drafts use stays editable; an editor may replace it.
The duplicate-upload notice names nothing of another centre's unpublished work.
"""

import json

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection, GroupCollectionPermission

import pytest

from content_models.models import LessonAttachment, LessonPage
from content_models.models.workflow import MEDIA_PERMISSIONS, _permission, teachers_group_name
from media.models import CustomDocument, CustomImage
from media.usage import may_change_in_use
from tests.content_models.admin_forms import edit_lesson, login
from tests.factories.pages import LessonPageFactory

from . import files
from .conftest import upload_multiple

pytestmark = pytest.mark.django_db

LOCKED = "Chỉ người có quyền xuất bản các trang đó"
OLD_PDF = files.pdf_bytes(pages=1)
NEW_PDF = files.pdf_bytes(pages=2)
OLD_PNG = files.png_bytes(color=(30, 120, 200))
NEW_PNG = files.png_bytes(color=(200, 30, 30))


def _document(collection, user, title="Phiếu học tập phân số", content=OLD_PDF):
    document = CustomDocument(
        title=title,
        file=ContentFile(content, name="phieu.pdf"),
        collection=collection,
        uploaded_by_user=user,
    )
    document._set_document_file_metadata()  # the file hash, as the upload views set it
    document.save()
    return document


def _image(collection, user, title="Ảnh bìa phân số", content=OLD_PNG):
    image = CustomImage(
        title=title,
        description="Hình tròn chia tư",
        file=ContentFile(content, name="bia.png"),
        collection=collection,
        uploaded_by_user=user,
    )
    image._set_image_file_metadata()  # size and file hash, as the upload views set them
    image.save()
    return image


def _lesson(centre, owner, title, document=None, image=None, publish=True):
    lesson = LessonPageFactory(
        parent=centre.library_page, title=title, cover_image=image, live=False, owner=owner
    )
    if document is not None:
        lesson.attachments = [LessonAttachment(document=document)]
        lesson.save()  # as the admin saves a draft that was never published
    revision = lesson.save_revision(user=owner)
    if publish:
        revision.publish()
    return LessonPage.objects.get(pk=lesson.pk)


def _served_bytes(client, document):
    response = client.get(document.url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _stored_bytes(image):
    with image.file.open("rb") as handle:
        return handle.read()


def _edit_document(client, document, title, content=None):
    data = {"title": title, "collection": document.collection_id}
    if content is not None:
        data["file"] = SimpleUploadedFile("ban-moi.pdf", content)
    return client.post(reverse("wagtaildocs:edit", args=[document.pk]), data)


def _edit_image(client, image, **changes):
    data = {
        "title": image.title,
        "description": image.description,
        "collection": image.collection_id,
        "tags": "",
        "focal_point_x": "",
        "focal_point_y": "",
        "focal_point_width": "",
        "focal_point_height": "",
    }
    data.update(changes)
    return client.post(reverse("wagtailimages:edit", args=[image.pk]), data)


@pytest.fixture
def collection_a(centre_a):
    from content_models.models.workflow import centre_collection

    return centre_collection(centre_a)


@pytest.fixture
def live_media(media_root, centre_a, teacher_a, collection_a):
    """A document and a cover image of teacher A's lesson, published by review."""
    document = _document(collection_a, teacher_a)
    image = _image(collection_a, teacher_a)
    lesson = _lesson(centre_a, teacher_a, "Phân số (đã duyệt)", document, image)
    assert lesson.live
    return document, image, lesson


# --- Item 1: a live lesson's file or image ---------------------------------------------


def test_teacher_cannot_replace_a_live_lessons_document(client, anonymous, teacher_a, live_media):
    document, _image, _lesson = live_media
    stored_name = document.file.name
    assert _served_bytes(anonymous, document) == OLD_PDF
    login(client, teacher_a)

    page = client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert page.status_code == 200
    assert LOCKED in page.content.decode()
    assert page.context["form"].fields["file"].disabled
    assert page.context["form"].fields["title"].disabled

    response = _edit_document(client, document, "Phiếu đã bị tráo", NEW_PDF)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert LOCKED in " ".join(errors["file"]) and LOCKED in " ".join(errors["title"])

    document.refresh_from_db()
    assert document.title == "Phiếu học tập phân số"
    assert document.file.name == stored_name
    assert _served_bytes(anonymous, document) == OLD_PDF


def test_teacher_cannot_replace_a_live_lessons_cover_image(client, teacher_a, live_media):
    _document, image, _lesson = live_media
    stored_name = image.file.name
    login(client, teacher_a)
    response = _edit_image(
        client,
        image,
        title="Ảnh đã bị tráo",
        description="Mô tả mới",
        file=SimpleUploadedFile("moi.png", NEW_PNG),
        focal_point_x="10",
        focal_point_y="10",
        focal_point_width="5",
        focal_point_height="5",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    for field in ("file", "title", "description", "focal_point_x"):
        assert LOCKED in " ".join(errors[field]), field

    image.refresh_from_db()
    assert (image.title, image.description) == ("Ảnh bìa phân số", "Hình tròn chia tư")
    assert image.file.name == stored_name and _stored_bytes(image) == OLD_PNG
    assert image.focal_point_x is None


def test_tags_of_a_live_lessons_image_stay_editable(client, teacher_a, live_media):
    _document, image, _lesson = live_media
    login(client, teacher_a)
    response = _edit_image(client, image, tags='"phân số"')
    assert response.status_code == 302, response.context["form"].errors
    image.refresh_from_db()
    assert [tag.name for tag in image.tags.all()] == ["phân số"]
    assert image.title == "Ảnh bìa phân số"


def test_multiple_uploader_edit_and_delete_are_refused_too(client, teacher_a, live_media):
    document, image, _lesson = live_media
    login(client, teacher_a)
    response = client.post(
        reverse("wagtaildocs:edit_multiple", args=[document.pk]),
        {f"doc-{document.pk}-title": "Đổi tên qua trình tải nhiều tệp"},
    )
    assert json.loads(response.content)["success"] is False
    response = client.post(
        reverse("wagtailimages:edit_multiple", args=[image.pk]),
        {f"image-{image.pk}-title": "Đổi tên", f"image-{image.pk}-description": "x"},
    )
    assert json.loads(response.content)["success"] is False
    for url in (
        reverse("wagtaildocs:delete_multiple", args=[document.pk]),
        reverse("wagtailimages:delete_multiple", args=[image.pk]),
    ):
        response = client.post(url)
        assert response.status_code in (302, 403)  # Wagtail's "permission denied"
        assert b"success" not in response.content
    document.refresh_from_db()
    image.refresh_from_db()
    assert document.title == "Phiếu học tập phân số" and image.title == "Ảnh bìa phân số"


def test_teacher_cannot_delete_media_a_live_lesson_uses(client, teacher_a, live_media):
    document, image, lesson = live_media
    login(client, teacher_a)
    for url in (
        reverse("wagtaildocs:delete", args=[document.pk]),
        reverse("wagtailimages:delete", args=[image.pk]),
    ):
        response = client.post(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
    for model, obj in (("customdocument", document), ("customimage", image)):
        client.post(f"/admin/bulk/media/{model}/delete/?id={obj.pk}")
    assert CustomDocument.objects.filter(pk=document.pk).exists()
    assert CustomImage.objects.filter(pk=image.pk).exists()
    lesson.refresh_from_db()
    assert lesson.cover_image_id == image.pk
    # The edit page offers no delete button either.
    page = client.get(reverse("wagtailimages:edit", args=[image.pk]))
    assert reverse("wagtailimages:delete", args=[image.pk]) not in page.content.decode()


def test_bulk_move_to_another_collection_is_refused(client, teacher_a, centre_a, live_media):
    """A second collection teacher A may upload to: the live cover must not move there."""
    document, image, _lesson = live_media
    spare = Collection.get_first_root_node().add_child(name="Kho phụ của A")
    group = Group.objects.get(name=teachers_group_name(centre_a))
    for app_label, codename in MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.create(
            group=group, collection=spare, permission=_permission(app_label, codename)
        )
    login(client, teacher_a)
    for model, obj in (("customimage", image), ("customdocument", document)):
        url = f"/admin/bulk/media/{model}/add_to_collection/?id={obj.pk}"
        client.post(url, {"collection": spare.pk})
        obj.refresh_from_db()
        assert obj.collection_id != spare.pk, model


def test_teacher_may_still_edit_media_only_a_draft_uses(
    client, anonymous, teacher_a, centre_a, collection_a, media_root
):
    document = _document(collection_a, teacher_a, title="Phiếu nháp")
    image = _image(collection_a, teacher_a, title="Bìa nháp")
    _lesson(centre_a, teacher_a, "Bài nháp của A", document, image, publish=False)
    login(client, teacher_a)

    response = _edit_document(client, document, "Phiếu nháp (sửa)", NEW_PDF)
    assert response.status_code == 302, response.context["form"].errors
    response = _edit_image(
        client, image, title="Bìa nháp (sửa)", file=SimpleUploadedFile("moi.png", NEW_PNG)
    )
    assert response.status_code == 302, response.context["form"].errors

    document.refresh_from_db()
    image.refresh_from_db()
    assert document.title == "Phiếu nháp (sửa)" and image.title == "Bìa nháp (sửa)"
    assert _stored_bytes(image) == NEW_PNG
    with document.file.open("rb") as handle:
        assert handle.read() == NEW_PDF


def test_editor_may_replace_a_live_lessons_document(client, anonymous, editor, live_media):
    document, image, _lesson = live_media
    login(client, editor)
    response = _edit_document(client, document, "Phiếu học tập (bản sửa)", NEW_PDF)
    assert response.status_code == 302, response.context["form"].errors
    document.refresh_from_db()
    assert document.title == "Phiếu học tập (bản sửa)"
    assert _served_bytes(anonymous, document) == NEW_PDF
    response = _edit_image(client, image, file=SimpleUploadedFile("moi.png", NEW_PNG))
    assert response.status_code == 302, response.context["form"].errors
    image.refresh_from_db()
    assert _stored_bytes(image) == NEW_PNG


def test_media_of_a_live_lessons_pending_draft_is_locked(
    client, teacher_a, centre_a, collection_a, live_media
):
    """The teacher saves a draft of the live lesson with a new cover: until an editor
    publishes (or the draft changes again) that cover is what the reviewer approves."""
    _document, _cover, lesson = live_media
    new_cover = _image(collection_a, teacher_a, "Bìa mới chờ duyệt", NEW_PNG)
    assert may_change_in_use(teacher_a, new_cover)
    login(client, teacher_a)
    response = edit_lesson(client, lesson, cover_image=str(new_cover.pk))
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.has_unpublished_changes and lesson.cover_image_id != new_cover.pk

    response = _edit_image(client, new_cover, title="Bìa bị đổi sau khi gửi")
    assert response.status_code == 200
    assert LOCKED in " ".join(response.context["form"].errors["title"])
    assert not may_change_in_use(teacher_a, new_cover)


def test_media_of_a_lesson_in_review_is_locked_until_review_ends(
    client, teacher_a, centre_a, collection_a, media_root
):
    document = _document(collection_a, teacher_a, title="Phiếu chờ duyệt")
    lesson = _lesson(centre_a, teacher_a, "Bài chờ duyệt", document, publish=False)
    state = lesson.get_workflow().start(lesson, teacher_a)
    login(client, teacher_a)
    response = _edit_document(client, document, "Phiếu tráo khi đang duyệt", NEW_PDF)
    assert response.status_code == 200
    assert LOCKED in " ".join(response.context["form"].errors["file"])

    state.cancel(user=teacher_a)
    response = _edit_document(client, document, "Phiếu sửa sau khi rút lại", NEW_PDF)
    assert response.status_code == 302


# --- Item 3e: the duplicate-upload notice -------------------------------------------------

B_DOC_TITLE = "Đề kiểm tra chưa công bố của B"
B_IMAGE_TITLE = "Ảnh bìa nháp của B"
B_DRAFT_TITLE = "Bản nháp bí mật của trung tâm B"


@pytest.fixture
def collection_b(centre_b):
    from content_models.models.workflow import centre_collection

    return centre_collection(centre_b)


def test_duplicate_notice_names_nothing_of_another_centres_unpublished_work(
    client, media_root, teacher_a, teacher_b, centre_b, collection_a, collection_b
):
    pdf, png = files.pdf_bytes(pages=3), files.png_bytes(color=(1, 2, 3))
    document = _document(collection_b, teacher_b, title=B_DOC_TITLE, content=pdf)
    image = _image(collection_b, teacher_b, title=B_IMAGE_TITLE, content=png)
    _lesson(centre_b, teacher_b, B_DRAFT_TITLE, document, image, publish=False)

    login(client, teacher_a)
    uploads = [
        upload_multiple(client, "document", collection_a, "de-kiem-tra.pdf", pdf),
        upload_multiple(client, "image", collection_a, "anh-bia.png", png),
    ]
    assert uploads[1]["duplicate"] is False  # Wagtail's own check: only choosable images
    edit_pages = [
        client.get(reverse("wagtaildocs:edit", args=[uploads[0]["doc_id"]])),
        client.get(reverse("wagtailimages:edit", args=[uploads[1]["image_id"]])),
    ]
    for text in [json.dumps(upload, ensure_ascii=False) for upload in uploads] + [
        page.content.decode() for page in edit_pages
    ]:
        assert "Tệp trùng nội dung" not in text
        assert "Kho đã có tệp cùng nội dung" not in text
        for secret in (B_DOC_TITLE, B_IMAGE_TITLE, B_DRAFT_TITLE):
            assert secret not in text


def test_duplicate_notice_names_another_centres_public_file_and_live_lesson(
    client, media_root, teacher_a, teacher_b, centre_b, collection_a, collection_b
):
    pdf = files.pdf_bytes(pages=4)
    document = _document(collection_b, teacher_b, title="Phiếu công khai của B", content=pdf)
    lesson = _lesson(centre_b, teacher_b, "Bài công khai của B", document)
    # A pending draft renames the live lesson: only the live title may be shown.
    lesson.title = "Tên nháp chưa duyệt của B"
    lesson.save_revision(user=teacher_b)

    login(client, teacher_a)
    upload = upload_multiple(client, "document", collection_a, "phieu.pdf", pdf)
    notice = upload["form"]
    assert "Kho đã có tệp cùng nội dung: “Phiếu công khai của B”" in notice
    assert "Bài công khai của B" in notice
    assert "Tên nháp chưa duyệt của B" not in notice


def test_duplicate_notice_still_shows_the_users_own_draft(
    client, media_root, teacher_a, centre_a, collection_a
):
    pdf = files.pdf_bytes(pages=5)
    document = _document(collection_a, teacher_a, title="Phiếu của tôi", content=pdf)
    lesson = _lesson(centre_a, teacher_a, "Bài nháp của tôi", document, publish=False)
    login(client, teacher_a)
    upload = upload_multiple(client, "document", collection_a, "phieu-2.pdf", pdf)
    assert "“Phiếu của tôi”" in upload["form"]
    assert f"/admin/pages/{lesson.pk}/edit/" in upload["form"]
