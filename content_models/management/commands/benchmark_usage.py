"""`manage.py benchmark_usage`: the request-path cost of counting a view, and the time of a
province report on N daily rows. Figures, not a test; see docs/usage-and-reports.md.

1. Counting: `usage.counting.count()` (robot check, 30-second repeat mark in the cache, add
   to the in-memory buffer) for `--views` requests from distinct visitors, timed one by one;
   prints µs per view (p50, p95, max). The buffer is emptied afterwards, nothing is written.
2. Report: `--rows` daily rows are written in one transaction that is rolled back at the end
   (the database is left as it was): every live lesson of the database gets a row for each day
   of the school year, up to `--rows`, and the rest go to item ids of no page (other items of
   the table, which the report must skip through its indexes). Then `build_report` of the
   province with the most centres (or `--province ID`) runs `--repeat` times; prints p50/max.

    DATABASE_URL=postgres://… python manage.py benchmark_usage --rows 1000000
"""

import statistics
import time
from datetime import timedelta
from ipaddress import IPv4Address

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Count
from django.test import RequestFactory
from django.utils import timezone

from content_models.models import Centre, DailyUsage, LessonPage, Province, UsageKind
from content_models.reports.periods import current_school_year
from content_models.reports.queries import build_report
from content_models.usage.buffer import BUFFER
from content_models.usage.counting import count

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
BATCH = 5000


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Command(BaseCommand):
    help = "Cost of counting a view and time of a province report on N daily rows."

    def add_arguments(self, parser):
        parser.add_argument("--views", type=int, default=20000)
        parser.add_argument("--rows", type=int, default=100000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--province", type=int)

    def handle(self, *args, **options):
        self.counting(options["views"])
        self.report(options["rows"], options["repeat"], options["province"])

    def counting(self, views):
        factory = RequestFactory()
        requests = [
            factory.get(
                "/l/1/", REMOTE_ADDR=str(IPv4Address(0x0A000000 + n)), HTTP_USER_AGENT=BROWSER
            )
            for n in range(views)
        ]
        timings = []
        for n, request in enumerate(requests):
            started = time.perf_counter_ns()
            count(request, UsageKind.VIEW, 1 + n % 500)
            timings.append((time.perf_counter_ns() - started) / 1000)
        BUFFER.take()
        self.stdout.write(
            f"Counting a view ({views} visitors): p50 {statistics.median(timings):.1f} µs, "
            f"p95 {_percentile(timings, 0.95):.1f} µs, max {max(timings):.0f} µs"
        )

    def report(self, rows, repeat, province_id):
        year = current_school_year(timezone.localdate())
        days = [year.start + timedelta(days=n) for n in range((year.end - year.start).days + 1)]
        lessons = list(LessonPage.objects.live().values_list("pk", flat=True))
        if province_id is None:
            busiest = Province.objects.annotate(n=Count("centres")).order_by("-n", "pk").first()
            province_id = busiest.pk if busiest else None
        centres = Centre.objects.filter(province_id=province_id)
        with transaction.atomic():
            # The year's existing rows (a seeded demo's) give way to the benchmark's; all is
            # rolled back at the end.
            DailyUsage.objects.filter(day__gte=year.start, day__lte=year.end).delete()
            started = time.monotonic()
            written = real = 0
            item = max([0, *lessons]) + 1_000_000
            items = iter(lessons)
            while written < rows:
                item_id = next(items, None)
                if item_id is None:
                    item, item_id = item + 1, item
                else:
                    real += min(len(days), rows - written)
                batch = [
                    DailyUsage(kind=UsageKind.VIEW, item_id=item_id, day=day, count=1 + n % 7)
                    for n, day in enumerate(days[: rows - written])
                ]
                DailyUsage.objects.bulk_create(batch, batch_size=BATCH)
                written += len(batch)
            self.stdout.write(
                f"Wrote {written} daily rows ({real} of {len(lessons)} live lessons) in "
                f"{time.monotonic() - started:.1f} s on {connection.vendor}"
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE content_models_dailyusage")
            for label, scope in (
                ("Province report", centres),
                ("Every centre", Centre.objects.all()),
            ):
                timings = []
                for _run in range(repeat):
                    started = time.monotonic()
                    report = build_report(year, scope)
                    timings.append(time.monotonic() - started)
                self.stdout.write(
                    f"{label} ({scope.count()} centres, {year.label}): "
                    f"p50 {statistics.median(timings) * 1000:.0f} ms, "
                    f"max {max(timings) * 1000:.0f} ms; views in it {report.totals['views']}"
                )
            transaction.set_rollback(True)
