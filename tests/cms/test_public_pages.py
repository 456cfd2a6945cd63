"""Every public page renders for anonymous visitors with what it promises, and never shows
drafts or private lessons."""

import os
import re
from datetime import date
from uuid import uuid4

from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

import pytest

from content_models.models import DailyUsage, LessonPage
from content_models.usage.buffer import flush
from search.backends.elasticsearch import index as es_index
from search.documents import get_client
from tests.cms.conftest import publish
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_home_puts_search_first_and_browses(client, public_content):
    content = html(client.get("/"))
    assert '<html lang="vi">' in content
    main = content[content.index('<main id="main"') :]
    # The search box comes before anything else in the main area.
    assert main.index('role="search"') < main.index("Học theo chương trình")
    assert 'action="/tim-kiem/"' in main
    assert "Chương trình GDTX cấp THPT" in main
    assert "/kho-hoc-lieu/chuong-trinh/chuong-trinh-gdtx-cap-thpt/" in main
    assert "/kho-hoc-lieu/mon/toan/" in main
    # Programme levels in their own order (literacy first), not alphabetically.
    assert main.index("Xóa mù chữ giai đoạn 1") < main.index("Chương trình GDTX cấp THCS")
    assert "Toán THPT cho người đi làm" in main  # a collection
    assert "Phương trình bậc hai" in main  # newest lessons
    assert "Trung tâm GDTX tỉnh Lào Cai" in main  # contributing centres
    assert "Bản nháp chưa duyệt" not in content
    assert "Bài nội bộ có mật khẩu" not in content


def test_home_most_used_follows_view_count(client, public_content):
    LessonPage.objects.filter(pk=public_content["literacy"].pk).update(view_count=40)
    content = html(client.get("/"))
    popular = content[content.index('id="popular"') :]
    assert "Đọc hiểu văn bản thông tin" in popular
    assert "40 lượt xem" in popular


def test_library_lists_live_public_lessons_only(client, public_content):
    content = html(client.get(public_content["library"].url))
    for key in ("lesson", "second", "literacy", "original"):
        assert public_content[key].title in content
    assert "Bản nháp chưa duyệt" not in content
    assert "Bài nội bộ có mật khẩu" not in content
    assert "4 bài học" in content
    # Cards show the size of the files (what they cost only when editors set a price).
    assert "Tệp: " in content and "dữ liệu di động" not in content


def test_library_filters_by_level_and_subject(client, public_content):
    url = public_content["library"].url
    content = html(client.get(url, {"level": "chuong-trinh-gdtx-cap-thcs"}))
    assert "Đọc hiểu văn bản thông tin" in content
    assert "Phương trình bậc hai" not in content
    content = html(client.get(url, {"subject": "toan", "level": "chuong-trinh-gdtx-cap-thpt"}))
    assert "Phương trình bậc hai" in content
    assert "Đọc hiểu văn bản thông tin" not in content
    assert '<option value="toan" selected>' in content


@pytest.mark.parametrize(
    "params",
    [
        {"level": "khong-co"},
        {"subject": "x" * 500},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
    ],
)
def test_library_bad_parameters_never_fail(client, public_content, params):
    response = client.get(public_content["library"].url, params)
    content = html(response)
    if "level" in params or "subject" in params:
        assert "bộ lọc này đã được bỏ qua" in content
        assert "Phương trình bậc hai" in content


def test_level_and_subject_landing_pages(client, public_content):
    content = html(client.get("/kho-hoc-lieu/chuong-trinh/chuong-trinh-gdtx-cap-thcs/"))
    assert "<h1>Chương trình GDTX cấp THCS</h1>" in content
    assert "Đọc hiểu văn bản thông tin" in content
    assert "Phương trình bậc hai" not in content
    # Links to the search page with the facet pre-selected, and to the level's feed.
    assert "/tim-kiem/?level=chuong-trinh-gdtx-cap-thcs" in content
    assert "/bai-hoc-moi/chuong-trinh-gdtx-cap-thcs/rss.xml" in content
    content = html(client.get("/kho-hoc-lieu/mon/ngu-van/"))
    assert "<h1>Ngữ văn</h1>" in content
    assert "Đọc hiểu văn bản thông tin" in content
    assert "Bất phương trình bậc hai" not in content
    assert client.get("/kho-hoc-lieu/mon/khong-co-mon-nay/").status_code == 404


