"""`manage.py seed_demo`: the demo site is complete, realistic, and a second run adds nothing."""

import io
import logging
import re
import shutil

from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, Revision, WorkflowState

from bs4 import BeautifulSoup
from PIL import Image

from content_models.choices import CentreKind
from content_models.demo import images
from content_models.demo.usage import last_school_year
from content_models.licensing import check_derivative_licence
from content_models.models import (
    Centre,
    CentreLibraryPage,
    CollectionPage,
    CoursePage,
    DailyUsage,
    LessonPage,
    ReuseRecord,
)
from content_models.models.workflow import EDITORS_GROUP, teachers_group_name
from content_models.reports.queries import build_report
from media.models import CustomDocument, CustomImage


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": CustomImage.objects.count(),
        "documents": CustomDocument.objects.count(),
        "users": get_user_model().objects.count(),
        "centres": Centre.objects.count(),
        "workflows": WorkflowState.objects.count(),
        "usage": list(DailyUsage.objects.order_by("kind", "item_id", "day").values_list()),
        "reuses": list(ReuseRecord.objects.order_by("pk").values_list()),
    }


def check_centres_and_people(password):
    centres = list(Centre.objects.select_related("province"))
    assert len(centres) >= 6
    assert len({centre.province_id for centre in centres}) >= 5
    assert {centre.kind for centre in centres} >= {
        CentreKind.GDTX_PROVINCE,
        CentreKind.GDNN_GDTX,
        CentreKind.COMMUNITY,
    }
    admin = authenticate(username="admin", password=password)
    assert admin is not None and admin.is_superuser
    editor = authenticate(username="bientapvien", password=password)
    assert editor.groups.filter(name=EDITORS_GROUP).exists()
    for centre in centres:
        library = CentreLibraryPage.objects.get(centre=centre)
        teachers = get_user_model().objects.filter(groups__name=teachers_group_name(centre))
        assert teachers.count() == 1
        teacher = authenticate(username=teachers.get().username, password=password)
        assert teacher is not None and not teacher.is_superuser
        assert library.permissions_for_user(teacher).can_add_subpage()
        assert not library.permissions_for_user(teacher).can_publish_subpage()


def check_lessons():
    live = LessonPage.objects.live().public()
    assert live.count() >= 60
    assert live.values("subjects").distinct().count() >= 12
    assert live.values("programme_levels").distinct().count() >= 7
    licences = set(live.values_list("licence__name", flat=True))
    assert {"CC BY 4.0", "CC BY-ND 4.0", "CC BY-NC-SA 4.0", "CC0"} <= licences
    for lesson in live:
        assert lesson.external_id.startswith("demo-")
        assert lesson.summary and lesson.objectives and lesson.authors
        assert lesson.cover_image is not None
        assert lesson.resource_type is not None
        assert lesson.get_parent().specific.centre_id == lesson.centre_id
    quadratic = live.get(external_id="demo-001")
    kinds = [block.block_type for block in quadratic.body]
    assert {"heading", "paragraph", "formula", "image", "document"} <= set(kinds)
    assert any(b.block_type == "code" for b in live.get(external_id="demo-028").body)
    assert [tag.name for tag in quadratic.keywords.all()]
    with quadratic.cover_image.open_file() as handle, Image.open(handle) as picture:
        assert picture.size == images.CARD_SIZE
    with_pdf = live.filter(attachments__isnull=False).distinct()
    assert with_pdf.count() >= 10
    document = with_pdf.first().attachments.first().document
    with document.open_file() as handle:
        assert handle.read(5) == b"%PDF-"
    assert document.collection.name == with_pdf.first().centre.name


def check_remixes_and_review():
    derived = LessonPage.objects.live().exclude(derived_from=None)
    assert derived.count() >= 3
    for lesson in derived:
        assert check_derivative_licence(lesson.derived_from.licence, lesson.licence)
        assert lesson.derived_from.title in lesson.attribution
    drafts = LessonPage.objects.filter(live=False)
    assert drafts.count() >= 4
    assert not LessonPage.objects.live().filter(pk__in=drafts).exists()
    in_review = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert in_review.count() >= 1
    sent_back = WorkflowState.objects.get(status=WorkflowState.STATUS_NEEDS_CHANGES)
    assert "Đầu súng trăng treo" in sent_back.current_task_state.comment


