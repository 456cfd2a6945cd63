"""`manage.py benchmark_usage`: the request-path cost of counting a view, and the time of the
school-year reports on a large daily table. Figures, not a test; see docs/usage-and-reports.md.

1. Counting: `usage.counting.count()` (robot check, 30-second repeat mark in the cache, add
   to the in-memory buffer) for `--views` requests from distinct visitors, timed one by one;
   prints µs per view (p50, p95, max). The buffer is emptied afterwards, nothing is written.
2. Reports, on one of two data sets:
   - without `--lessons`: `--rows` daily rows written in one transaction that is rolled back
     (the database is left as it was): every live lesson gets a row for each day of the current
     school year, up to `--rows`; the rest go to item ids of no page, which the report must skip
     through its indexes;
   - with `--lessons N` (PostgreSQL; use a scratch database): N synthetic lessons over
     `--centres` centres, each with a revision, a publish log entry and an owner, and about
     `--rows` daily rows of the last complete school year, written in bulk
     (`usage/synthetic.py`), committed and vacuumed as a production table would be, then
     removed again unless `--keep`.
   Then, `--repeat` times each: the report of the province with the most centres, of one
   centre, of every centre; a teacher's evidence sheet; the XLSX export of the province
   report; the report's admin page through the test client. Prints p50 and max.

    DATABASE_URL=postgres://… manage.py benchmark_usage --lessons 100000 --rows 10000000
"""

