"""docs/faults.md rows 1, 3, 4, 5 and 6 through the real Wagtail admin upload views, logged in as
a teacher of centre A, with real files written to a real MEDIA_ROOT."""

import tracemalloc
import unicodedata
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from media.models import CustomDocument, CustomImage

from . import files
from .conftest import (
    assert_nothing_stored,
    form_errors,
    stored_files,
    upload_document,
    upload_image,
    upload_multiple,
)

pytestmark = pytest.mark.django_db


# --- Row 1: a 30 KB JPEG whose header says 20000×20000 ------------------------------------


def test_pixel_bomb_refused_from_header_naming_the_cap(teacher_client, collection_a, media_root):
    bomb = files.pixel_bomb_jpeg()
    assert 25_000 < len(bomb) < 70_000

    tracemalloc.start()
    response = upload_image(teacher_client, collection_a, "anh-bia.jpg", bomb)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    errors = form_errors(response)
    assert "400 triệu điểm ảnh" in errors
    assert "vượt giới hạn 40 triệu điểm ảnh" in errors
    # Decoding 20000×20000 RGB would need 1.2 GB; the whole request stayed far below.
    assert peak < 40 * 2**20, f"peak {peak / 2**20:.1f} MB: the image was decoded"
    assert_nothing_stored(media_root)


def test_pixel_bomb_through_the_multiple_uploader(teacher_client, collection_a, media_root):
    result = upload_multiple(
        teacher_client, "image", collection_a, "bomb.jpg", files.pixel_bomb_jpeg()
    )
    assert result["success"] is False
    assert "40 triệu điểm ảnh" in result["error_message"]
    assert_nothing_stored(media_root)


# --- Row 3: HTML or SVG with <script> ---------------------------------------------------


def test_html_named_pdf_is_refused_by_content(teacher_client, collection_a, media_root):
    response = upload_document(teacher_client, collection_a, "lesson.pdf", files.HTML_PDF)
    errors = form_errors(response)
    assert "trang HTML có mã <script>" in errors
    assert "đuôi .pdf nhưng nội dung không phải vậy" in errors
    assert "PDF, DOCX, PPTX, XLSX, ODT, ODP, MP4, WebM, MP3, OGG, JPEG, PNG, WebP, GIF" in errors
    assert_nothing_stored(media_root)
    # The name is escaped where Django renders it (no markup from the upload reaches the page).
    assert b"<script>fetch" not in response.content


@pytest.mark.parametrize("kind", ["image", "document"])
def test_svg_with_script_is_refused(kind, teacher_client, collection_a, media_root):
    upload = upload_image if kind == "image" else upload_document
    response = upload(teacher_client, collection_a, "evil.svg", files.EVIL_SVG)
    assert "ảnh vector SVG" in form_errors(response)
    assert_nothing_stored(media_root)


def test_windows_executable_renamed_pdf_is_refused(teacher_client, collection_a, media_root):
    response = upload_document(teacher_client, collection_a, "de-kiem-tra.pdf", files.WINDOWS_EXE)
    assert "chương trình chạy được của Windows" in form_errors(response)
    assert_nothing_stored(media_root)


