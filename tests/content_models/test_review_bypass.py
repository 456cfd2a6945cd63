"""Page forms save only what the user may choose (issue 15, items 2 and 3d).

Teacher A posts the real Wagtail page editor with ids they never saw in a chooser: centre B's
unused document as an attachment or a body block, B's image as the cover or a body image, B's
draft lesson as `derived_from` or in a course unit. Each is refused with a Vietnamese error
naming the field, and nothing is saved. What stays allowed: B's files that a public lesson
already shows, B's live lessons, and whatever the page as saved already holds (an editor's
choice, or what a reuse copied).
"""

import html
import json
import posixpath

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from content_models.models import CoursePage, LessonAttachment, LessonPage, Licence
from content_models.models.workflow import centre_collection
from media.models import CustomDocument, CustomImage
from tests.content_models import test_permissions as shared
from tests.content_models.admin_forms import (
    edit_lesson,
    lesson_form_data,
    login,
    paragraph,
)
from tests.content_models.test_permissions import B_DOC_TITLE, B_DRAFT_TITLE, B_IMAGE_TITLE, _png
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db

# Centre B's draft lesson, live lesson and unused media, shared with the permission tests.
lesson_b = shared.lesson_b
live_lesson_b = shared.live_lesson_b
media_b = shared.media_b

NOT_CHOOSABLE = "Chỉ chọn được"


def _errors(response):
    """Every error of the page form and its inline rows, as one string."""
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    texts = [str(error) for errors in form.errors.values() for error in errors]
    for error_list in form.errors.values():  # a StreamField's messages sit one level down
        for error in error_list.as_data():
            texts += [str(message) for message in getattr(error, "non_block_errors", [])]
    for formset in form.formsets.values():
        for row_errors in formset.errors:
            texts += [str(error) for errors in row_errors.values() for error in errors]
    return " ".join(texts)


def _leaked(response, *secrets):
    """The secrets found in a page, in plain text or inside the JSON a StreamField's or a
    chooser's state is rendered as."""
    page = html.unescape(response.content.decode())
    return [s for s in secrets if s in page or json.dumps(s)[1:-1] in page]


def _file_stem(obj):
    """What a stored file's name and its renditions' names share."""
    return posixpath.splitext(posixpath.basename(obj.file.name))[0]


def _attachments(*documents):
    return inline_formset([{"document": str(doc.pk), "title": ""} for doc in documents])


def _form(title, slug, **fields):
    data = lesson_form_data(title, slug)
    nested = {key: value for key, value in fields.items() if isinstance(value, dict)}
    data.update({key: value for key, value in fields.items() if not isinstance(value, dict)})
    data.update(nested_form_data(nested))
    return data


def _add(client, centre, slug, **fields):
    url = reverse(
        "wagtailadmin_pages:add", args=["content_models", "lessonpage", centre.library_page.pk]
    )
    return client.post(url, _form("Bài mới của A", slug, **fields))


def _edit(client, page, **fields):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return client.post(url, _form(page.title, page.slug, **fields))


@pytest.fixture
def public_media_b(centre_b, teacher_b):
    """A document and an image of B that B's published lesson shows to everyone."""
    collection = centre_collection(centre_b)
    document = CustomDocument.objects.create(
        title="Phiếu công khai của B",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="cong-khai.pdf"),
        collection=collection,
    )
    image = CustomImage.objects.create(
        title="Ảnh công khai của B",
        file=ContentFile(_png(), name="cong-khai.png"),
        collection=collection,
        width=24,
        height=16,
    )
    lesson = LessonPageFactory(
        parent=centre_b.library_page, title="Bài công khai của B", cover_image=image, live=False
    )
    lesson.attachments = [LessonAttachment(document=document)]
    lesson.save_revision(user=teacher_b).publish()
    return document, image


# --- Item 2: another centre's unpublished file -------------------------------------------


@pytest.mark.parametrize("where", ["attachment", "document_block", "cover_image", "image_block"])
def test_forged_ids_of_another_centres_unused_media_are_refused(
    client, teacher_a, centre_a, media_b, where
):
    document, image = media_b
    fields = {
        "attachment": {"attachments": _attachments(document)},
        "document_block": {"body": streamfield([("document", {"document": document.pk})])},
        "cover_image": {"cover_image": str(image.pk)},
        "image_block": {
            "body": streamfield([("image", {"image": image.pk, "alt_text": "x", "caption": ""})])
        },
    }[where]
    login(client, teacher_a)
    response = _add(client, centre_a, f"gia-mao-{where.replace('_', '-')}", **fields)
    errors = _errors(response)
    assert NOT_CHOOSABLE in errors
    number = document.pk if "document" in where or where == "attachment" else image.pk
    assert f"số {number}" in errors
    # The form shown again does not display the forged choice (title, preview or file).
    secrets = (B_DOC_TITLE, B_IMAGE_TITLE, _file_stem(document), _file_stem(image))
    assert _leaked(response, *secrets) == []
    assert not LessonPage.objects.filter(slug__startswith="gia-mao").exists()