import statistics
import time
from datetime import timedelta
from ipaddress import IPv4Address

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from content_models.models import (
    Centre,
    DailyUsage,
    LessonPage,
    MonthlyUsage,
    Province,
    UsageKind,
)
from content_models.reports.evidence import teacher_evidence
from content_models.reports.pdf import write_evidence_pdf
from content_models.reports.periods import current_school_year, school_year
from content_models.reports.queries import build_report
from content_models.reports.writers import write_evidence_xlsx, write_xlsx
from content_models.usage import synthetic
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
    help = (
        "Đo chi phí đếm một lượt xem và thời gian lập báo cáo năm học trên bảng thống kê lớn "
        "(số liệu đo, không phải kiểm thử)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--views", type=int, default=20000, help=_("Số lượt xem để đo chi phí đếm.")
        )
        parser.add_argument(
            "--rows", type=int, default=100000, help=_("Số dòng thống kê theo ngày cần ghi.")
        )
        parser.add_argument("--repeat", type=int, default=5, help=_("Số lần đo mỗi báo cáo."))
        parser.add_argument(
            "--province", type=int, help=_("Mã tỉnh cần đo (mặc định: tỉnh nhiều trung tâm nhất).")
        )
        parser.add_argument(
            "--lessons",
            type=int,
            default=0,
            help=_("Tạo chừng ấy bài học tổng hợp (chỉ PostgreSQL, dùng cơ sở dữ liệu nháp)."),
        )
        parser.add_argument(
            "--centres", type=int, default=100, help=_("Số trung tâm của các bài học tổng hợp.")
        )
        parser.add_argument(
            "--provinces",
            type=int,
            help=_("Dồn các trung tâm tổng hợp vào chừng ấy tỉnh (mặc định: mọi tỉnh)."),
        )
        parser.add_argument(
            "--keep", action="store_true", help=_("Giữ lại dữ liệu tổng hợp sau khi đo.")
        )

    def handle(self, *args, **options):
        self.counting(options["views"])
        if options["lessons"]:
            self.at_scale(options)
        else:
            self.rolled_back(options["rows"], options["repeat"], options["province"])

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

    def at_scale(self, options):
        if connection.vendor != "postgresql":
            raise CommandError(_("--lessons chỉ chạy trên PostgreSQL."))
        today = timezone.localdate()
        first = current_school_year(today).start.year - 1  # the last complete school year
        year = school_year(f"{first}-{first + 1}")
        if LessonPage.objects.filter(external_id__startswith=f"{synthetic.TAG}-").exists():
            raise CommandError(_("Đã có dữ liệu tổng hợp của lần chạy trước; hãy xoá trước."))
        try:
            started = time.monotonic()
            libraries = synthetic.make_centres(options["centres"], options["provinces"])
            self.stdout.write(f"{len(libraries)} centres in {time.monotonic() - started:.0f} s")
            started = time.monotonic()
            teachers = synthetic.make_lessons(
                options["lessons"],
                libraries,
                (year.start - timedelta(days=3 * 365), year.end),
                progress=lambda n: self.stderr.write(f"  {n} lessons"),
            )
            self.stdout.write(
                f"{options['lessons']} lessons, their revisions and publish log entries, "
                f"{teachers} teachers in {time.monotonic() - started:.0f} s"
            )
            started = time.monotonic()
            written = synthetic.make_daily_rows(options["rows"], year)
            self.stdout.write(
                f"{written} daily rows ({year.label}) in {time.monotonic() - started:.0f} s"
            )
            started = time.monotonic()
            with connection.cursor() as cursor:
                for table in (DailyUsage, MonthlyUsage, LessonPage):
                    cursor.execute(f"VACUUM ANALYZE {table._meta.db_table}")
                cursor.execute("ANALYZE")
            self.stdout.write(f"VACUUM ANALYZE in {time.monotonic() - started:.0f} s")
            self.stdout.write(
                f"Daily table: {DailyUsage.objects.count()} rows; "
                f"monthly table: {MonthlyUsage.objects.count()} rows"
            )
            self.measure(year, options["repeat"], options["province"])
        finally:
            if not options["keep"]:
                started = time.monotonic()
                synthetic.delete_synthetic()
                self.stdout.write(
                    f"Removed the synthetic data in {time.monotonic() - started:.0f} s"
                )

    def rolled_back(self, rows, repeat, province_id):
        year = current_school_year(timezone.localdate())
        days = [year.start + timedelta(days=n) for n in range((year.end - year.start).days + 1)]
        lessons = list(LessonPage.objects.live().values_list("pk", flat=True))
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
            self.measure(year, repeat, province_id)
            transaction.set_rollback(True)

    def _time(self, label, repeat, work):
        timings, result = [], None
        for _run in range(repeat):
            started = time.monotonic()
            result = work()
            timings.append(time.monotonic() - started)
        self.stdout.write(
            f"{label}: p50 {statistics.median(timings) * 1000:.0f} ms, "
            f"max {max(timings) * 1000:.0f} ms"
        )
        return result

    def measure(self, year, repeat, province_id):
        if province_id is None:
            busiest = Province.objects.annotate(n=Count("centres")).order_by("-n", "pk").first()
            province_id = busiest.pk if busiest else None
        province = Centre.objects.filter(province_id=province_id)
        busiest_centre = (
            LessonPage.objects.exclude(centre=None)
            .values("centre")
            .annotate(n=Count("pk"))
            .order_by("-n", "centre")
            .first()
        )
        centre = Centre.objects.get(pk=busiest_centre["centre"]) if busiest_centre else None
        lessons_of = LessonPage.objects.filter
        self.stdout.write(
            f"Province {province_id}: {province.count()} centres, "
            f"{lessons_of(centre__in=province).count()} lessons; "
            f"every centre: {Centre.objects.count()} centres, {LessonPage.objects.count()} lessons"
        )
        report = self._time(
            f"Province report ({year.label})", repeat, lambda: build_report(year, province)
        )
        self.stdout.write(f"  views in it: {report.totals['views']}")
        self._time("XLSX export of the province report", repeat, lambda: write_xlsx(report))
        if centre is not None:
            self._time(
                f"Centre report ({lessons_of(centre=centre).count()} lessons)",
                repeat,
                lambda: build_report(year, Centre.objects.filter(pk=centre.pk)),
            )
        national = self._time(
            "Every centre's report", repeat, lambda: build_report(year, Centre.objects.all())
        )
        self.stdout.write(f"  views in it: {national.totals['views']}")
        owner = (
            LessonPage.objects.exclude(owner=None)
            .values("owner")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if owner:
            teacher = get_user_model().objects.get(pk=owner["owner"])
            sheet = self._time(
                f"Teacher's evidence sheet ({owner['n']} lessons)",
                repeat,
                lambda: teacher_evidence(teacher, year),
            )
            self._time("  … as XLSX", repeat, lambda: write_evidence_xlsx(sheet))
            self._time("  … as PDF", repeat, lambda: write_evidence_pdf(sheet))
        if province.exists():
            self._admin_page(year, repeat, province_id)

    def _admin_page(self, year, repeat, province_id):
        """The report's admin page for the province, through Django's test client."""
        users = get_user_model()
        name = f"{synthetic.TAG}-admin"
        user = users.objects.filter(username=name).first() or users.objects.create_superuser(
            name, password=None
        )
        client = Client()
        client.force_login(user)
        url = reverse("reports:index")
        params = {"year": f"{year.start.year}-{year.end.year}", "province": province_id}
        try:
            response = self._time(
                "Report admin page (test client)", repeat, lambda: client.get(url, params)
            )
            if response.status_code != 200:
                self.stderr.write(f"{url} answered {response.status_code}: not a figure")
        finally:
            user.delete()
