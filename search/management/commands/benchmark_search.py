"""`manage.py benchmark_search --lessons 10000`: figures for Elasticsearch beside the database.

Generates N synthetic Vietnamese lessons straight into the page tables (benchmark_data.py),
fills both indices through the same serializer as production (a full rebuild of each, timed:
docs/s), runs a fixed query mix through `SearchService` against each backend, and publishes a
few real lessons through Wagtail to time publish → searchable. Prints a table; asserts nothing.
Run it on a scratch database and index prefix, e.g.:

    DATABASE_URL=sqlite:///var/bench.sqlite3 ELASTICSEARCH_INDEX_PREFIX=hlmbench- \\
        python manage.py migrate && python manage.py benchmark_search --lessons 10000
"""

import statistics
import time
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tqdm import tqdm

from content_models.models import CentreLibraryPage, LessonPage, Licence
from search import maintenance
from search.backends.database.backend import DatabaseSearchBackend
from search.backends.elasticsearch.backend import ElasticsearchBackend
from search.benchmark_data import delete_generated, generate_lessons
from search.conf import elasticsearch_enabled
from search.service import SearchService
from search.types import SearchQuery

TEXT = ["phương trình bậc hai", "dao ham", "tiếng anh giao tiếp", "kỹ năng số", "lịch sử",
        "hợp chất hữu cơ", "trồng lúa chất lượng cao", "thpt", "phan so", "điện thoại thông minh",
        "truyện kiều", "định luật ôm", "sơ cứu", "bảng tính", "di truyền học", "vùng tây bắc",
        "nhận diện tin giả", "chăn nuôi gà", "lượng giác", "dao động điều hòa"]  # fmt: skip
TEXT_FILTERED = [
    ("phương trình", {"subject": ("toan",), "level": ("chuong-trinh-gdtx-cap-thpt",)}),
    ("kỹ năng", {"subject": ("ky-nang-so", "ky-nang-song"), "licence": ("cc-by-40",)}),
    ("bai tap", {"grade": ("10", "11"), "type": ("video",)}),
    ("lịch sử", {"level": ("chuong-trinh-gdtx-cap-thcs",), "reusable": ("1",)}),
    ("tiếng anh", {"language": ("vi",), "year": ("2023", "2024")}),
]
BROWSE = [
    {},
    {"subject": ("toan",)},
    {"level": ("xoa-mu-chu-giai-doan-2",), "grade": ("5",)},
    {"licence": ("cc-by-sa-40",), "type": ("tai-lieu",)},
    {"year": ("2021",), "province": ("ha-noi", "hue")},
]
# "Typed as people type" (docs/search-repair.md): Telex/VNI leftovers, slips, questions.
TYPED = ["phuwowng trinhf bacj hai", "ddaoj ham", "tie61ng anh giao tie61p", "luowngj giacs",
         "phuong trnih bac hai", "dao dong dieu hoa", "di truyen hco", "sơ cưú cơ bản",
         "cách giải phương trình bậc hai cho người mới học",
         "làm thế nào để trồng lúa chất lượng cao", "tài liệu ôn thi lịch sử thời kỳ đổi mới",
         "hướng dẫn sử dụng điện thoại thông minh"]  # fmt: skip
