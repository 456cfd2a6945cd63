"""Demo usage figures: daily views and downloads of the demo lessons from the start of the last
school year to yesterday, and the demo's reuses dated inside that year, so the reports and the
desk show figures on a fresh demo. Deterministic (seeded per lesson) and written once: a second
run finds the rows and adds nothing. See docs/usage-and-reports.md."""

import random
from datetime import timedelta

from django.db.models import F, Sum

from content_models.models import DailyUsage, LessonAttachment, LessonPage, ReuseRecord
from content_models.reports.periods import current_school_year, school_year
from media.models import CustomDocument

# A lesson is opened on about this share of days; a download follows about one view in five.
DAY_SHARE = 0.4


def last_school_year(today):
    first = current_school_year(today).start.year - 1
    return school_year(f"{first}-{first + 1}")


def seed_usage(lessons, today):
    """Write the demo's usage rows unless they exist; returns the number of rows written."""
    lesson_ids = list(
        LessonPage.objects.live()
        .filter(pk__in=[lesson.pk for lesson in lessons])
        .values_list("pk", flat=True)
    )
    if not lesson_ids or DailyUsage.objects.filter(kind="view", item_id__in=lesson_ids).exists():
        return 0
    year = last_school_year(today)
    days = [year.start + timedelta(days=n) for n in range((today - year.start).days)]
    documents = dict(
        LessonAttachment.objects.filter(page_id__in=lesson_ids).values_list("page_id", "document")
    )
    rows = []
    for page_id in lesson_ids:
        rng = random.Random(page_id)
        popularity = rng.randint(1, 12)
        for day in days:
            if rng.random() > DAY_SHARE:
                continue
            views = rng.randint(1, popularity)
            rows.append(DailyUsage(kind="view", item_id=page_id, day=day, count=views))
            downloads = sum(rng.random() < 0.2 for _view in range(views))
            if downloads and page_id in documents:
                rows.append(
                    DailyUsage(
                        kind="download", item_id=documents[page_id], day=day, count=downloads
                    )
                )
    DailyUsage.objects.bulk_create(rows, batch_size=2000)
    _add_to_totals(lesson_ids, documents.values())
    _date_reuses_in(year, lesson_ids)
    return len(rows)


def _add_to_totals(lesson_ids, document_ids):
    """The all-time totals (catalogue popularity) include the demo rows."""
    for model, kind, ids, counter in (
        (LessonPage, "view", lesson_ids, "view_count"),
        (CustomDocument, "download", list(document_ids), "download_count"),
    ):
        sums = dict(
            DailyUsage.objects.filter(kind=kind, item_id__in=ids)
            .values("item_id")
            .annotate(n=Sum("count"))
            .values_list("item_id", "n")
        )
        for pk, n in sums.items():
            model.objects.filter(pk=pk).update(**{counter: F(counter) + n})


def _date_reuses_in(year, lesson_ids):
    """The demo's derivatives were all published today; spread their ledger dates over the
    last school year so its report shows reuses."""
    records = ReuseRecord.objects.filter(derivative_id__in=lesson_ids).order_by("pk")
    for index, record in enumerate(records):
        record.published_on = year.start + timedelta(days=30 + 45 * index % 330)
        record.save(update_fields=["published_on"])
