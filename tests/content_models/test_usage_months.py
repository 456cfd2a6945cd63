"""The monthly usage sums (content_models/usage/reading.py, migration 0011's triggers): equal
to the daily rows summed by month whoever writes them, and a period read from both tables
counts every day exactly once. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

from collections import Counter
from datetime import date, timedelta

from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

import pytest

from content_models.models import DailyUsage, MonthlyUsage
from content_models.reports.periods import date_range, school_year
from content_models.usage.reading import sources, sum_by_item, sum_by_month
from content_models.usage.store import add_counts

pytestmark = pytest.mark.django_db


def monthly():
    return {
        (kind, item, month): n
        for kind, item, month, n in MonthlyUsage.objects.values_list(
            "kind", "item_id", "month", "count"
        )
        if n
    }


def daily_by_month():
    sums = Counter()
    for kind, item, day, n in DailyUsage.objects.values_list("kind", "item_id", "day", "count"):
        sums[(kind, item, day.replace(day=1))] += n
    return {key: n for key, n in sums.items() if n}


def test_every_way_of_writing_daily_rows_keeps_the_months_equal():
    DailyUsage.objects.create(kind="view", item_id=1, day=date(2025, 10, 3), count=5)
    DailyUsage.objects.bulk_create(
        [
            DailyUsage(kind="view", item_id=1, day=date(2025, 10, 31), count=2),
            DailyUsage(kind="view", item_id=1, day=date(2025, 11, 1), count=7),
            DailyUsage(kind="download", item_id=1, day=date(2025, 10, 3), count=1),
        ]
    )
    # The usage worker's upsert, twice on the same rows (the second adds to them).
    rows = [("view", 1, "2025-10-03", 4), ("view", 2, "2026-02-28", 9)]
    add_counts(rows)
    add_counts(rows)
    assert monthly()[("view", 1, date(2025, 10, 1))] == 5 + 2 + 4 + 4
    DailyUsage.objects.filter(day=date(2025, 11, 1)).update(count=3)
    DailyUsage.objects.filter(item_id=2).delete()
    assert monthly() == daily_by_month()
    assert monthly() == {
        ("view", 1, date(2025, 10, 1)): 15,
        ("view", 1, date(2025, 11, 1)): 3,
        ("download", 1, date(2025, 10, 1)): 1,
    }


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2025-09-01", "2026-08-31"),  # a school year: whole months only
        ("2025-10-15", "2026-03-20"),  # days at both ends, months between
        ("2025-10-02", "2025-10-30"),  # inside one month: days only
        ("2025-11-01", "2025-12-15"),  # a whole month, then days
        ("2025-12-31", "2026-01-31"),  # one day, then a whole month
    ],
)
def test_a_period_counts_every_day_once(start, end):
    day = date(2025, 8, 25)
    rows = []
    while day <= date(2026, 9, 5):
        rows.append(DailyUsage(kind="view", item_id=7, day=day, count=day.day))
        day += timedelta(days=1)
    DailyUsage.objects.bulk_create(rows)
    period = date_range(start, end)
    expected = DailyUsage.objects.filter(
        kind="view", item_id=7, day__gte=period.start, day__lte=period.end
    ).aggregate(n=Sum("count"))["n"]
    found = sources(period.start, period.end)
    assert sum_by_item(found, "view", [7]) == {7: expected}
    by_month = sum_by_month(found, "view", [7])
    assert sum(by_month.values()) == expected
    assert min(by_month) == (period.start.year, period.start.month)


def test_a_school_year_reads_only_the_monthly_table():
    DailyUsage.objects.create(kind="view", item_id=3, day=date(2026, 1, 5), count=11)
    year = school_year("2025-2026")
    with CaptureQueriesContext(connection) as captured:
        assert sum_by_item(sources(year.start, year.end), "view", [3]) == {3: 11}
    (query,) = captured.captured_queries
    assert "monthlyusage" in query["sql"] and "dailyusage" not in query["sql"]
