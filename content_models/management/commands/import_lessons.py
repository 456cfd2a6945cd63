"""`manage.py import_lessons FILE`: lessons from a spreadsheet export (CSV) or JSON.

Every row is validated before anything is written; if any row is bad, each one is reported
with its line and reason and nothing is imported. Otherwise all rows are written in one
transaction, so a crash halfway leaves nothing behind. Re-importing a file updates the lessons
with the same `external_id` (a new revision) instead of duplicating them. A row whose title
another lesson of its centre already has (in the site or earlier in the file) is an error unless
`--allow-duplicate-titles`.
"""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from tqdm import tqdm

from content_models.importing.readers import FORMATS, ImportFileError, read_rows
from content_models.importing.validation import RowError, RowValidator, find_user
from content_models.importing.writer import LessonWriter


class Command(BaseCommand):
    help = (
        "Nhập bài học từ tệp CSV hoặc JSON (mỗi dòng một bài). Kiểm tra mọi dòng trước; "
        "có dòng lỗi thì không nhập gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp CSV hoặc JSON cần nhập.")
        parser.add_argument("--format", choices=FORMATS, help="Bỏ qua việc đoán theo đuôi tệp.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không nhập gì.")
        parser.add_argument(
            "--publish", action="store_true", help="Xuất bản ngay (mặc định: bản nháp)."
        )
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Tạo trung tâm, môn học và từ khóa chưa có (không áp dụng cho chương trình, "
            "giấy phép).",
        )
        parser.add_argument(
            "--allow-duplicate-titles",
            action="store_true",
            help="Nhập cả bài trùng tiêu đề với một bài khác của cùng trung tâm (mặc định: báo "
            "lỗi dòng đó).",
        )
        parser.add_argument("--user", help="Tên đăng nhập ghi nhận là người nhập (tùy chọn).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        user = None
        if options["user"]:
            user = find_user(options["user"])
            if user is None:
                raise CommandError(
                    _("Không có người dùng “%(user)s”.") % {"user": options["user"]}
                )
        show_progress = options["verbosity"] > 0
        try:
            raw_rows = read_rows(path, options["format"])
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if not raw_rows:
            raise CommandError(_("Tệp không có bài học nào."))

        validator = RowValidator(
            path.resolve().parent,
            create_missing=options["create_missing"],
            user=user,
            publish=options["publish"],
            allow_duplicate_titles=options["allow_duplicate_titles"],
        )
        rows, errors = [], []
        for raw in self._progress(raw_rows, _("Kiểm tra"), show_progress):
            result = validator.validate(raw)
            (errors if isinstance(result, RowError) else rows).append(result)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(bad)s/%(total)s dòng có lỗi; không nhập bài nào.")
                % {"bad": len(errors), "total": len(raw_rows)}
            )
        if options["dry_run"]:
            self.stdout.write(
                _("Kiểm tra xong: %(count)s bài hợp lệ (%(new)s mới, %(old)s cập nhật). "
                  "Chạy thử (--dry-run): không nhập gì.")
                % {"count": len(rows), "new": sum(1 for r in rows if r.existing is None),
                   "old": sum(1 for r in rows if r.existing is not None)}
            )  # fmt: skip
            return

        writer = LessonWriter(publish=options["publish"], user=user)
        try:
            with transaction.atomic():
                for row in self._progress(rows, _("Nhập"), show_progress):
                    try:
                        writer.write(row)
                    except Exception as error:
                        raise CommandError(
                            _("%(row)s: không nhập được (%(error)s); đã hủy toàn bộ lần nhập.")
                            % {"row": row.label, "error": error}
                        ) from error
        except BaseException:
            for name in writer.report.stored_files:
                default_storage.delete(name)
            raise
        self._summary(writer.report, options["publish"])

    def _progress(self, items, description, enabled):
        return tqdm(
            items,
            desc=description,
            unit=_("bài"),
            file=self.stderr._out,
            disable=None if enabled else True,
            leave=False,
        )

    def _summary(self, report, published):
        state = _("đã xuất bản") if published else _("bản nháp")
        self.stdout.write(
            _("Đã nhập %(total)s bài (%(created)s mới, %(updated)s cập nhật), %(state)s; "
              "%(documents)s tệp đính kèm.")
            % {"total": len(report.created) + len(report.updated),
               "created": len(report.created), "updated": len(report.updated),
               "state": state, "documents": report.documents}
        )  # fmt: skip
        for label, items in (
            (_("Trung tâm mới"), report.new_centres),
            (_("Môn học mới"), report.new_subjects),
            (_("Từ khóa mới"), report.new_keywords),
        ):
            if items:
                self.stdout.write(f"{label}: {', '.join(str(item) for item in items)}")
