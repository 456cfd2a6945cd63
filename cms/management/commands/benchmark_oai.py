"""`manage.py benchmark_oai --sizes 2000,20000`: how fast and how lean the OAI-PMH lists are.

For each size (smallest first) it tops the repository up to that many generated lessons
(written straight into the page tables by `search.benchmark_data`, then recorded by
`sync_oai_records`), and harvests the whole repository through the real endpoint, in process,
with Django's test client and its full middleware stack:

- a timed pass: every ListRecords response of 100 records, `oai_dc`, p50/p95/max in ms, and
  `rounds` responses in `lom`;
- a memory pass under tracemalloc: the peak memory one response needed above what was
  allocated before it, p50/max. It should not grow with the size of the repository, because
  lists are read by keyset, one page at a time, and streamed record by record;
- the content API: `api_pages` pages of `/api/v1/lessons?limit=100` followed by their
  cursors, p50/p95/max in ms (the anonymous limit raised for the run; each request is still
  counted), and one conditional GET answered 304.

Run it on a scratch database, never on real data (see docs/interfaces.md):

    DATABASE_URL=sqlite:///var/bench-oai.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:///var/bench-oai.sqlite3 python manage.py benchmark_oai --sizes 2000,20000
"""

import re
import resource
import statistics
import time
import tracemalloc

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from content_models.models import LessonPage, OaiRecord
from content_models.oai.records import reconcile
from search.benchmark_data import generate_lessons

TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = (
        "Đo hiệu năng OAI-PMH: ListRecords 100 bản ghi (p50/p95) và bộ nhớ khi thu hoạch toàn bộ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes", default="2000,20000", help="Số bài học, cách nhau bằng dấu phẩy."
        )
        parser.add_argument("--rounds", type=int, default=30, help="Số phản hồi LOM được đo.")
        parser.add_argument(
            "--api-pages", type=int, default=50, help="Số trang API (100 bài học) được đo."
        )
        parser.add_argument("--centres", type=int, default=30)
        parser.add_argument("--tag", default="oaibench")

    def handle(self, *args, sizes, rounds, api_pages, centres, tag, **options):
        try:
            sizes = sorted(int(size) for size in sizes.split(","))
        except ValueError as error:
            raise CommandError("--sizes: số nguyên, cách nhau bằng dấu phẩy") from error
        self.client = Client(SERVER_NAME="localhost")
        self.write(f"Cơ sở dữ liệu: {connection.vendor} {settings.DATABASES['default']['NAME']}")
        self.write(f"Bản ghi mỗi phản hồi: {getattr(settings, 'HLM_OAI_PAGE_SIZE', 100)}")
        summary = []
        for size in sizes:
            have = LessonPage.objects.filter(external_id__startswith=f"{tag}-").count()
            if have < size:
                started = time.monotonic()
                generate_lessons(size - have, centres=centres, tag=tag)
                created, _withdrawn = reconcile()
                self.write(
                    f"\nSinh {size - have} bài học và {created} bản ghi OAI: "
                    f"{time.monotonic() - started:.1f} s"
                )
            row = self.measure(size, rounds)
            row.update(self.measure_api(api_pages))
            summary.append(row)
        self.write(
            "\nTóm tắt (ms cho một phản hồi ListRecords 100 bản ghi; bộ nhớ đỉnh một phản hồi):"
        )
        self.write(
            f"{'bài học':>10} {'bản ghi':>9} {'p50':>7} {'p95':>7} {'LOM p95':>8}"
            f" {'bộ nhớ max':>11} {'API p50':>8} {'API p95':>8}"
        )
        for row in summary:
            self.write(
                f"{row['size']:>10} {row['records']:>9} {row['p50']:>7.0f} {row['p95']:>7.0f} "
                f"{row['lom_p95']:>8.0f} {row['memory'] / 1e6:>9.2f} MB "
                f"{row['api_p50']:>8.0f} {row['api_p95']:>8.0f}"
            )

    def write(self, text):
        self.stdout.write(text)
        self.stdout.flush()

    def request(self, params):
        """One response, consumed chunk by chunk as a harvester would; (ms, token, bytes)."""
        started = time.perf_counter()
        response = self.client.get("/oai/", params)
        tail, size = b"", 0
        # Consumed to the end, the test client's wrapper closes the response itself.
        for chunk in response.streaming_content:
            size += len(chunk)
            tail = (tail + chunk)[-4096:]
        elapsed = (time.perf_counter() - started) * 1000
        if b"<error" in tail:
            raise CommandError(tail.decode(errors="replace"))
        match = TOKEN.search(tail)
        return elapsed, match.group(1).decode() if match else None, size

    def harvest(self, prefix, limit=None, trace=False):
        """Walk a whole list; per response: ms, or (with trace) the bytes it allocated at peak."""
        params, samples, records = {"verb": "ListRecords", "metadataPrefix": prefix}, [], 0
        while params and (limit is None or len(samples) < limit):
            if trace:
                tracemalloc.reset_peak()
                before = tracemalloc.get_traced_memory()[0]
            elapsed, token, _size = self.request(params)
            samples.append(tracemalloc.get_traced_memory()[1] - before if trace else elapsed)
            params = {"verb": "ListRecords", "resumptionToken": token} if token else None
        records = OaiRecord.objects.count()
        return samples, records

    def measure(self, size, rounds):
        total = OaiRecord.objects.count()
        self.write(f"\n== {size} bài học sinh ra, {total} bản ghi OAI ==")
        self.request({"verb": "ListRecords", "metadataPrefix": "oai_dc"})  # warm caches
        started = time.monotonic()
        timings, records = self.harvest("oai_dc")
        seconds = time.monotonic() - started
        self.write(
            f"Thu hoạch toàn bộ oai_dc: {len(timings)} phản hồi, {seconds:.1f} s, "
            f"{records / seconds:.0f} bản ghi/s"
        )
        self.write(
            f"ListRecords 100 bản ghi (oai_dc): p50 {statistics.median(timings):.0f} ms, "
            f"p95 {percentile(timings, 95):.0f} ms, max {max(timings):.0f} ms"
        )
        lom, _records = self.harvest("lom", limit=rounds)
        self.write(
            f"ListRecords 100 bản ghi (lom, {len(lom)} phản hồi đầu): "
            f"p50 {statistics.median(lom):.0f} ms, p95 {percentile(lom, 95):.0f} ms"
        )
        tracemalloc.start()
        try:
            memory, _records = self.harvest("oai_dc", trace=True)
        finally:
            tracemalloc.stop()
        self.write(
            "Bộ nhớ đỉnh của một phản hồi (tracemalloc): "
            f"p50 {statistics.median(memory) / 1e6:.2f} MB, max {max(memory) / 1e6:.2f} MB; "
            "RSS đỉnh của tiến trình "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        return {
            "size": size,
            "records": records,
            "p50": statistics.median(timings),
            "p95": percentile(timings, 95),
            "lom_p95": percentile(lom, 95),
            "memory": max(memory),
        }

    @override_settings(HLM_API_ANON_LIMIT=10**9)
    def measure_api(self, pages):
        """`pages` responses of /api/v1/lessons?limit=100, each after the previous cursor."""
        path, params, timings = "/api/v1/lessons", {"limit": 100}, []
        self.client.get(path, params)  # warm caches
        while params is not None and len(timings) < pages:
            started = time.perf_counter()
            response = self.client.get(path, params)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{path}: {response.status_code} {response.content[:300]!r}")
            payload = response.json()
            cursor = payload["next_cursor"]
            params = {"limit": 100, "cursor": cursor} if cursor else None
        etag = self.client.get(path, {"limit": 100})["ETag"]
        started = time.perf_counter()
        status = self.client.get(path, {"limit": 100}, HTTP_IF_NONE_MATCH=etag).status_code
        revalidated = (time.perf_counter() - started) * 1000
        self.write(
            f"API /api/v1/lessons?limit=100 ({len(timings)} trang theo con trỏ): "
            f"p50 {statistics.median(timings):.0f} ms, p95 {percentile(timings, 95):.0f} ms, "
            f"max {max(timings):.0f} ms; GET có điều kiện: {status} sau {revalidated:.0f} ms"
        )
        return {"api_p50": statistics.median(timings), "api_p95": percentile(timings, 95)}
