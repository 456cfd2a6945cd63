"""Synthetic lessons and usage at the issue's size, for `manage.py benchmark_usage --lessons`.

Creating pages through Wagtail's tree costs ~0.3 s each (100,000 lessons: hours), so the rows
the reports read are written in bulk: `wagtailcore_page` and `content_models_lessonpage` rows
with tree paths computed here (as `search/benchmark_data.py` does for the catalogue; this one is
smaller, only what the reports read), one revision and one publish log entry per lesson, one
teacher per `LESSONS_PER_TEACHER` lessons, and the daily rows with a single
`INSERT … SELECT … generate_series` in the database (PostgreSQL). Everything carries the tag
(`external_id = "<tag>-<n>"`, user names `<tag>-<n>`, centre names ending in `(<tag>)`) so
`delete_synthetic()` removes exactly it. See docs/usage-and-reports.md.
"""

import random
import uuid
from datetime import UTC, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from wagtail.models import Locale, Page, PageLogEntry, Revision

from content_models.bulk_pages import child_page, next_steps, recount_children
from content_models.models import (
    Centre,
    CentreLibraryPage,
    DailyUsage,
    LessonPage,
    Licence,
    MonthlyUsage,
    Province,
    ensure_centre_library,
    ensure_site_structure,
)

TAG = "usagebench"
LESSONS_PER_TEACHER = 25
BATCH = 2000
TITLES = [
    "Phương trình bậc hai",
    "Đạo hàm và ứng dụng",
    "Truyện ngắn hiện đại Việt Nam",
    "Kỹ năng sử dụng điện thoại thông minh",
    "Trồng lúa chất lượng cao",
    "Phòng chống đuối nước",
    "Địa lí vùng Tây Bắc",
    "Dịch vụ công trực tuyến",
]


def make_centres(count, provinces=None):
    """`count` centres with their libraries, `provinces` provinces round-robin (default all)."""
    ensure_site_structure()
    pool = list(Province.objects.order_by("pk"))[: provinces or None]
    libraries = []
    for n in range(count):
        province = pool[n % len(pool)]
        centre, _created = Centre.objects.get_or_create(
            name=f"Trung tâm GDNN-GDTX số {n + 1} {province.name} ({TAG})",
            defaults={"province": province, "kind": "gdnn_gdtx"},
        )
        libraries.append(ensure_centre_library(centre))
    return libraries


def make_lessons(count, libraries, published_between, seed=2025, progress=None):
    """`count` live lessons spread over `libraries`, first published at a random moment of
    `published_between` (two dates), each with its revision and publish log entry; returns
    the number of teachers (owners) created."""
    rng = random.Random(seed)
    users = get_user_model()
    teachers = [
        users(username=f"{TAG}-{n}", first_name="Giáo viên", last_name=f"số {n + 1}")
        for n in range(max(1, count // LESSONS_PER_TEACHER))
    ]
    for teacher in teachers:
        teacher.set_unusable_password()
    users.objects.bulk_create(teachers, batch_size=BATCH)
    teacher_ids = list(
        users.objects.filter(username__startswith=f"{TAG}-").values_list("pk", flat=True)
    )
    content_type = ContentType.objects.get_for_model(LessonPage)
    page_type = ContentType.objects.get_for_model(Page)
    locale = Locale.get_default()
    next_step = next_steps(libraries)
    start = datetime.combine(published_between[0], time.min, tzinfo=UTC)
    span = int((published_between[1] - published_between[0]).total_seconds())
    for offset in range(0, count, BATCH):
        pages, owners = [], []
        for n in range(offset, min(offset + BATCH, count)):
            library = libraries[n % len(libraries)]
            step, next_step[library.pk] = next_step[library.pk], next_step[library.pk] + 1
            title = f"{TITLES[n % len(TITLES)]} – bài {n + 1}"
            slug = f"{TAG}-{n}"
            published = start + timedelta(seconds=rng.randrange(span))
            owner = teacher_ids[(n // LESSONS_PER_TEACHER) % len(teacher_ids)]
            owners.append((owner, library.centre_id, published, n))
            pages.append(
                child_page(
                    library,
                    step,
                    title=title,
                    slug=slug,
                    content_type=content_type,
                    locale=locale,
                    published=published,
                    owner_id=owner,
                )
            )
        _insert_batch(pages, owners, page_type, content_type)
        if progress:
            progress(min(offset + BATCH, count))
    recount_children(libraries)
    return len(teacher_ids)


@transaction.atomic
def _insert_batch(pages, owners, page_type, content_type):
    Page.objects.bulk_create(pages, batch_size=500)
    licence = Licence.objects.order_by("pk").values_list("pk", flat=True).first()
    lessons = [
        LessonPage(
            page_ptr_id=page.pk, centre_id=centre_id, licence_id=licence, external_id=f"{TAG}-{n}"
        )
        for page, (_owner, centre_id, _published, n) in zip(pages, owners, strict=True)
    ]
    LessonPage._base_manager._insert(
        lessons, fields=list(LessonPage._meta.local_concrete_fields), raw=True
    )
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=published,
                user_id=owner,
                object_str=page.title,
                content={"title": page.title},
            )
            for page, (owner, _centre, published, _n) in zip(pages, owners, strict=True)
        ],
        batch_size=500,
    )
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type=content_type,
                label=page.title,
                action="wagtail.publish",
                data={},
                timestamp=published,
                uuid=uuid.uuid4(),
                user_id=owner,
                revision=revision,
                content_changed=True,
                page_id=page.pk,
            )
            for page, revision, (owner, _centre, published, _n) in zip(
                pages, revisions, owners, strict=True
            )
        ],
        batch_size=500,
    )


