"""What every pack-building command shares: the output options, the check that the output can
be written, writing the pack and the report line (`build_offline_pack`, and
`build_search_pack` in the search room). Exit code 1 with one line on stderr for every bad
input."""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from content_models.offline.sources import PackError
from content_models.offline.writers import write_pack


class PackCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("zip", "zim"), required=True)
        parser.add_argument("--output", required=True, metavar="FILE", help="Tệp sẽ ghi ra.")
        parser.add_argument("--max-lessons", type=int, default=None)
        parser.add_argument("--max-bytes", type=int, default=None)
        parser.add_argument(
            "--originals",
            action="store_true",
            help="Dùng tệp gốc thay cho bản nhẹ của video, âm thanh và PDF lớn.",
        )

    def write_pack(self, options, make_pack):
        """Check --output, build the pack with `make_pack()` and write it there."""
        translation.activate(settings.LANGUAGE_CODE)
        output = os.path.abspath(options["output"])
        folder = os.path.dirname(output)
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK) or os.path.isdir(output):
            raise CommandError(
                f"Không ghi được tệp {options['output']}: "
                "thư mục không tồn tại hoặc không có quyền ghi."
            )
        started = time.perf_counter()
        try:
            pack = make_pack()
            size = write_pack(pack, options["format"], output)
        except PackError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(
                f"Không ghi được tệp {options['output']}: {error.strerror or error}"
            ) from error
        self.stdout.write(
            f"Đã tạo {output}: {len(pack.lessons)} bài học, {filesizeformat(size)}, "
            f"{time.perf_counter() - started:.1f} giây."
        )