def test_forged_image_in_a_block_that_fails_its_own_validation_is_not_shown(
    client, teacher_a, centre_a, media_b
):
    """The block is invalid anyway (no alt text): the forged image is still refused and its
    title and preview stay out of the form shown again."""
    _document, image = media_b
    login(client, teacher_a)
    body = streamfield([("image", {"image": image.pk, "alt_text": "", "caption": ""})])
    response = _add(client, centre_a, "gia-mao-khong-alt", body=body)
    assert f"số {image.pk}" in _errors(response)
    assert _leaked(response, B_IMAGE_TITLE, _file_stem(image)) == []


def test_error_names_the_field_that_holds_the_forged_id(client, teacher_a, centre_a, media_b):
    document, image = media_b
    login(client, teacher_a)
    response = _add(client, centre_a, "gia-mao-bia", cover_image=str(image.pk))
    assert response.context["form"].errors["cover_image"][0].startswith("“Ảnh bìa”")
    response = _add(
        client,
        centre_a,
        "gia-mao-than-bai",
        body=streamfield([("document", {"document": document.pk})]),
    )
    assert "“Nội dung”" in _errors(response)
    response = _add(client, centre_a, "gia-mao-dinh-kem", attachments=_attachments(document))
    row_errors = response.context["form"].formsets["attachments"].errors[0]
    assert "“Tệp”" in row_errors["document"][0]


def test_editing_an_own_lesson_with_a_forged_id_saves_nothing(
    client, teacher_a, centre_a, media_b
):
    document, image = media_b
    own = LessonPageFactory(parent=centre_a.library_page, live=False, owner=teacher_a)
    own.save_revision(user=teacher_a)
    revisions = own.revisions.count()
    login(client, teacher_a)
    response = _edit(client, own, attachments=_attachments(document), cover_image=str(image.pk))
    assert NOT_CHOOSABLE in _errors(response)
    own.refresh_from_db()
    assert own.revisions.count() == revisions
    assert own.cover_image_id is None and not own.attachments.exists()
    # Submitting for review with the forged id is refused the same way.
    response = edit_lesson(client, own, action="submit", cover_image=str(image.pk))
    assert response.status_code == 200
    assert own.revisions.count() == revisions
    assert not own.workflow_in_progress


def test_another_centres_public_media_may_be_reused(client, teacher_a, centre_a, public_media_b):
    document, image = public_media_b
    login(client, teacher_a)
    response = _add(
        client,
        centre_a,
        "dung-lai-tep-cong-khai",
        attachments=_attachments(document),
        cover_image=str(image.pk),
        body=streamfield([("image", {"image": image.pk, "alt_text": "Ảnh", "caption": ""})]),
    )
    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="dung-lai-tep-cong-khai")
    assert lesson.cover_image_id == image.pk
    assert [row.document_id for row in lesson.attachments.all()] == [document.pk]


def test_own_centres_media_may_be_chosen(client, teacher_a, centre_a):
    collection = centre_collection(centre_a)
    document = CustomDocument.objects.create(
        title="Phiếu của A",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="phieu-a.pdf"),
        collection=collection,
    )
    login(client, teacher_a)
    response = _add(
        client,
        centre_a,
        "bai-co-phieu-cua-a",
        attachments=_attachments(document),
        body=streamfield([("document", {"document": document.pk, "title": ""})]),
    )
    assert response.status_code == 302
    assert LessonPage.objects.filter(slug="bai-co-phieu-cua-a").exists()