def test_lesson_page_shows_everything_a_learner_needs(client, public_content):
    lesson = public_content["lesson"]
    content = html(client.get(lesson.url))
    assert "<h1" in content and "Phương trình bậc hai</h1>" in content
    assert "Cách giải phương trình bậc hai bằng công thức nghiệm." in content
    assert "<li>Tính biệt thức Δ</li>" in content  # objectives
    for badge in ("Chương trình GDTX cấp THPT", "Toán", "Lớp 10", "CC BY 4.0"):
        assert badge in content
    # Body blocks.
    assert '<h2 class="block-heading">Công thức nghiệm</h2>' in content
    assert "&lt;script&gt;x&lt;/script&gt;" in content  # table cell escaped
    # Attachments: type, size, mobile-data cost and download count.
    assert "Phiếu bài tập" in content and "7 lượt tải" in content
    assert re.search(r"PDF</span>\s*<span>[\d,]+\xa0KB</span>", content)
    assert "Video MP4" in content
    # Previews: PDF first page linked to the browser's viewer, players that load nothing.
    assert f'src="{public_content["pdf"].thumbnail.url}"' in content
    assert "Mở trong trình duyệt" in content
    assert '<video class="player" controls preload="none"' in content
    assert "poster=" in content
    assert '<audio class="player" controls preload="none">' in content
    # How to credit it (TASL) in a copyable field.
    credit = re.search(r'<textarea id="attribution-text"[^>]*>(.*?)</textarea>', content, re.S)
    text = credit.group(1)
    assert "Phương trình bậc hai" in text and "Nguyễn Thị Lan" in text
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/" in text
    assert lesson.get_full_url() in text
    # Derived from, with attribution; membership; breadcrumbs; short link.
    assert "Bài học này phái sinh từ" in content and "Hàm số bậc hai – bài gốc" in content
    assert "Học phần Đại số 10" in content and "Toán THPT cho người đi làm" in content
    assert 'class="breadcrumbs"' in content and '<a href="/kho-hoc-lieu/">' in content
    assert f"/l/{lesson.pk}/qr.svg" in content and f"/l/{lesson.pk}/in/" in content


def test_lesson_in_a_course_has_previous_and_next(client, public_content):
    course, second, lesson = (public_content[k] for k in ("course", "second", "lesson"))
    content = html(client.get(second.url, {"hoc-phan": course.pk}))
    assert "Bài 1/2 trong học phần" in content
    assert f'href="{lesson.url}?hoc-phan={course.pk}"' in content
    assert "Bài trước" not in content
    content = html(client.get(lesson.url))  # course detected without the parameter
    assert "Bài 2/2 trong học phần" in content
    assert f'href="{second.url}?hoc-phan={course.pk}"' in content
    # A garbled parameter falls back to the lesson's own course.
    assert "Bài 2/2" in html(client.get(lesson.url, {"hoc-phan": "abc'"}))


def test_drafts_and_private_lessons_are_not_served(client, public_content):
    draft, private = public_content["draft"], public_content["private"]
    assert (
        client.get(f"/kho-hoc-lieu/trung-tam-gdtx-tinh-lao-cai/{draft.slug}/").status_code == 404
    )
    response = client.get(private.url)
    assert "Tóm tắt bài học dành cho học viên GDTX." not in response.content.decode()


def test_course_page_lists_units_in_order_without_drafts(client, public_content):
    course = public_content["course"]
    content = html(client.get(course.url))
    assert content.index("Chương 1") < content.index("Chương 2")
    assert content.index("Bất phương trình bậc hai") < content.index("Phương trình bậc hai</a>")
    assert "Bản nháp chưa duyệt" not in content
    assert "2 bài học" in content
    assert "Bắt đầu học" in content