TRIGGER = "content_models_usage_to_month"  # keeps MonthlyUsage (migration 0011)
SYNTHETIC_ITEMS = (
    f"SELECT page_ptr_id FROM {LessonPage._meta.db_table} WHERE external_id LIKE %(pattern)s"
)


@transaction.atomic
def make_daily_rows(rows, period):
    """About `rows` daily view rows of the synthetic lessons over `period`, written by the
    database in one statement; returns the number written. Each lesson gets a row on a fixed,
    well-spread share of the days (PostgreSQL only: `generate_series`).

    The row trigger that keeps the monthly sums is switched off for this one statement, and the
    monthly rows of these lessons are then written with one INSERT … SELECT … GROUP BY, the
    same sums the trigger would have made, without ten million trigger calls."""
    lessons = LessonPage.objects.filter(external_id__startswith=f"{TAG}-").count()
    days = (period.end - period.start).days + 1
    per_mille = min(1000, max(1, round(1000 * rows / max(1, lessons * days))))
    daily, monthly = DailyUsage._meta.db_table, MonthlyUsage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {daily} DISABLE TRIGGER {TRIGGER}")
        cursor.execute(
            f"""
            INSERT INTO {DailyUsage._meta.db_table} (kind, item_id, day, count)
            SELECT 'view', l.page_ptr_id, d.day::date,
                   1 + (l.page_ptr_id + d.n) %% 9
            FROM {LessonPage._meta.db_table} l
            CROSS JOIN LATERAL (
                SELECT s.day, (s.day::date - %(start)s::date) AS n
                FROM generate_series(%(start)s::date, %(end)s::date, interval '1 day') AS s(day)
            ) d
            WHERE l.external_id LIKE %(pattern)s
              AND (l.page_ptr_id * 7919 + d.n * 104729) %% 1000 < %(per_mille)s
            ON CONFLICT DO NOTHING
            """,
            {
                "start": period.start,
                "end": period.end,
                "pattern": f"{TAG}-%",
                "per_mille": per_mille,
            },
        )
        written = cursor.rowcount
        cursor.execute(f"ALTER TABLE {daily} ENABLE TRIGGER {TRIGGER}")
        cursor.execute(
            f"""
            INSERT INTO {monthly} (kind, item_id, month, count)
            SELECT kind, item_id, date_trunc('month', day)::date, SUM(count) FROM {daily}
            WHERE kind = 'view' AND item_id IN ({SYNTHETIC_ITEMS})
            GROUP BY 1, 2, 3
            ON CONFLICT (kind, item_id, month)
            DO UPDATE SET count = {monthly}.count + excluded.count
            """,
            {"pattern": f"{TAG}-%"},
        )
        return written


def delete_synthetic():
    """Remove everything the functions above wrote (SQL, no Wagtail signals; PostgreSQL)."""
    ids = list(
        LessonPage.objects.filter(external_id__startswith=f"{TAG}-").values_list("pk", flat=True)
    )
    page_type = ContentType.objects.get_for_model(Page).pk
    daily = DailyUsage._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # Their daily and monthly rows go together, without a trigger call per daily row.
        cursor.execute(f"ALTER TABLE {daily} DISABLE TRIGGER {TRIGGER}")
        for start in range(0, len(ids), 10000):
            chunk = ids[start : start + 10000]
            for table in (daily, MonthlyUsage._meta.db_table):
                cursor.execute(
                    f"DELETE FROM {table} WHERE kind = 'view' AND item_id = ANY(%s)", [chunk]
                )
            cursor.execute(
                f"DELETE FROM {PageLogEntry._meta.db_table} WHERE page_id = ANY(%s)", [chunk]
            )
            cursor.execute(
                f"DELETE FROM {Revision._meta.db_table} WHERE base_content_type_id = %s "
                "AND object_id = ANY(%s)",
                [page_type, [str(pk) for pk in chunk]],
            )
            cursor.execute(
                f"DELETE FROM {LessonPage._meta.db_table} WHERE page_ptr_id = ANY(%s)", [chunk]
            )
            cursor.execute(f"DELETE FROM {Page._meta.db_table} WHERE id = ANY(%s)", [chunk])
        cursor.execute(f"ALTER TABLE {daily} ENABLE TRIGGER {TRIGGER}")
    libraries = CentreLibraryPage.objects.filter(centre__name__endswith=f"({TAG})")
    for library in libraries:
        library.delete()
    Centre.objects.filter(name__endswith=f"({TAG})").delete()
    get_user_model().objects.filter(username__startswith=f"{TAG}-").delete()