PREFIXES = ["phu", "dao h", "tieng a", "ky nang s", "lich", "hoa hoc h", "tr", "on tap d",
            "bai giang l", "huong dan t"]  # fmt: skip


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Đo hiệu năng tìm kiếm: Elasticsearch và cơ sở dữ liệu, cùng bộ truy vấn cố định."

    def add_arguments(self, parser):
        parser.add_argument("--lessons", type=int, default=10_000)
        parser.add_argument("--rounds", type=int, default=200, help="Số truy vấn mỗi loại.")
        parser.add_argument("--centres", type=int, default=30)
        parser.add_argument("--tag", default="bench")
        parser.add_argument("--skip-index", action="store_true")
        parser.add_argument("--skip-queries", action="store_true")
        parser.add_argument(
            "--no-repair",
            action="store_true",
            help="Tìm đúng từ đã gõ, không sửa, không nới lỏng (số liệu 'trước').",
        )
        parser.add_argument("--cleanup", action="store_true", help="Xóa bài đã sinh khi xong.")
        parser.add_argument(
            "--backends",
            choices=["both", "elasticsearch", "database"],
            default="both",
            help="Đo một máy tìm kiếm (vd. Elasticsearch ở 100.000 bài: khỏi dựng bảng CSDL).",
        )

    def handle(
        self,
        *args,
        lessons,
        rounds,
        centres,
        tag,
        skip_index,
        skip_queries,
        cleanup,
        no_repair=False,
        backends="both",
        **options,
    ):
        self.write(f"Cơ sở dữ liệu: {connection.vendor} {settings.DATABASES['default']['NAME']}")
        have = LessonPage.objects.filter(external_id__startswith=f"{tag}-").count()
        if have < lessons:
            with tqdm(
                total=lessons - have, unit="bài", desc="Sinh bài học", file=self.stderr
            ) as b:
                started = time.monotonic()
                generate_lessons(lessons - have, centres=centres, tag=tag, progress=b)
                rate = (lessons - have) / (time.monotonic() - started)
            self.write(f"Sinh {lessons - have} bài học: {rate:.0f} bài/s")
        total = LessonPage.objects.live().count()
        self.write(f"Bài học đang xuất bản: {total}")
        repair = not no_repair
        wanted = backends
        if wanted != "database" and not elasticsearch_enabled():
            if wanted == "elasticsearch":
                raise CommandError("ELASTICSEARCH_URL chưa đặt.")
            self.write("ELASTICSEARCH_URL chưa đặt: chỉ đo cơ sở dữ liệu.")
            wanted = "database"
        backends = {}
        if wanted in ("both", "elasticsearch"):
            backends["elasticsearch"] = SearchService(ElasticsearchBackend(), repair=repair)
        if wanted in ("both", "database"):
            backends["database"] = SearchService(DatabaseSearchBackend(), repair=repair)
        if not skip_index:
            self.index(total, backends)
        if not skip_queries:
            timings = {name: self.run_mix(service, rounds) for name, service in backends.items()}
            self.report(timings)
        self.publish_delay(backends)
        if cleanup:
            removed = delete_generated(tag)
            if "database" in backends:
                maintenance.rebuild_database()
            if "elasticsearch" in backends:
                maintenance.rebuild_elasticsearch()
            self.write(f"Đã xóa {len(removed)} bài đã sinh và dựng lại chỉ mục.")

    def write(self, text):
        self.stdout.write(text)
        self.stdout.flush()

    # --- indexing ------------------------------------------------------------------------
    def index(self, total, backends):
        if "elasticsearch" in backends:
            with tqdm(total=total, unit="doc", desc="Elasticsearch", file=self.stderr) as bar:
                report = maintenance.rebuild_elasticsearch(progress=bar)
            self.write(
                f"Dựng lại Elasticsearch: {report.documents} tài liệu, {report.seconds:.1f} s, "
                f"{report.rate:.0f} docs/s (riêng phần nạp: {report.fill_rate:.0f} docs/s)"
            )
        if "database" not in backends:
            return
        with tqdm(total=total, unit="doc", desc="Cơ sở dữ liệu", file=self.stderr) as bar:
            report = maintenance.rebuild_database(progress=bar)
        if connection.vendor == "postgresql":
            # Fresh rows: the planner needs statistics (autovacuum gathers them later; the
            # figures should not depend on whether it has run yet).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.write(
            f"Dựng lại bảng CSDL: {report.documents} tài liệu, {report.seconds:.1f} s, "
            f"{report.rate:.0f} docs/s"
        )

    # --- queries -------------------------------------------------------------------------
    def run_mix(self, service, rounds):
        def text_only(i):
            return service.search(SearchQuery(text=TEXT[i % len(TEXT)]))

        def text_filtered(i):
            text, filters = TEXT_FILTERED[i % len(TEXT_FILTERED)]
            return service.search(SearchQuery(text=text, filters=filters))

        def browse(i):
            filters = BROWSE[i % len(BROWSE)]
            return service.search(SearchQuery(filters=filters, sort="newest", page=1 + i % 3))

        def autocomplete(i):
            return service.autocomplete(PREFIXES[i % len(PREFIXES)], 8)

        def typed(i):
            return service.search(SearchQuery(text=TYPED[i % len(TYPED)]))

        mix = {
            "chỉ từ khóa": text_only,
            "từ khóa + 2 bộ lọc + đếm": text_filtered,
            "duyệt bộ lọc, không từ khóa": browse,
            "gợi ý (autocomplete)": autocomplete,
            "gõ như người dùng": typed,
        }
        results = {}
        for name, run in mix.items():
            for i in range(20):  # warm caches and connections
                run(i)
            samples = []
            for i in range(rounds):
                started = time.perf_counter()
                answer = run(i)
                samples.append((time.perf_counter() - started) * 1000)
                if getattr(answer, "degraded", False):
                    raise CommandError(f"{service.backend_name} degraded during the benchmark")
            results[name] = samples
        found = sum(1 for text in TYPED if service.search(SearchQuery(text=text)).total)
        self.write(f"{service.backend_name}: 'gõ như người dùng' có kết quả {found}/{len(TYPED)}")
        return results

    def report(self, timings):
        names = list(timings)
        header = f"{'truy vấn':<30}" + "".join(f"{n[:13] + ' p50/p95/p99 ms':>34}" for n in names)
        self.write("\n" + header + ("   tỉ lệ p95 CSDL/ES" if len(names) == 2 else ""))
        for query in timings[names[0]]:
            line = f"{query:<30}"
            p95 = []
            for name in names:
                s = timings[name][query]
                p95.append(percentile(s, 95))
                cell = f"{percentile(s, 50):.1f} / {p95[-1]:.1f} / {percentile(s, 99):.1f}"
                line += f"{cell:>34}"
            if len(names) == 2:
                line += f"   {p95[1] / p95[0]:.1f}×"
            self.write(line)
        self.write("")

    # --- publish → searchable ------------------------------------------------------------
    def publish_delay(self, backends, samples=5):
        library = CentreLibraryPage.objects.first()
        licence = Licence.objects.get(name="CC BY 4.0")
        delays = {name: [] for name in backends}
        created = []
        for sample in range(samples + 1):  # the first one warms URL resolving: not counted
            marker = uuid.uuid4().hex[:10]
            page = library.add_child(
                instance=LessonPage(
                    title=f"Bài đo độ trễ {marker}",
                    summary="Bài học dùng để đo thời gian từ xuất bản tới khi tìm thấy.",
                    licence=licence,
                    live=False,
                )
            )
            created.append(page)
            started = time.monotonic()
            page.save_revision().publish()  # signals → outbox → drain after commit
            waiting = dict(backends)
            while waiting:
                for name, service in list(waiting.items()):
                    if service.search(SearchQuery(text=marker)).total:
                        if sample:
                            delays[name].append(time.monotonic() - started)
                        del waiting[name]
                if time.monotonic() - started > 30:
                    raise CommandError(f"not searchable after 30 s: {', '.join(waiting)}")
                time.sleep(0.01)
        for name, values in delays.items():
            median = statistics.median(values) * 1000
            self.write(
                f"Xuất bản → tìm thấy ({name}): trung vị {median:.0f} ms,"
                f" lâu nhất {max(values) * 1000:.0f} ms ({samples} lần)"
            )
        for page in created:
            page.delete()