def test_collection_page_keeps_the_editors_order(client, public_content):
    content = html(client.get(public_content["collection"].url))
    assert "Tuyển chọn bài học Toán." in content
    assert content.index("Học phần Đại số 10") < content.index("Phương trình bậc hai")
    assert "Bản nháp chưa duyệt" not in content
    assert "2 học liệu" in content


def test_centre_page_shows_centre_lessons_and_figures(client, public_content):
    # The figures come from the daily usage table, not the pages' all-time columns.
    LessonPage.objects.filter(pk=public_content["lesson"].pk).update(view_count=99)
    for day, count in ((date(2025, 9, 1), 5), (date(2026, 1, 2), 7)):
        DailyUsage.objects.create(
            kind="view", item_id=public_content["lesson"].pk, day=day, count=count
        )
    content = html(client.get("/kho-hoc-lieu/trung-tam-gdtx-tinh-lao-cai/"))
    assert "<h1>Trung tâm GDTX tỉnh Lào Cai</h1>" in content
    assert "Trung tâm GDTX tỉnh" in content and "Lào Cai" in content
    figures = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", content)
    assert dict(figures) == {
        "Bài học đã công bố": "3",
        "Học phần": "1",
        "Lượt xem": "12",
        "Lượt tải": "7",
    }
    assert "Hàm số bậc hai – bài gốc" not in content  # another centre's lesson
    assert "Bài nội bộ có mật khẩu" not in content
    assert "Ngữ văn" in content and "Toán" in content  # subjects covered


def test_view_counter_rises_without_cookies(client, public_content):
    lesson = public_content["lesson"]
    before = LessonPage.objects.get(pk=lesson.pk).view_count
    # A browser's user agent (no user agent at all is a script's, not counted).
    browser = {"user-agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36"}
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        response = client.get(lesson.url, headers=browser, REMOTE_ADDR=address)
        assert response.status_code == 200
        assert not response.cookies, response.cookies
    # Nothing is written while serving; the batch adds to the daily row and the total.
    assert LessonPage.objects.get(pk=lesson.pk).view_count == before
    flush()
    assert LessonPage.objects.get(pk=lesson.pk).view_count == before + 3
    # Robots and HEAD requests are not counted.
    client.get(lesson.url, headers={"user-agent": "Googlebot/2.1"}, REMOTE_ADDR="10.0.0.9")
    client.head(lesson.url, REMOTE_ADDR="10.0.0.8")
    flush()
    assert LessonPage.objects.get(pk=lesson.pk).view_count == before + 3
    assert "<dt>Lượt xem</dt>" in html(client.get(lesson.url, REMOTE_ADDR="10.0.0.1"))


def test_unknown_page_gets_the_themed_404(client, site_tree):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Không tìm thấy trang" in content
    assert 'role="search"' in content
    assert '<meta name="robots" content="noindex">' in content


def test_500_page_renders_without_context_or_database():
    content = render_to_string("500.html")
    assert "máy chủ đang gặp sự cố" in content
    assert "{%" not in content and "<html" in content


