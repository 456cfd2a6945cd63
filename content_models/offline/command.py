"""The body of `manage.py build_offline_pack`: the source options, the output options, the
check that the output can be written, writing the pack and the report line. Exit code 1 with
one line on stderr for every bad input.

The command itself is registered in the search room
(`search/management/commands/build_offline_pack.py`), which may import both rooms: it adds
`--search "QUERY"` (with `--filter`) to the sources defined here, which content_models cannot
resolve since it never imports search (see docs/offline-packs.md)."""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from content_models.offline.builder import build_pack
from content_models.offline.sources import PackError, find_source
from content_models.offline.writers import write_pack


class PackCommand(BaseCommand):
    """Builds a pack straight to --output, for scheduled jobs and for copying onto a USB stick;
    it records nothing in the database (the learners' downloads are built by
    `build_offline_pack_task`)."""

    help = (
        "Tạo gói học liệu ngoại tuyến (trang web tĩnh ZIP hoặc tệp ZIM cho Kiwix) từ các bài học "
        "đang công bố công khai của một bộ sưu tập, học phần hoặc trung tâm."
    )
    # The page sources content_models resolves itself (`sources.find_source`).
    page_sources = ("collection", "course", "centre")

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--collection", metavar="SLUG", help="Mã (slug) của bộ sưu tập.")
        source.add_argument("--course", metavar="SLUG", help="Mã (slug) của học phần.")
        source.add_argument("--centre", metavar="SLUG", help="Mã của trung tâm.")
        self.add_source_arguments(parser, source)
        parser.add_argument("--format", choices=("zip", "zim"), required=True)
        parser.add_argument("--output", required=True, metavar="FILE", help="Tệp sẽ ghi ra.")
        parser.add_argument("--max-lessons", type=int, default=None)
        parser.add_argument("--max-bytes", type=int, default=None)
        parser.add_argument(
            "--originals",
            action="store_true",
            help="Dùng tệp gốc thay cho bản nhẹ của video, âm thanh và PDF lớn.",
        )

    def add_source_arguments(self, parser, source):
        """Hook for a subclass to add sources to the mutually exclusive `source` group."""

    def handle(self, *args, **options):
        kind = next(kind for kind in self.page_sources if options.get(kind))
        self.write_pack(
            options,
            lambda: build_pack(
                find_source(kind, options[kind]),
                options["format"],
                max_lessons=options["max_lessons"],
                max_bytes=options["max_bytes"],
                originals=options["originals"],
            ),
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
