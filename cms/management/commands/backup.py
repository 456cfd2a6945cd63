"""`manage.py backup [--output FILE]`: the database and media files in one tar archive.

See cms/backups/ and docs/operations.md#backups. The search indices are not saved: `restore`
rebuilds them from the restored database.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.backups.archive import BackupError, write_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp media vào một tệp .tar (có mã kiểm tra SHA-256)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Tệp .tar để ghi (mặc định: var/backups/hlm-<thời điểm>.tar).",
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "var" / "backups" / f"hlm-{stamp}.tar"
        output = Path(output)
        if output.exists():
            raise CommandError(f"{output} đã có; chọn tên khác.")
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            manifest = write_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        figures = ", ".join(f"{name} {value}" for name, value in manifest["counts"].items())
        self.stdout.write(
            f"{output}: {output.stat().st_size / 1e6:.1f} MB, {manifest['engine']}, "
            f"{len(manifest['media'])} tệp media; {figures}"
        )
