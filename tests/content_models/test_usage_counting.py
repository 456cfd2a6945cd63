"""Counting views and downloads: COUNTER's rules, batches off the request, no personal data.

Real requests through the real page and document views, the real cache, the immediate task
backend running `record_usage`, and (for concurrency) real threads against PostgreSQL.
"""

import importlib
import threading
import time
import uuid
from datetime import date

from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone

import pytest

from content_models.models import DailyUsage, LessonPage, ReuseRecord, UsageBatch
from content_models.models.workflow import centre_collection
from content_models.usage.buffer import BUFFER, UsageBuffer, flush
from content_models.usage.counting import count
from content_models.usage.robots import is_robot
from content_models.usage.store import add_counts, record_usage
from media.models import CustomDocument
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"
OTHER_BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
PDF = b"%PDF-1.4\n" + b"0" * 4000 + b"\n%%EOF\n"


@pytest.fixture
def lesson(centre_a):
    page = LessonPageFactory(parent=centre_a.library_page, title="Phân số", live=False)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def document(centre_a, lesson):
    pdf = CustomDocument.objects.create(
        title="Phiếu bài tập",
        file=ContentFile(PDF, name="phieu.pdf"),
        collection=centre_collection(centre_a),
    )
    lesson.attachments.create(document=pdf, title="Phiếu")
    lesson.save_revision().publish()
    return pdf


def views(page):
    return sum(
        DailyUsage.objects.filter(kind="view", item_id=page.pk).values_list("count", flat=True)
    )


def downloads(document):
    return sum(
        DailyUsage.objects.filter(kind="download", item_id=document.pk).values_list(
            "count", flat=True
        )
    )


def visit(client, url, address="10.1.1.1", agent=BROWSER, **headers):
    return client.get(url, headers={"user-agent": agent, **headers}, REMOTE_ADDR=address)


def test_a_view_writes_nothing_until_the_batch_is_flushed(client, lesson):
    before = LessonPage.objects.get(pk=lesson.pk).view_count
    assert visit(client, lesson.url).status_code == 200
    assert DailyUsage.objects.count() == 0
    assert LessonPage.objects.get(pk=lesson.pk).view_count == before
    assert flush() == 1
    row = DailyUsage.objects.get()
    assert (row.kind, row.item_id, row.day, row.count) == (
        "view",
        lesson.pk,
        timezone.localdate(),
        1,
    )
    assert LessonPage.objects.get(pk=lesson.pk).view_count == before + 1


def test_a_repeat_within_30_seconds_counts_once(client, lesson):
    for _ in range(20):
        visit(client, lesson.url)
    visit(client, lesson.url, address="10.1.1.2")  # another visitor
    visit(client, lesson.url, agent=OTHER_BROWSER)  # another browser at the same address
    flush()
    assert views(lesson) == 3


@override_settings(HLM_USAGE_REPEAT_SECONDS=1)
def test_the_same_visitor_counts_again_after_the_window(client, lesson):
    visit(client, lesson.url)
    visit(client, lesson.url)
    time.sleep(1.2)
    visit(client, lesson.url)
    flush()
    assert views(lesson) == 2


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "python-requests/2.32.3",
        "curl/8.5.0",
        "",
    ],
)
def test_robots_are_not_counted(client, lesson, document, agent):
    visit(client, lesson.url, agent=agent)
    visit(client, document.url, agent=agent)
    flush()
    assert DailyUsage.objects.count() == 0


def test_the_robot_list_is_the_maintained_one():
    assert is_robot("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)")
    assert is_robot("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)")
    assert not is_robot(BROWSER)
    assert not is_robot(OTHER_BROWSER)


def test_head_and_failed_requests_are_not_counted(client, lesson, centre_a):
    client.head(lesson.url, headers={"user-agent": BROWSER}, REMOTE_ADDR="10.1.1.1")
    draft = LessonPageFactory(parent=centre_a.library_page, title="Nháp", live=False)
    assert visit(client, f"/l/{draft.pk}/").status_code == 404
    flush()
    assert DailyUsage.objects.count() == 0


def test_the_ranges_of_one_download_count_once(client, document):
    visit(client, document.url, range="bytes=0-")  # a player's first request
    response = visit(client, document.url, range="bytes=1000-1999")  # a seek
    assert response.status_code == 206
    visit(client, document.url, range="bytes=2000-")
    client.head(document.url, headers={"user-agent": BROWSER}, REMOTE_ADDR="10.9.9.9")
    flush()
    assert downloads(document) == 1
    # Another visitor fetching the whole file is another download.
    visit(client, document.url, address="10.2.2.2")
    flush()
    assert downloads(document) == 2
    assert CustomDocument.objects.get(pk=document.pk).download_count == 2


