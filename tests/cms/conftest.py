"""Realistic public content for the theme's tests: a published lesson with every kind of
block, real image and PDF files, attachments, a course, a collection, a draft and a private
lesson that must never show."""

import io
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import PageViewRestriction

import pytest
from PIL import Image

from content_models.models import (
    CollectionPage,
    DailyUsage,
    Grade,
    LessonAttachment,
    Licence,
    ProgrammeLevel,
    ResourceType,
    Subject,
)
from media.models import CustomDocument, CustomImage
from tests.cms.admin_world import World, build_centre_work
from tests.factories.pages import CoursePageFactory, LessonPageFactory

VIDEO_URL = "https://www.youtube.com/watch?v=hlm-demo-01"
# The smallest ISO media header a sniffer recognises as MP4 ("ftyp" box, brand mp42).
MP3_BYTES = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\xff\xfb\x90\x64" * 512
MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 2048


def image_bytes(fmt="PNG", size=(800, 450), colour=(30, 110, 180)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def make_image(title="Ảnh bìa phương trình"):
    image = CustomImage(title=title, description="Đồ thị parabol trên bảng")
    image.file = ImageFile(io.BytesIO(image_bytes()), name="bia.png")
    image.save()
    return image


def make_document(title, content, name):
    document = CustomDocument(title=title)
    document.file = ContentFile(content, name=name)
    document._set_document_file_metadata()  # size and hash, as Wagtail's upload views do
    document.save()
    return document


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def lesson_body():
    """One of every body block, written as editors would."""
    return [
        ("heading", {"text": "Công thức nghiệm", "size": "h2"}),
        ("paragraph", "<p>Phương trình <b>bậc hai</b> có dạng ax² + bx + c = 0.</p>"),
        ("formula", {"latex": r"x = \frac{-b \pm \sqrt{\Delta}}{2a}", "caption": "Nghiệm"}),
        ("code", {"language": "python", "code": "print('Xin chào')"}),
        ("quote", {"text": "Học, học nữa, học mãi.", "source": "V.I. Lênin"}),
        (
            "table",
            {
                "data": [["Hệ số", "Giá trị"], ["a", "1"], ["b", "<script>x</script>"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Bảng hệ số",
            },
        ),
        ("video", {"video": VIDEO_URL, "caption": "Bài giảng video"}),
    ]


@pytest.fixture
def taxonomy(db):
    return {
        "thpt": ProgrammeLevel.objects.get(name="Chương trình GDTX cấp THPT"),
        "thcs": ProgrammeLevel.objects.get(name="Chương trình GDTX cấp THCS"),
        "toan": Subject.objects.get(name="Toán"),
        "van": Subject.objects.get(name="Ngữ văn"),
        "grade10": Grade.objects.get(number=10),
        "type": ResourceType.objects.first(),
        "by_nd": Licence.objects.get(name="CC BY-ND 4.0"),
    }


def store_embed():
    """The oEmbed record Wagtail keeps after its first fetch (so rendering needs no network)."""
    return Embed.objects.create(
        hash=get_embed_hash(VIDEO_URL),
        url=VIDEO_URL,
        max_width=None,
        type="video",
        html='<iframe src="https://www.youtube.com/embed/hlm-demo-01" title="Bài giảng"></iframe>',
        title="Giải phương trình bậc hai",
        provider_name="YouTube",
        thumbnail_url="https://i.ytimg.com/vi/hlm-demo-01/hqdefault.jpg",
        width=480,
        height=270,
    )


@pytest.fixture
def stored_embed(db):
    return store_embed()


@pytest.fixture
def public_content(centre_a, centre_b, taxonomy, stored_embed):
    """A rich published lesson (pdf, video, audio attachments), its original, a course and a
    collection holding it, plus a draft and a private lesson that stay hidden."""
    library_a = centre_a.library_page
    original = LessonPageFactory(
        parent=centre_b.library_page,
        title="Hàm số bậc hai – bài gốc",
        summary="Bài gốc về hàm số bậc hai của trung tâm Mường Tè.",
    )
    original.programme_levels.set([taxonomy["thpt"]])
    original.subjects.set([taxonomy["toan"]])
    publish(original)

    lesson = LessonPageFactory(
        parent=library_a,
        title="Phương trình bậc hai",
        summary="Cách giải phương trình bậc hai bằng công thức nghiệm.",
        learning_objectives="Nhận biết phương trình bậc hai\nTính biệt thức Δ\nGiải và biện luận",
        authors="Nguyễn Thị Lan, Trần Văn Minh",
        duration_minutes=45,
        resource_type=taxonomy["type"],
        body=lesson_body(),
        cover_image=make_image(),
        derived_from=original,
        attribution="Dựa trên “Hàm số bậc hai – bài gốc” của Trung tâm GDNN-GDTX Mường Tè.",
    )
    lesson.programme_levels.set([taxonomy["thpt"]])
    lesson.subjects.set([taxonomy["toan"]])
    lesson.grades.set([taxonomy["grade10"]])
    lesson.keywords.add("phương trình", "đại số")

    pdf = make_document("Phiếu bài tập", image_bytes("PDF"), "phieu.pdf")
    pdf.thumbnail.save("phieu.png", ContentFile(image_bytes("PNG", (240, 340))), save=True)
    CustomDocument.objects.filter(pk=pdf.pk).update(download_count=7)
    DailyUsage.objects.create(kind="download", item_id=pdf.pk, day=date(2026, 5, 4), count=7)
    video = make_document("Video bài giảng", MP4_HEADER, "video.mp4")
    audio = make_document("Bài nghe", MP3_BYTES, "bai-nghe.mp3")
    for order, document in enumerate((pdf, video, audio)):
        LessonAttachment.objects.create(page=lesson, document=document, sort_order=order)
    publish(lesson)

    second = LessonPageFactory(parent=library_a, title="Bất phương trình bậc hai")
    second.programme_levels.set([taxonomy["thpt"]])
    second.subjects.set([taxonomy["toan"]])
    publish(second)
    literacy = LessonPageFactory(parent=library_a, title="Đọc hiểu văn bản thông tin")
    literacy.programme_levels.set([taxonomy["thcs"]])
    literacy.subjects.set([taxonomy["van"]])
    publish(literacy)

    draft = LessonPageFactory(parent=library_a, title="Bản nháp chưa duyệt", live=False)
    draft.programme_levels.set([taxonomy["thpt"]])
    draft.save_revision()
    private = LessonPageFactory(parent=library_a, title="Bài nội bộ có mật khẩu")
    private.programme_levels.set([taxonomy["thpt"]])
    publish(private)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="bimat"
    )

    course = CoursePageFactory(
        parent=library_a,
        title="Học phần Đại số 10",
        units=[
            ("unit", {"title": "Chương 1", "description": "", "lessons": [second, draft]}),
            ("unit", {"title": "Chương 2", "description": "Ôn tập", "lessons": [lesson]}),
        ],
    )
    course.programme_levels.set([taxonomy["thpt"]])
    publish(course)

    library = centre_a.library_page.get_parent().specific
    collection = library.add_child(
        instance=CollectionPage(
            title="Toán THPT cho người đi làm",
            slug="toan-thpt-cho-nguoi-di-lam",
            introduction="<p>Tuyển chọn bài học Toán.</p>",
            items=[("item", course), ("item", lesson), ("item", draft)],
        )
    )
    publish(collection)
    return {
        "lesson": lesson,
        "second": second,
        "literacy": literacy,
        "original": original,
        "draft": draft,
        "private": private,
        "course": course,
        "collection": collection,
        "pdf": pdf,
        "video": video,
        "audio": audio,
        "library": library,
    }


@pytest.fixture
def world(centre_a, centre_b, teacher_a, teacher_b, editor):
    """Both centres' unpublished work, marked with secrets (tests/cms/admin_world.py)."""
    return World(
        a=build_centre_work("a", centre_a, teacher_a),
        b=build_centre_work("b", centre_b, teacher_b),
    )
