"""Lessons, a course and a collection for the offline pack tests (real files, real publishing)."""

import io
import os
import time

from django.core.files.images import ImageFile

from wagtail.models import Page

from content_models.models import CollectionPage
from content_models.models.workflow import centre_collection
from content_models.offline.builder import build_pack
from content_models.offline.writers import write_pack
from media.models import CustomImage
from tests.browser.content import make_document, pdf_bytes, publish_lesson
from tests.factories.pages import CoursePageFactory, LessonPageFactory
from tests.media.files import png_bytes

LESSONS = (
    (
        "Đạo hàm của hàm số",
        "Khái niệm đạo hàm và ý nghĩa hình học.",
        "Đạo hàm tại một điểm là giới hạn của tỉ số gia số; tiếp tuyến của đồ thị.",
    ),
    (
        "Quang hợp ở thực vật",
        "Lá cây biến ánh sáng thành chất hữu cơ.",
        "Diệp lục hấp thụ ánh sáng mặt trời để tổng hợp glucôzơ.",
    ),
    (
        "Phân số và số thập phân",
        "Đổi phân số sang số thập phân.",
        "Mỗi phân số viết được thành số thập phân hữu hạn hoặc vô hạn tuần hoàn.",
    ),
)


def make_cover(centre, title="Ảnh bìa bài học"):
    image = CustomImage(title=title, collection=centre_collection(centre))
    image.file = ImageFile(io.BytesIO(png_bytes(320, 180)), name="bia.png")
    image.save()
    return image


def publish_collection(library, title, slug, pages):
    collection = CollectionPage(
        title=title, slug=slug, items=[("item", page) for page in pages], live=False
    )
    library.add_child(instance=collection)
    collection.save_revision().publish()
    collection.refresh_from_db()
    return collection


def pack_content(centre, library):
    """(collection, course, lessons): three lessons with a cover each and a PDF on the first;
    the collection lists all three, the course the first two."""
    worksheet = make_document(centre, "Phiếu bài tập đạo hàm", pdf_bytes("Dao ham"), "dao-ham.pdf")
    lessons = []
    for index, (title, summary, paragraph) in enumerate(LESSONS):
        lesson = publish_lesson(
            centre,
            title,
            summary=summary,
            body=[("Nội dung chính", f"<p>{paragraph}</p>")],
            authors="Nguyễn Thị Hoa",
            attachments=[(worksheet, "Phiếu bài tập")] if index == 0 else (),
        )
        lesson.cover_image = make_cover(centre)
        lesson.save_revision().publish()
        lesson.refresh_from_db()
        lessons.append(lesson)
    course = CoursePageFactory(parent=centre.library_page, title="Toán giải tích 12", live=False)
    course.units = [
        {
            "type": "unit",
            "value": {
                "title": "Phần 1",
                "description": "",
                "lessons": [lessons[0].pk, lessons[1].pk],
            },
        }
    ]
    course.save_revision().publish()
    course.refresh_from_db()
    collection = publish_collection(
        Page.objects.get(pk=library.pk).specific, "Học liệu ôn tập", "hoc-lieu-on-tap", lessons
    )
    return collection, course, lessons


def print_pack_figures(library, extra_lessons, total, tmp_path, capsys):
    """Add `extra_lessons` review lessons to `library`, build and write its pack in both
    formats (`total` lessons in all) and print size and time of each."""
    for number in range(extra_lessons):
        LessonPageFactory(
            parent=library,
            title=f"Bài ôn tập số {number}",
            summary="Ôn tập kiến thức đã học, có bài tập tự luyện.",
            body=[("paragraph", f"<p>Bài tập số {number}: giải phương trình bậc hai.</p>")],
        )
    for pack_format in ("zip", "zim"):
        started = time.perf_counter()
        pack = build_pack(library, pack_format)
        path = tmp_path / f"{total}.{pack_format}"
        size = write_pack(pack, pack_format, path)
        elapsed = time.perf_counter() - started
        assert len(pack.lessons) == total
        assert os.path.getsize(path) == size
        with capsys.disabled():
            print(
                f"\noffline pack {pack_format}: {total} lessons, "
                f"{size / 1024:.0f} KiB, {elapsed:.2f} s"
            )
