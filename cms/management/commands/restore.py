"""`manage.py restore FILE`: load a `backup` archive into an empty database and MEDIA_ROOT.

Every checksum is verified before anything is written; then the database is loaded, the
media files copied, the search indices rebuilt, and the counts compared with the archive's.
Exit code 1 with the reason on a bad archive, a non-empty database or a count that differs.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cms.backups.archive import BackupError, counts, restore_backup


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống, rồi dựng lại chỉ mục tìm kiếm."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar do `manage.py backup` tạo.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Khôi phục cả khi cơ sở dữ liệu đích đã có dữ liệu (ghi đè).",
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest = restore_backup(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã khôi phục cơ sở dữ liệu và {len(manifest['media'])} tệp media.")
        call_command("search_index", "rebuild", stdout=self.stdout, stderr=self.stderr)
        found = counts()
        if found != manifest["counts"]:
            raise CommandError(f"Số liệu khác bản sao lưu: {found} ≠ {manifest['counts']}")
        figures = ", ".join(f"{name} {value}" for name, value in found.items())
        self.stdout.write(f"Khớp với bản sao lưu: {figures}")