def test_macro_enabled_word_file_is_refused(teacher_client, collection_a, media_root):
    response = upload_document(
        teacher_client, collection_a, "giao-an.docx", files.ooxml_bytes("docx", macros=True)
    )
    assert "có macro" in form_errors(response)
    assert_nothing_stored(media_root)


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("bai-giang.pdf", files.pdf_bytes(), "application/pdf"),
        (
            "giao-an.docx",
            files.ooxml_bytes("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "trinh-chieu.pptx",
            files.ooxml_bytes("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "bang-diem.xlsx",
            files.ooxml_bytes("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("van-ban.odt", files.odf_bytes("text"), "application/vnd.oasis.opendocument.text"),
        (
            "trinh-chieu.odp",
            files.odf_bytes("presentation"),
            "application/vnd.oasis.opendocument.presentation",
        ),
        ("video", files.mp4_bytes(), "video/mp4"),
        ("video.webm", files.webm_bytes(), "video/webm"),
        ("am-thanh.mp3", files.mp3_bytes(), "audio/mpeg"),
        ("am-thanh.ogg", files.ogg_bytes(), "audio/ogg"),
        ("hinh.png", files.png_bytes(), "image/png"),
    ],
)
def test_allowed_documents_are_stored_with_sniffed_type(
    name, content, mime_type, teacher_client, collection_a, media_root
):
    response = upload_document(teacher_client, collection_a, name, content)
    assert response.status_code == 302, form_errors(response)
    document = CustomDocument.objects.get()
    assert document.mime_type == mime_type
    assert (media_root / document.file.name).read_bytes() == content


# --- Row 4: hostile and awkward file names ----------------------------------------------


@pytest.mark.parametrize(
    "name", ["../../x.pdf", "NUL", "a" * 296 + ".pdf", "bài giảng (1).pdf", "..\\..\\x.pdf"]
)
def test_document_names_become_generated_safe_names(
    name, teacher_client, collection_a, media_root
):
    content = files.pdf_bytes(pages=1)
    body, content_type = files.multipart_body(
        {"title": name, "collection": collection_a.pk}, "file", name, content
    )
    response = teacher_client.generic(
        "POST",
        reverse("wagtaildocs:add"),
        body,
        content_type=content_type,
    )
    assert response.status_code == 302, form_errors(response)

    document = CustomDocument.objects.get()
    assert document.file.name.startswith("documents/")
    stem = document.file.name.removeprefix("documents/")
    assert len(stem) == 36 and stem.endswith(".pdf") and stem[:32].isalnum()
    assert stored_files(media_root) == [document.file.name]
    assert not (media_root.parent / "x.pdf").exists()
    assert not (media_root.parent.parent / "x.pdf").exists()
    # The display name is kept (shortened only past the 255 characters a title holds).
    expected_title = name if len(name) <= 255 else name[:254] + "…"
    assert document.title == expected_title


def test_vietnamese_name_round_trips_to_the_download(teacher_client, collection_a, media_root):
    decomposed = unicodedata.normalize("NFD", "bài giảng (1)")  # as a Mac sends it
    response = upload_document(
        teacher_client, collection_a, f"{decomposed}.pdf", files.pdf_bytes(1), title=decomposed
    )
    assert response.status_code == 302, form_errors(response)
    document = CustomDocument.objects.get()
    assert document.title == "bài giảng (1)"
    assert unicodedata.is_normalized("NFC", document.title)

    download = teacher_client.get(document.url)
    assert download.status_code == 200
    disposition = download["Content-Disposition"]
    assert f"filename*=UTF-8''{quote('bài giảng (1).pdf')}" in disposition
    assert 'filename="bai giang (1).pdf"' in disposition


def test_php_jpg_image_stored_under_generated_name(teacher_client, collection_a, media_root):
    response = upload_image(teacher_client, collection_a, "a.php.jpg", files.jpeg_bytes())
    assert response.status_code == 302, form_errors(response)
    image = CustomImage.objects.get()
    assert image.title == "a.php"
    assert image.file.name.startswith("original_images/")
    assert ".php" not in image.file.name and image.file.name.endswith(".jpg")
    assert (media_root / image.file.name).exists()


def test_png_named_jpg_gets_the_png_extension(teacher_client, collection_a, media_root):
    response = upload_image(teacher_client, collection_a, "anh.jpg", files.png_bytes())
    assert response.status_code == 302, form_errors(response)
    assert CustomImage.objects.get().file.name.endswith(".png")


# --- Row 5: truncated or corrupt JPEG; FITS renamed .png ---------------------------------


def test_truncated_jpeg_is_not_a_supported_image(teacher_client, collection_a, media_root):
    whole = files.jpeg_bytes(400, 300, noise=True)
    response = upload_image(teacher_client, collection_a, "cut.jpg", whole[: len(whole) // 2])
    errors = form_errors(response)
    assert "không phải là ảnh được hỗ trợ" in errors
    assert "bị hỏng hoặc bị cắt cụt" in errors
    assert_nothing_stored(media_root)
    # Later pages keep working: the image listing answers normally.
    assert teacher_client.get(reverse("wagtailimages:index")).status_code == 200


def test_corrupt_jpeg_header_is_not_a_supported_image(teacher_client, collection_a, media_root):
    data = bytearray(files.jpeg_bytes(200, 150))
    sof = data.find(b"\xff\xc0")
    data[sof + 2 : sof + 4] = b"\x00\x01"  # impossible segment length
    response = upload_image(teacher_client, collection_a, "hong.jpg", bytes(data))
    assert "không phải là ảnh được hỗ trợ" in form_errors(response)
    assert_nothing_stored(media_root)


def test_fits_renamed_png_is_refused_before_decode(teacher_client, collection_a, media_root):
    response = upload_image(teacher_client, collection_a, "thien-van.png", files.fits_bytes())
    errors = form_errors(response)
    assert "không phải là ảnh được hỗ trợ" in errors
    assert "ảnh thiên văn FITS" in errors
    assert "JPEG, PNG, WebP, GIF" in errors
    assert_nothing_stored(media_root)


@pytest.mark.parametrize("maker", [files.png_bytes, files.webp_bytes, files.gif_bytes])
def test_other_image_formats_are_accepted(maker, teacher_client, collection_a, media_root):
    response = upload_image(teacher_client, collection_a, "hinh", maker())
    assert response.status_code == 302, form_errors(response)
    assert CustomImage.objects.count() == 1


# --- Row 6: animated GIF of 500 frames × 1000×1000 ---------------------------------------


def test_animated_gif_counted_as_frames_times_pixels(teacher_client, collection_a, media_root):
    gif = files.animated_gif(frames=500, size=(1000, 1000))
    assert len(gif) < 5 * 2**20
    response = upload_image(teacher_client, collection_a, "hoat-hinh.gif", gif)
    errors = form_errors(response)
    assert "500 khung hình × 1000×1000" in errors
    assert "500 triệu điểm ảnh" in errors
    assert "vượt giới hạn 40 triệu điểm ảnh" in errors
    assert_nothing_stored(media_root)


def test_short_animated_gif_is_accepted(teacher_client, collection_a, media_root):
    response = upload_image(
        teacher_client, collection_a, "ngan.gif", files.animated_gif(frames=10, size=(200, 200))
    )
    assert response.status_code == 302, form_errors(response)


def test_chooser_upload_in_the_page_editor_is_checked_too(
    teacher_client, collection_a, media_root
):
    """The 'Upload' tab of the document chooser (used while editing a lesson)."""
    response = teacher_client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "lesson",
            "document-chooser-upload-collection": collection_a.pk,
            "document-chooser-upload-file": SimpleUploadedFile("lesson.pdf", files.HTML_PDF),
        },
    )
    assert response.status_code == 200
    payload = response.json()
    assert payload["step"] == "reshow_creation_form"
    assert "trang HTML có mã &lt;script&gt;" in payload["htmlFragment"]
    assert_nothing_stored(media_root)