def test_what_the_saved_page_already_holds_is_kept(client, teacher_a, editor, centre_a):
    """An editor filled the teacher's draft with an image from the editors' collection: the
    teacher may keep editing the page, but may not add another such image."""
    root = Collection.get_first_root_node()
    chosen, other = (
        CustomImage.objects.create(
            title=title,
            file=ContentFile(_png(), name="bia.png"),
            collection=root,
            width=24,
            height=16,
        )
        for title in ("Ảnh của biên tập viên", "Ảnh khác của biên tập viên")
    )
    lesson = LessonPageFactory(parent=centre_a.library_page, live=False, owner=teacher_a)
    lesson.save_revision(user=teacher_a)
    login(client, editor)
    assert _edit(client, lesson, cover_image=str(chosen.pk)).status_code == 302

    client.logout()
    login(client, teacher_a)
    response = _edit(client, lesson, cover_image=str(chosen.pk), summary="Sửa tóm tắt.")
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.get_latest_revision_as_object().summary == "Sửa tóm tắt."
    response = _edit(
        client,
        lesson,
        cover_image=str(chosen.pk),
        body=streamfield([("image", {"image": other.pk, "alt_text": "x", "caption": ""})]),
    )
    assert f"số {other.pk}" in _errors(response)


def test_reused_lesson_keeps_the_originals_attachments_when_edited(
    client, teacher_a, centre_a, centre_b, teacher_b
):
    """A reuse copies B's attachments; once B unpublishes the original, A's copy still holds
    them and A can keep editing it."""
    from content_models.reuse import reuse_lesson

    collection = centre_collection(centre_b)
    document = CustomDocument.objects.create(
        title="Phiếu của bài gốc",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="goc.pdf"),
        collection=collection,
    )
    original = LessonPageFactory(parent=centre_b.library_page, live=False, title="Bài gốc")
    original.attachments = [LessonAttachment(document=document)]
    original.save_revision(user=teacher_b).publish()
    original = LessonPage.objects.get(pk=original.pk)
    copy = reuse_lesson(
        original,
        user=teacher_a,
        destination=centre_a.library_page,
        licence=Licence.objects.get(name="CC BY 4.0"),
    )
    original.unpublish()
    login(client, teacher_a)
    response = _edit(
        client, copy, attachments=_attachments(document), derived_from=str(original.pk)
    )
    assert response.status_code == 302, _errors(response)


# --- Item 3d: pages the user may not know of ---------------------------------------------


def test_derived_from_another_centres_draft_is_refused(
    client, teacher_a, centre_a, lesson_b, live_lesson_b
):
    login(client, teacher_a)
    response = _add(client, centre_a, "phai-sinh-nhap", derived_from=str(lesson_b.pk))
    errors = _errors(response)
    assert "“Phái sinh từ”" in errors and f"số {lesson_b.pk}" in errors
    assert _leaked(response, B_DRAFT_TITLE) == []
    assert not LessonPage.objects.filter(slug="phai-sinh-nhap").exists()

    response = _add(client, centre_a, "phai-sinh-cong-khai", derived_from=str(live_lesson_b.pk))
    assert response.status_code == 302
    assert LessonPage.objects.get(slug="phai-sinh-cong-khai").derived_from_id == live_lesson_b.pk


def _list_block(values):
    data = {
        str(i): {"value": str(v), "deleted": "", "order": str(i)} for i, v in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def _course_data(title, slug, lessons):
    licence = Licence.objects.get(name="CC BY 4.0")
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Học phần thử.",
            "introduction": paragraph("<p>Giới thiệu.</p>"),
            "units": streamfield(
                [("unit", {"title": "Phần 1", "description": "", "lessons": _list_block(lessons)})]
            ),
            "cover_image": "",
            "licence": str(licence.pk),
            "centre": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )


def test_course_unit_pointing_at_another_centres_draft_is_refused(
    client, teacher_a, centre_a, lesson_b, live_lesson_b
):
    own = LessonPageFactory(parent=centre_a.library_page, live=False, owner=teacher_a)
    url = reverse(
        "wagtailadmin_pages:add", args=["content_models", "coursepage", centre_a.library_page.pk]
    )
    login(client, teacher_a)
    response = client.post(url, _course_data("Học phần A", "hoc-phan-a", [own.pk, lesson_b.pk]))
    errors = _errors(response)
    assert "“Các phần”" in errors and f"số {lesson_b.pk}" in errors
    assert _leaked(response, B_DRAFT_TITLE) == []
    assert not CoursePage.objects.filter(slug="hoc-phan-a").exists()

    response = client.post(
        url, _course_data("Học phần A", "hoc-phan-a", [own.pk, live_lesson_b.pk])
    )
    assert response.status_code == 302
    assert CoursePage.objects.filter(slug="hoc-phan-a").exists()


def test_collection_page_form_checks_its_items(editor, lesson_b):
    """Editors may see every page, so their collections may hold any lesson; the form class
    that does the checking is still the collections' base form."""
    from content_models.forms import ChosenItemsPageForm
    from content_models.models import CollectionPage

    assert issubclass(CollectionPage.get_edit_handler().get_form_class(), ChosenItemsPageForm)
