"""Document serving (headers, inline/attachment, ranges, privacy, counting) and
docs/faults.md row 7 (an original missing from storage while its rendition is requested)."""

import logging

from django.template import Context, Template
from django.urls import reverse

from wagtail.documents.models import document_served
from wagtail.images.views.serve import generate_image_url
from wagtail.models import CollectionViewRestriction, PageViewRestriction

import pytest

from content_models.models import LessonAttachment, Licence
from media.models import CustomDocument, CustomImage
from media.renditions import standard_specs
from tests.factories.pages import LessonPageFactory

from . import files
from .conftest import form_errors, upload_document, upload_image

pytestmark = pytest.mark.django_db


def attach(document, centre, publish=True):
    """A lesson of `centre` with `document` attached; published unless `publish` is False."""
    lesson = LessonPageFactory(
        parent=centre.library_page,
        title=f"Bài có tệp {document.pk}",
        licence=Licence.objects.get(name="CC BY 4.0"),
        live=False,
    )
    lesson.attachments = [LessonAttachment(document=document, title=document.title)]
    revision = lesson.save_revision()
    if publish:
        revision.publish()
    return lesson


@pytest.fixture
def pdf_document(teacher_client, collection_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_document(
            teacher_client, collection_a, "on-tap.pdf", files.pdf_bytes(), title="Ôn tập chương 1"
        )
    assert response.status_code == 302, form_errors(response)
    return CustomDocument.objects.get()


def test_pdf_served_inline_with_safe_headers(anonymous, pdf_document, centre_a):
    attach(pdf_document, centre_a)
    response = anonymous.get(pdf_document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline; ")
    assert (
        "filename*=UTF-8''%C3%94n%20t%E1%BA%ADp%20ch%C6%B0%C6%A1ng%201.pdf"
        in (response["Content-Disposition"])
    )
    assert b"".join(response.streaming_content) == (
        pdf_document.file.storage.open(pdf_document.file.name).read()
    )
    assert response.resolver_match.view_name == "media:document_download"


def test_office_file_served_as_attachment(teacher_client, collection_a, anonymous, centre_a):
    upload_document(teacher_client, collection_a, "bang-diem.xlsx", files.ooxml_bytes("xlsx"))
    document = CustomDocument.objects.get()
    attach(document, centre_a)
    response = anonymous.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_range_request_gets_the_bytes_asked_for(client, pdf_document):
    # Downloads are counted from the `document_served` signal by content_models
    # (tests/content_models/test_usage_counting.py).
    assert client.get(pdf_document.url).status_code == 200
    partial = client.get(pdf_document.url, headers={"range": "bytes=100-199"})
    assert partial.status_code == 206
    assert partial["Content-Range"] == f"bytes 100-199/{pdf_document.file.size}"
    assert len(b"".join(partial.streaming_content)) == 100
    assert client.head(pdf_document.url).status_code == 200


def test_unsatisfiable_range_is_416(client, pdf_document):
    response = client.get(pdf_document.url, headers={"range": "bytes=999999999-"})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{pdf_document.file.size}"


def test_conditional_get_answers_304(client, pdf_document):
    first = client.get(pdf_document.url)
    again = client.get(pdf_document.url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_document_served_signal_is_sent(client, pdf_document):
    received = []

    def receiver(sender, instance, request, **kwargs):
        received.append(instance.pk)

    document_served.connect(receiver)
    try:
        client.get(pdf_document.url)
    finally:
        document_served.disconnect(receiver)
    assert received == [pdf_document.pk]


def test_collection_view_restriction_is_respected(anonymous, client, pdf_document):
    CollectionViewRestriction.objects.create(
        collection=pdf_document.collection,
        restriction_type=CollectionViewRestriction.LOGIN,
    )
    response = anonymous.get(pdf_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailcore_login"))
    # The logged-in teacher passes the restriction.
    assert client.get(pdf_document.url).status_code == 200


def test_document_of_a_draft_is_not_public_until_published(
    anonymous, client, pdf_document, centre_a
):
    """Only its editors may fetch a file no published page uses: not from a guessed link."""
    assert anonymous.get(pdf_document.url).status_code == 404
    lesson = attach(pdf_document, centre_a, publish=False)
    assert anonymous.get(pdf_document.url).status_code == 404
    assert client.get(pdf_document.url).status_code == 200  # the teacher who uploaded it
    lesson.get_latest_revision().publish()
    assert anonymous.get(pdf_document.url).status_code == 200
    # A private lesson does not make its file public; unpublishing takes it back.
    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.LOGIN
    )
    assert anonymous.get(pdf_document.url).status_code == 404
    restriction.delete()
    lesson.refresh_from_db()
    lesson.unpublish()
    assert anonymous.get(pdf_document.url).status_code == 404


def test_wrong_filename_is_404(client, pdf_document):
    assert client.get(f"/documents/{pdf_document.pk}/other.pdf").status_code == 404


def test_missing_document_file_is_404_not_500(client, pdf_document, media_root, caplog):
    (media_root / pdf_document.file.name).unlink()
    with caplog.at_level(logging.WARNING, logger="hlm.media"):
        response = client.get(pdf_document.url)
    assert response.status_code == 404
    assert "missing from storage" in caplog.text


# --- Row 7: original missing while its rendition is requested -----------------------------


@pytest.fixture
def cover_image(teacher_client, collection_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_image(
            teacher_client, collection_a, "bia.jpg", files.jpeg_bytes(1200, 800), title="Bìa"
        )
    assert response.status_code == 302, form_errors(response)
    return CustomImage.objects.get()


def _render(image, preset="card"):
    return Template('{% load media_tags %}{% responsive_image image "' + preset + '" %}').render(
        Context({"image": image})
    )


def test_renditions_pregenerated_on_upload(cover_image, media_root):
    renditions = cover_image.renditions.all()
    assert sorted(r.filter_spec for r in renditions) == sorted(standard_specs())
    for rendition in renditions:
        assert rendition.file.name.endswith(".webp")
        assert (media_root / rendition.file.name).exists()


def test_missing_original_with_renditions_still_renders(cover_image, media_root):
    (media_root / cover_image.file.name).unlink()
    html = _render(CustomImage.objects.get())
    assert 'srcset="' in html and ".webp 960w" in html


def test_missing_original_without_renditions_renders_nothing_and_serve_404(
    cover_image, media_root, client, caplog
):
    for rendition in cover_image.renditions.all():
        rendition.file.delete(save=False)
    cover_image.renditions.all().delete()
    (media_root / cover_image.file.name).unlink()
    image = CustomImage.objects.get()

    with caplog.at_level(logging.ERROR, logger="hlm.media"):
        assert _render(image) == ""
    assert f"Image {image.pk} left out of the page" in caplog.text

    for url in (
        generate_image_url(image, "fill-300x200"),
        generate_image_url(image, "fill-300x200").rsplit("/", 1)[0] + "/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url


def test_serve_view_404_when_rendition_file_is_gone_too(cover_image, media_root, client):
    url = generate_image_url(cover_image, "width-320|format-webp")
    assert client.get(url).status_code == 200
    for rendition in cover_image.renditions.all():
        (media_root / rendition.file.name).unlink()
    (media_root / cover_image.file.name).unlink()
    assert client.get(url).status_code == 404


def test_corrupted_original_on_disk_never_500(cover_image, media_root, client, caplog):
    """A file damaged after upload (disk error, bad restore): no 500 in the site or admin."""
    cover_image.renditions.all().delete()
    (media_root / cover_image.file.name).write_bytes(b"\xff\xd8\xff garbage")
    image = CustomImage.objects.get()
    with caplog.at_level(logging.ERROR, logger="hlm.media"):
        assert _render(image, "cover") == ""
    assert client.get(generate_image_url(image, "fill-300x200")).status_code == 404


def test_responsive_image_markup(cover_image):
    cover_image.description = "Học viên lớp xóa mù chữ"
    html = _render(cover_image, "card")
    assert html.startswith("<img ")
    assert 'loading="lazy"' in html and 'decoding="async"' in html
    assert 'width="480" height="270"' in html
    assert 'alt="Học viên lớp xóa mù chữ"' in html
    assert "320w" in html and "480w" in html and "960w" in html
    assert 'sizes="(min-width: 64em) 20rem, (min-width: 40em) 50vw, 100vw"' in html
    decorative = Template(
        '{% load media_tags %}{% responsive_image image "cover" alt="" loading="eager" '
        'fetchpriority="high" class="bia" %}'
    ).render(Context({"image": cover_image}))
    assert 'alt=""' in decorative and 'loading="eager"' in decorative
    assert 'fetchpriority="high"' in decorative and 'class="bia"' in decorative


def test_responsive_image_of_none_is_empty():
    assert _render(None) == ""