def check_courses_and_collections():
    courses = CoursePage.objects.live()
    assert courses.count() >= 4
    for course in courses:
        units = list(course.units)
        assert len(units) >= 2
        assert len(course.lesson_sequence()) == sum(len(u.value["lessons"]) for u in units)
    collections = CollectionPage.objects.live()
    assert collections.count() >= 3
    for collection in collections:
        items = collection.live_items()
        assert len(items) == len(collection.items) >= 4
        assert any(isinstance(item, CoursePage) for item in items)


KHMER = re.compile("[\u1780-\u17ff]")
VIETNAMESE_LETTERS = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def check_media_and_languages(client):
    """Lessons typed "Video" carry a real MP4, "Âm thanh" a real MP3 (when ffmpeg is there);
    the Khmer bilingual lesson shows Khmer script marked km, and only that is marked km."""
    live = LessonPage.objects.live()
    typed = {"Video": ("mp4", b"ftyp", 4), "Âm thanh": ("mp3", b"ID3", 0)}
    for type_name, (extension, magic, offset) in typed.items():
        lessons = live.filter(resource_type__name=type_name)
        assert lessons.exists()
        for lesson in lessons:
            files = [a.document for a in lesson.attachments.all()]
            media = [f for f in files if f.file_extension == extension]
            if not shutil.which("ffmpeg"):
                assert not media
                continue
            assert len(media) == 1, (lesson.title, files)
            with media[0].open_file() as handle:
                assert handle.read(offset + len(magic))[offset:] == magic
    lesson = live.get(title="Bảng chữ cái song ngữ Việt – Khmer")
    assert lesson.language == "vi"
    soup = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    marked = soup.find_all(lang="km")
    assert len(marked) == 2
    for element in marked:
        text = element.get_text()
        assert KHMER.search(text) and not VIETNAMESE_LETTERS.search(text), text
    for element in marked:
        element.decompose()
    assert not KHMER.search(soup.get_text())  # no Khmer left unmarked


def test_seed_demo_builds_the_demo_site_and_a_second_run_creates_nothing(
    db, monkeypatch, client, caplog
):
    monkeypatch.setenv("DEMO_PASSWORD", "mat-khau-demo-1")
    caplog.set_level(logging.INFO)
    output = seed()
    assert "mat-khau-demo-1" in output and "giaovien.laocai" in output
    assert mail.outbox == []  # the demo's review workflow mails nobody
    # Short: a summary and the accounts; the jobs it ran (renditions, the pack) log nothing.
    assert len(output.splitlines()) <= 20, output
    chatter = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("hlm") and r.levelno < logging.WARNING
    ]
    assert not chatter, chatter[:5]
    check_centres_and_people("mat-khau-demo-1")
    check_lessons()
    check_remixes_and_review()
    check_courses_and_collections()
    check_media_and_languages(client)
    check_usage_and_reports()

    before = snapshot()
    monkeypatch.setenv("DEMO_PASSWORD", "mat-khau-demo-2")
    output = seed()
    assert snapshot() == before
    assert "không tạo thêm gì" in output
    assert authenticate(username="giaovien.hcm", password="mat-khau-demo-1") is not None

    seed("--reset-passwords")
    assert snapshot() == before
    assert authenticate(username="giaovien.hcm", password="mat-khau-demo-2") is not None


def check_usage_and_reports():
    """The last school year's report shows views, downloads and reuses between centres."""
    year = last_school_year(timezone.localdate())
    report = build_report(year, Centre.objects.all())
    assert report.totals["views"] > 1000
    assert report.totals["downloads"] > 0
    assert report.totals["reuses_given"] >= 1
    assert report.totals["reuses_received"] == report.totals["reuses_given"]
    assert sum(views for _month, _published, views in report.months[:3]) > 0
    live = LessonPage.objects.live()
    assert all(lesson.view_count > 0 for lesson in live)


def test_demo_images_and_worksheets_are_real_files():
    cover = images.cover_card("Phương trình bậc hai", "Toán", "Trung tâm GDTX tỉnh Lào Cai")
    assert cover.startswith(b"\x89PNG") and images.size_of(cover) == images.CARD_SIZE
    graph = images.function_graph("y = x²", lambda x: x * x)
    assert images.size_of(graph) == (720, 480)
    pdf = images.worksheet_pdf("Phiếu", "Trung tâm", ["Mục tiêu"] * 3, ["Bài tập dài"] * 40)
    assert pdf.startswith(b"%PDF-")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 2
