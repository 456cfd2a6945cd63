"""`manage.py benchmark_pages`: SQL queries and response times of every public page type.

Requests each live, public page once through Django's test client and counts its queries
(the largest count of each type is the one reported), then requests the heaviest page of each
type `--requests` times and prints the median and 95th percentile, with DEBUG off as in
production, the median CPU time of this process per request (what the request costs when
other processes share the cores, as wall-clock times then include waiting for a core), and
the median time spent executing SQL (measured around each query with
`connection.execute_wrapper`; the rest of a request is Python: routing, building queries,
templates). Nothing is cached beyond what Wagtail itself keeps (renditions, site root paths)
and the rows every page reads, the request's Site and the site settings (cms/site_lookup.py,
cms/site_settings_cache.py): no page or fragment cache. Lesson views are counted as a
visitor's would be, so run it on a scratch database:

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py seed_demo
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py benchmark_pages

The budgets and how to read the figures: docs/pages.md.
"""

import statistics
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from content_models.models import (
    CentreLibraryPage,
    CollectionPage,
    CoursePage,
    HomePage,
    LessonPage,
    LibraryPage,
    ProgrammeLevel,
    Subject,
)

# Page type → most queries it may make (docs/pages.md).
BUDGETS = {"lesson": 12}
DEFAULT_BUDGET = 10


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = (
        "Đo số truy vấn SQL và thời gian trả lời (p50/p95) của từng loại trang công khai. "
        "Chạy trên cơ sở dữ liệu thử: lượt xem bài học được cộng như khi người học mở trang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--requests", type=int, default=50, help="Số lần tải trang nặng nhất mỗi loại."
        )
        parser.add_argument(
            "--sample",
            type=int,
            default=0,
            help="Chỉ đếm truy vấn của N trang mỗi loại (0: tất cả).",
        )

    def handle(self, *args, **options):
        # Template debugging and query logging cost time a production server does not spend.
        with override_settings(DEBUG=False):
            self.run(**options)

    def run(self, *, requests, sample, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("Chưa có trang web mặc định: hãy chạy seed_demo trước.")
        host = site.hostname if site.hostname in settings.ALLOWED_HOSTS else None
        self.client = Client(headers={"host": host} if host else {})
        search = "Elasticsearch" if getattr(settings, "ELASTICSEARCH_URL", "") else "cơ sở dữ liệu"
        self.stdout.write(
            f"Cơ sở dữ liệu: {connection.vendor}; tìm kiếm: {search}; "
            f"{requests} lần tải mỗi loại trang."
        )
        header = (
            f"{'loại trang':<18} {'số trang':>8} {'truy vấn':>10} "
            f"{'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'SQL ms':>8}  đường dẫn"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        over = []
        for name, urls in self.page_types(sample):
            if not urls:
                self.stdout.write(f"{name:<18} {0:>8}  (không có trang)")
                continue
            counts = {url: self.count_queries(url) for url in urls}
            heaviest = max(urls, key=lambda url: counts[url])
            timings, cpu_timings, sql_timings = self.time_requests(heaviest, requests)
            low, high = min(counts.values()), max(counts.values())
            queries = f"{low}–{high}" if low != high else str(high)
            self.stdout.write(
                f"{name:<18} {len(urls):>8} {queries:>10} {statistics.median(timings):>8.1f} "
                f"{percentile(timings, 95):>8.1f} {statistics.median(cpu_timings):>8.1f} "
                f"{statistics.median(sql_timings):>8.1f}  "
                f"{heaviest}"
            )
            budget = BUDGETS.get(name, DEFAULT_BUDGET)
            if high > budget:
                over.append(f"{name} ({high} > {budget})")
        if over:
            self.stdout.write(self.style.WARNING("Vượt ngân sách truy vấn: " + ", ".join(over)))

    def page_types(self, sample):
        """(type name, [URL, …]) of every public page type, landing routes included."""

        def urls(model):
            pages = model.objects.live().public().order_by("path")
            pages = pages[:sample] if sample else pages
            return [url for url in (page.get_url() for page in pages) if url]

        library = LibraryPage.objects.live().public().first()
        landings = {"level": [], "subject": []}
        if library is not None and library.get_url():
            base = library.get_url()
            for key, model, route in (
                ("level", ProgrammeLevel, "programme_level"),
                ("subject", Subject, "subject"),
            ):
                terms = model.objects.order_by("sort_order", "name")
                terms = terms[:sample] if sample else terms
                landings[key] = [
                    base + library.reverse_subpage(route, kwargs={"slug": term.slug})
                    for term in terms
                ]
        return [
            ("home", urls(HomePage)),
            ("library", urls(LibraryPage)),
            ("library ?page=2", [url + "?page=2" for url in urls(LibraryPage)]),
            ("level landing", landings["level"]),
            ("subject landing", landings["subject"]),
            ("centre library", urls(CentreLibraryPage)),
            ("lesson", urls(LessonPage)),
            ("course", urls(CoursePage)),
            ("collection", urls(CollectionPage)),
        ]

    def get(self, url):
        response = self.client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url}: HTTP {response.status_code}")
        return response

    def count_queries(self, url):
        self.get(url)  # warm what Wagtail keeps between requests (renditions, root paths)
        with CaptureQueriesContext(connection) as queries:
            self.get(url)
        return len(queries.captured_queries)

    def time_requests(self, url, requests):
        """Milliseconds of each request: wall clock, CPU time of this process, executing SQL."""
        timings, cpu_timings, sql_timings = [], [], []
        for _ in range(max(requests, 1)):
            with self.sql_timer() as sql:
                started, cpu_started = time.perf_counter(), time.process_time()
                self.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                cpu_timings.append((time.process_time() - cpu_started) * 1000)
            sql_timings.append(sql["seconds"] * 1000)
        return timings, cpu_timings, sql_timings

    @contextmanager
    def sql_timer(self):
        """Adds up the time the database driver takes to execute each query. Rows fetched
        after `execute` returns are not in it (SQLite steps through them as they are fetched),
        so on SQLite it is a lower bound."""
        spent = {"seconds": 0.0}

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent["seconds"] += time.perf_counter() - started

        with connection.execute_wrapper(timed):
            yield spent
