"""`manage.py search_index create|rebuild|status|drain|reconcile`: run the catalogue's indices.

create     make the Elasticsearch indices and aliases if missing (explicit mapping)
rebuild    refill from the database: new Elasticsearch indices swapped in atomically, and the
           database full-text table refreshed in place; a progress bar shows docs/s
status     alias → index, schema check, document counts against the database (drift),
           pending outbox rows and the last error of each target; --verify compares ids
drain      apply every pending outbox row now (retry delays ignored); exit 1 if any fail
reconcile  queue every page whose presence differs between the database and an index, drain
"""

from django.core.management.base import BaseCommand, CommandError

from tqdm import tqdm

from search import indexer, maintenance
from search.backends.database.store import live_entries
from search.backends.elasticsearch import index as es_index
from search.conf import elasticsearch_enabled
from search.models import IndexState, OutboxEntry
from search.serializers import indexable_count
from search.types import KINDS


class Command(BaseCommand):
    help = "Quản lý chỉ mục tìm kiếm: create, rebuild, status, drain, reconcile."

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["create", "rebuild", "status", "drain", "reconcile"]
        )
        parser.add_argument(
            "--target",
            choices=["all", "elasticsearch", "database"],
            default="all",
            help="Chỉ mục cần làm (mặc định: cả hai; Elasticsearch khi đã cấu hình).",
        )
        parser.add_argument("--chunk-size", type=int, default=maintenance.REBUILD_CHUNK)
        parser.add_argument(
            "--keep-old", action="store_true", help="Giữ chỉ mục cũ sau khi đổi bí danh."
        )
        parser.add_argument(
            "--verify", action="store_true", help="status: so từng mã trang, không chỉ số đếm."
        )

    def handle(self, *args, action, target, chunk_size, keep_old, verify, **options):
        self.es = elasticsearch_enabled() and target in ("all", "elasticsearch")
        self.db = target in ("all", "database")
        if target == "elasticsearch" and not elasticsearch_enabled():
            raise CommandError("ELASTICSEARCH_URL chưa được đặt.")
        getattr(self, f"do_{action}")(chunk_size=chunk_size, keep_old=keep_old, verify=verify)

    # --- actions ---------------------------------------------------------------------------
    def do_create(self, **kwargs):
        if not self.es:
            self.stdout.write("Bảng tìm kiếm trong cơ sở dữ liệu được tạo bởi migrate.")
            return
        client = es_index.indexing_client()
        self.stdout.write(f"Elasticsearch {es_index.check_compatibility(client)}")
        es_index.invalidate_check()
        try:
            indices = es_index.ready_indices(client, create_missing=True)
        except es_index.IndexNotReady as exc:
            raise CommandError(str(exc)) from exc
        for kind, index in indices.items():
            self.stdout.write(f"{es_index.alias_name(kind)} → {index}")

    def do_rebuild(self, chunk_size, keep_old, **kwargs):
        total = indexable_count()
        if self.es:
            with tqdm(total=total, unit="doc", desc="Elasticsearch", file=self.stderr) as bar:
                try:
                    report = maintenance.rebuild_elasticsearch(chunk_size, bar, keep_old)
                except Exception as exc:
                    raise CommandError(
                        f"Dựng lại thất bại, chỉ mục cũ vẫn phục vụ tìm kiếm: {exc}"
                    ) from exc
            self.stdout.write(
                f"Elasticsearch: {report.documents} tài liệu trong {report.seconds:.1f} s "
                f"({report.rate:.0f} docs/s, nạp {report.fill_rate:.0f} docs/s); "
                f"{report.caught_up} trang cập nhật sau khi đổi "
                f"bí danh; chỉ mục mới: {', '.join(report.indices.values())}"
            )
            for name in report.removed:
                self.stdout.write(f"  đã xóa chỉ mục cũ {name}")
        if self.db:
            with tqdm(total=total, unit="doc", desc="Cơ sở dữ liệu", file=self.stderr) as bar:
                report = maintenance.rebuild_database(chunk_size, bar)
            self.stdout.write(
                f"Cơ sở dữ liệu: {report.documents} tài liệu trong {report.seconds:.1f} s "
                f"({report.rate:.0f} docs/s); {len(report.removed)} mục thừa đã xóa"
            )

    def do_drain(self, chunk_size, **kwargs):
        report = indexer.drain(batch_size=chunk_size, force=True)
        self.stdout.write(
            f"{report.rows} dòng, {report.pages} trang; CSDL: {report.db_written}; "
            f"Elasticsearch: {report.es_indexed} thành công, {report.es_failed} lỗi"
        )
        left = indexer.pending_count()
        if report.errors or left:
            for error in report.errors[:10]:
                self.stderr.write(f"  {error}")
            raise CommandError(f"Còn {left} dòng đang chờ.")

    def do_reconcile(self, chunk_size, **kwargs):
        found = maintenance.reconcile(include_elasticsearch=self.es)
        for name, diff in found.items():
            self.stdout.write(f"{name}: thiếu {len(diff['missing'])}, thừa {len(diff['extra'])}")
        self.do_drain(chunk_size=chunk_size)

    def do_status(self, verify, **kwargs):
        expected = indexable_count()
        self.stdout.write(f"Trang cần có trong chỉ mục (công khai, đang xuất bản): {expected}")
        stored = live_entries().count()
        self.stdout.write(f"Bảng tìm kiếm CSDL: {stored} (lệch {stored - expected:+d})")
        if self.es:
            self._es_status(expected)
        pending = OutboxEntry.objects.filter(done_at__isnull=True)
        self.stdout.write(
            f"Hàng đợi: {pending.count()} dòng chờ "
            f"(Elasticsearch {pending.filter(pending_es=True).count()}, "
            f"CSDL {pending.filter(pending_db=True).count()})"
        )
        oldest = pending.order_by("id").first()
        if oldest:
            self.stdout.write(f"  cũ nhất: {oldest} lúc {oldest.created_at:%Y-%m-%d %H:%M:%S}")
            if oldest.last_error:
                self.stdout.write(f"  lỗi: {oldest.last_error[:300]}")
        for state in IndexState.objects.all():
            line = f"{state.target}: thành công lần cuối {state.last_success_at or '—'}"
            if state.last_error:
                line += f"; lỗi lần cuối {state.last_error_at}: {state.last_error[:300]}"
            self.stdout.write(line)
        if verify:
            for name, diff in maintenance.drift(include_elasticsearch=self.es).items():
                self.stdout.write(
                    f"{name}: thiếu {len(diff['missing'])} {diff['missing'][:10]}, "
                    f"thừa {len(diff['extra'])} {diff['extra'][:10]}"
                )

    def _es_status(self, expected):
        try:
            client = es_index.indexing_client(timeout=10)
            self.stdout.write(f"Elasticsearch {es_index.check_compatibility(client)}")
            for kind in KINDS:
                alias = es_index.alias_name(kind)
                indices = es_index.concrete_indices(client, kind)
                count = es_index.document_count(client, kind)
                self.stdout.write(f"  {alias} → {', '.join(indices) or '—'}: {count} tài liệu")
            total = sum(es_index.document_count(client, k) or 0 for k in KINDS)
            self.stdout.write(f"  tổng {total} (lệch {total - expected:+d})")
            for _code, problem in es_index.mapping_problems(client):
                self.stdout.write(self.style.ERROR(f"  {problem}"))
        except es_index.ServerIncompatible as exc:
            self.stdout.write(self.style.ERROR(str(exc)))
        except es_index.unavailable_errors() as exc:
            self.stdout.write(self.style.ERROR(f"Elasticsearch không phản hồi: {exc}"))