def test_lesson_and_centre_pages_read_the_daily_table(client, lesson, document, centre_a):
    DailyUsage.objects.create(kind="view", item_id=lesson.pk, day=date(2025, 10, 1), count=40)
    DailyUsage.objects.create(kind="view", item_id=lesson.pk, day=date(2026, 3, 8), count=2)
    DailyUsage.objects.create(kind="download", item_id=document.pk, day=date(2026, 3, 8), count=9)
    page = visit(client, lesson.url).content.decode()
    assert "<dd>42</dd>" in page
    assert "9 lượt tải" in page
    centre = visit(client, centre_a.library_page.url).content.decode()
    assert "<dd>42</dd>" in centre.replace("\n", "").replace(" ", "")
    assert "<dd>9</dd>" in centre.replace("\n", "").replace(" ", "")


def test_a_batch_run_twice_adds_once():
    rows = [["view", 7, "2026-01-05", 3], ["download", 9, "2026-01-05", 2]]
    key = str(uuid.uuid4())
    record_usage.call(key=key, rows=rows)
    assert record_usage.call(key=key, rows=rows) == {"rows": 0, "repeat": True}
    assert sorted(DailyUsage.objects.values_list("kind", "item_id", "count")) == [
        ("download", 9, 2),
        ("view", 7, 3),
    ]
    assert UsageBatch.objects.count() == 1


def test_the_buffer_loses_no_count_under_many_threads():
    buffer = UsageBuffer()
    day = date(2026, 2, 1)

    def work():
        for item in range(200):
            buffer.add("view", item % 7, day)

    with override_settings(HLM_USAGE_FLUSH_SECONDS=0):
        threads = [threading.Thread(target=work) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum(buffer.take().values()) == 16 * 200
    assert len(buffer) == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_batches_lose_no_count_on_postgresql():
    """Many processes' batches of the same rows at once: the upsert adds, never overwrites."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    day = date(2026, 2, 1)
    start = threading.Barrier(12)
    errors = []

    def work():
        try:
            start.wait()
            for _ in range(25):
                record_usage.call(
                    key=str(uuid.uuid4()),
                    rows=[["view", item, day.isoformat(), 1] for item in (1, 2, 3)],
                )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert dict(DailyUsage.objects.values_list("item_id", "count")) == {1: 300, 2: 300, 3: 300}


def test_upsert_adds_to_existing_rows():
    add_counts([("view", 5, date(2026, 1, 1), 2)])
    add_counts([("view", 5, date(2026, 1, 1), 3), ("view", 5, date(2026, 1, 2), 1)])
    assert sorted(DailyUsage.objects.values_list("day", "count")) == [
        (date(2026, 1, 1), 5),
        (date(2026, 1, 2), 1),
    ]


def test_no_table_of_usage_holds_personal_data():
    """The schema itself: only the item, kind, day and count (and a batch's random key)."""
    with connection.cursor() as cursor:
        columns = {
            model._meta.db_table: {
                column.name
                for column in connection.introspection.get_table_description(
                    cursor, model._meta.db_table
                )
            }
            for model in (DailyUsage, UsageBatch)
        }
    assert columns[DailyUsage._meta.db_table] == {"id", "kind", "item_id", "day", "count"}
    assert columns[UsageBatch._meta.db_table] == {"id", "key", "recorded_at"}
    personal = ("ip", "addr", "agent", "user", "session", "cookie", "visitor", "hash")
    for table_columns in columns.values():
        assert not [c for c in table_columns if any(word in c for word in personal)]
    # The ledger names the reusing teacher (a credit, not tracking) and nothing about visits.
    ledger = {field.column for field in ReuseRecord._meta.concrete_fields}
    assert not [c for c in ledger if any(word in c for word in ("ip", "agent", "session"))]


def test_the_migration_moves_the_old_totals(lesson, document):
    LessonPage.objects.filter(pk=lesson.pk).update(view_count=57)
    CustomDocument.objects.filter(pk=document.pk).update(download_count=11)
    migration = importlib.import_module("content_models.migrations.0009_move_usage_totals")
    migration.forwards(django_apps, None)
    assert views(lesson) == 57
    assert downloads(document) == 11
    assert DailyUsage.objects.get(kind="view").day == timezone.localdate()


def test_counting_costs_the_request_well_under_a_millisecond(rf, lesson):
    requests = [
        rf.get("/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=f"10.3.{n // 250}.{n % 250}")
        for n in range(2000)
    ]
    started = time.perf_counter()
    for request in requests:
        count(request, "view", lesson.pk)
    per_view = (time.perf_counter() - started) / len(requests)
    assert len(BUFFER) == 1
    assert per_view < 0.001, per_view