def test_language_switch_works_without_javascript(client, public_content):
    lesson_url = public_content["lesson"].url
    # The browser's language alone does not switch: lessons are Vietnamese (lang="vi").
    response = client.get(lesson_url, headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in html(response) and response["Content-Language"] == "vi"
    response = client.post("/ngon-ngu/", {"language": "en", "next": lesson_url})
    assert response.status_code == 302 and response["Location"] == lesson_url
    assert response.cookies["django_language"].value == "en"
    content = html(client.get(lesson_url))
    assert '<html lang="en">' in content
    assert "Skip to main content" in content and "How to credit this" in content
    # The lesson itself stays in its own language.
    assert '<h1 lang="vi">Phương trình bậc hai</h1>' in content
    # A foreign `next` is not followed.
    response = client.post("/ngon-ngu/", {"language": "vi", "next": "https://example.com/"})
    assert response["Location"] == "/"


def test_page_renders_when_an_image_file_is_missing(client, public_content):
    lesson = public_content["lesson"]
    image = lesson.cover_image
    image.renditions.all().delete()
    cache.clear()  # Wagtail also keeps renditions in the cache
    os.remove(image.file.path)
    content = html(client.get(lesson.url))  # its share picture is the cover
    assert "Phương trình bậc hai" in content
    content = html(client.get(public_content["library"].url))  # its card shows the cover
    assert 'class="card-media"' in content and "format-webp" not in content


@pytest.fixture
def catalogue_indices(settings):
    """Indices of this test alone when the run has Elasticsearch (else the database answers):
    page ids repeat between test databases, so a shared index would mix their documents.
    Gives a function that makes what was indexed searchable now (Elasticsearch refreshes
    every second on its own)."""
    if not settings.ELASTICSEARCH_URL:
        yield lambda: None
        return
    prefix = f"hlmtest-related-{uuid4().hex[:8]}-"
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    es_index.invalidate_check()
    client = get_client()
    es_index.ready_indices(client, create_missing=True)
    yield lambda: client.indices.refresh(index=f"{prefix}*")
    names = list(client.indices.get(index=f"{prefix}*").body)
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)
    es_index.invalidate_check()


def test_lesson_page_shows_related_materials_from_the_catalogue(
    client, centre_a, catalogue_indices, django_capture_on_commit_callbacks
):
    # Publishing feeds the search catalogue after commit (search/outbox.py); run those hooks.
    with django_capture_on_commit_callbacks(execute=True):
        lesson = publish(LessonPageFactory(parent=centre_a.library_page, title="Hàm số mũ"))
        publish(LessonPageFactory(parent=centre_a.library_page, title="Phương trình mũ"))
        publish(LessonPageFactory(parent=centre_a.library_page, title="Hàm số mũ và lôgarit"))
    catalogue_indices()
    content = html(client.get(lesson.url))
    related = content[content.index('id="related-title"') : content.index('id="share-title"')]
    assert "Hàm số mũ và lôgarit" in related
    assert f'href="{lesson.url}"' not in related  # never the lesson itself


def test_listing_queries_do_not_grow_with_the_number_of_lessons(
    client, centre_a, taxonomy, django_assert_max_num_queries
):
    def add(count, prefix):
        for number in range(count):
            title = f"Bài {prefix}{number}"
            lesson = LessonPageFactory(parent=centre_a.library_page, title=title)
            lesson.programme_levels.set([taxonomy["thpt"]])
            lesson.subjects.set([taxonomy["toan"]])
            publish(lesson)

    add(2, "a")
    with CaptureQueriesContext(connection) as few:
        html(client.get("/kho-hoc-lieu/"))
    add(10, "b")
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = html(client.get("/kho-hoc-lieu/"))
    assert "12 bài học" in content


def test_site_context_leaves_admin_templates_alone(admin_client, site_tree):
    # The theme's context processor also runs for Wagtail's admin views (choosers included).
    for url in ("/admin/", "/admin/documents/chooser/", "/admin/images/chooser/"):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model_name", ["LessonPage", "CoursePage", "CollectionPage"])
def test_preview_before_the_first_save_renders(public_content, model_name):
    """Wagtail's "preview" on the create form renders a page that has no pk yet."""
    from content_models import models

    model = getattr(models, model_name)
    parent = (
        public_content["library"]
        if model is models.CollectionPage
        else public_content["lesson"].get_parent()
    )
    page = model(title="Bản xem trước", slug="ban-xem-truoc")
    if hasattr(page, "licence_id"):
        page.summary = "Tóm tắt xem trước."
        page.licence = public_content["lesson"].licence
    page.depth, page.path = parent.depth + 1, parent.path + "ZZZZ"
    page.set_url_path(parent)
    response = page.make_preview_request()
    assert "Bản xem trước" in html(response)
