"""PDF previews made by the task, duplicate-content notices, and the lesson importer's hook."""

from django.core.files.base import ContentFile, File

from wagtail.models import ReferenceIndex

import pytest
from PIL import Image

from content_models.models import LessonAttachment
from media.models import CustomDocument, CustomImage
from media.validators import validate_document_file
from tests.factories.pages import LessonPageFactory

from . import files
from .conftest import form_errors, upload_document, upload_image, upload_multiple

pytestmark = pytest.mark.django_db


def test_pdf_upload_gets_webp_first_page_thumbnail(
    teacher_client, collection_a, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_document(
            teacher_client, collection_a, "de-cuong.pdf", files.pdf_bytes(pages=3, size=(600, 800))
        )
    assert response.status_code == 302, form_errors(response)
    document = CustomDocument.objects.get()
    assert document.page_count == 3
    assert document.thumbnail.name.startswith("document_thumbnails/")
    assert document.thumbnail.name.endswith(".webp")
    with Image.open(media_root / document.thumbnail.name) as thumbnail:
        assert thumbnail.format == "WEBP"
        assert thumbnail.size == (480, 640)


def test_non_pdf_gets_no_thumbnail(
    teacher_client, collection_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_document(teacher_client, collection_a, "giao-an.docx", files.ooxml_bytes("docx"))
    document = CustomDocument.objects.get()
    assert not document.thumbnail and document.page_count is None


def test_thumbnail_follows_a_replaced_file(
    teacher_client, collection_a, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_document(teacher_client, collection_a, "a.pdf", files.pdf_bytes(pages=1))
    document = CustomDocument.objects.get()
    first_thumbnail = document.thumbnail.name
    with django_capture_on_commit_callbacks(execute=True):
        document.file.save("b.pdf", ContentFile(files.pdf_bytes(pages=4)), save=True)
    document.refresh_from_db()
    assert document.page_count == 4
    assert document.thumbnail.name != first_thumbnail
    assert not (media_root / first_thumbnail).exists()

    # Replaced by a Word file: the PDF preview goes.
    second_thumbnail = document.thumbnail.name
    with django_capture_on_commit_callbacks(execute=True):
        document.mime_type = ""
        document.file.save("c.docx", ContentFile(files.ooxml_bytes("docx")), save=True)
    document.refresh_from_db()
    assert not document.thumbnail and document.page_count is None
    assert not (media_root / second_thumbnail).exists()


def test_password_protected_or_broken_pdf_is_refused(teacher_client, collection_a, media_root):
    broken = files.pdf_bytes()[:200]
    response = upload_document(teacher_client, collection_a, "hong.pdf", broken)
    assert "bị hỏng" in form_errors(response)
    assert CustomDocument.objects.count() == 0


def test_importer_hook_returns_the_sniffed_type(tmp_path):
    path = tmp_path / "bài giảng.pdf"
    path.write_bytes(files.pdf_bytes(pages=1))
    with path.open("rb") as handle:
        assert validate_document_file(File(handle, name=path.name)) == "application/pdf"


def test_document_saved_without_form_is_sniffed_and_safely_named(media_root):
    document = CustomDocument(title="Bài giảng (1)", mime_type="")
    document.file.save("../../bài giảng (1).docx", ContentFile(files.ooxml_bytes()), save=True)
    assert document.mime_type.endswith("wordprocessingml.document")
    assert document.file.name.startswith("documents/") and document.file.name.endswith(".docx")
    assert ".." not in document.file.name and "bài" not in document.file.name


# --- Duplicates --------------------------------------------------------------------------


def test_duplicate_document_flagged_with_the_lesson_that_uses_it(
    teacher_client, collection_a, centre_a, media_root
):
    content = files.pdf_bytes(pages=1)
    first = upload_multiple(teacher_client, "document", collection_a, "phan-so.pdf", content)
    assert first["success"] and "Tệp trùng nội dung" not in first["form"]
    lesson = LessonPageFactory(parent=centre_a.library_page, title="Phân số và số thập phân")
    LessonAttachment.objects.create(page=lesson, document_id=first["doc_id"])

    second = upload_multiple(teacher_client, "document", collection_a, "phan-so-2.pdf", content)

    assert second["success"] is True  # flagged, not blocked
    assert CustomDocument.objects.count() == 2
    notice = second["form"]
    assert "Tệp trùng nội dung" in notice
    assert "Kho đã có tệp cùng nội dung: “phan-so.pdf”" in notice
    assert f'href="{lesson.url}"' in notice
    assert "Phân số và số thập phân" in notice


def test_duplicate_image_flagged_with_the_lesson_whose_cover_it_is(
    teacher_client, collection_a, centre_a, media_root
):
    content = files.jpeg_bytes(120, 90)
    first = upload_multiple(teacher_client, "image", collection_a, "bia.jpg", content)
    lesson = LessonPageFactory(
        parent=centre_a.library_page,
        title="Địa lí Việt Nam",
        cover_image=CustomImage.objects.get(pk=first["image_id"]),
        live=False,
    )

    second = upload_multiple(teacher_client, "image", collection_a, "bia-2.jpg", content)

    assert second["success"] is True and second["duplicate"] is True
    # A draft lesson the teacher may edit: linked to its admin edit page.
    assert f"/admin/pages/{lesson.pk}/edit/" in second["form"]
    assert "Địa lí Việt Nam" in second["form"]


def test_duplicate_used_in_a_stream_block_found_through_reference_index(
    teacher_client, collection_a, centre_a
):
    content = files.pdf_bytes(pages=1)
    first = upload_multiple(teacher_client, "document", collection_a, "x.pdf", content)
    lesson = LessonPageFactory(
        parent=centre_a.library_page,
        title="Bài có khối tài liệu",
        body=[("document", {"document": CustomDocument.objects.get(pk=first["doc_id"])})],
    )
    ReferenceIndex.create_or_update_for_object(lesson)
    second = upload_multiple(teacher_client, "document", collection_a, "y.pdf", content)
    assert "Bài có khối tài liệu" in second["form"]


def test_edit_view_of_a_duplicate_shows_the_notice(teacher_client, collection_a):
    from django.urls import reverse

    content = files.png_bytes()
    upload_image(teacher_client, collection_a, "a.png", content)
    upload_image(teacher_client, collection_a, "b.png", content)
    newest = CustomImage.objects.order_by("-pk").first()
    page = teacher_client.get(reverse("wagtailimages:edit", args=[newest.pk]))
    assert page.status_code == 200
    assert "Kho đã có tệp cùng nội dung: “a”" in page.content.decode()


def test_editing_the_title_keeps_the_file_and_its_type(teacher_client, collection_a):
    from django.urls import reverse

    upload_document(teacher_client, collection_a, "de-thi.pdf", files.pdf_bytes(1))
    document = CustomDocument.objects.get()
    stored_name = document.file.name
    response = teacher_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Đề thi học kì I", "collection": collection_a.pk},
    )
    assert response.status_code == 302, form_errors(response)
    document.refresh_from_db()
    assert document.title == "Đề thi học kì I"
    assert document.file.name == stored_name and document.mime_type == "application/pdf"
