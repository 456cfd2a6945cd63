"""`manage.py build_search_pack`: an offline pack of what a search finds, to a file."""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from content_models.offline.builder import build_pack
from content_models.offline.sources import PackError
from content_models.offline.writers import write_pack
from search.offline_packs import parse_request, search_lessons, search_source


class Command(BaseCommand):
    """`build_offline_pack` for a search result (the content_models command cannot know the
    search room): the lessons the search page would list for the same words and filters, in
    its order, capped like any pack. Records nothing; exit code 1 with one line on bad input.
    See docs/offline-packs.md."""

    help = (
        "Tạo gói học liệu ngoại tuyến (ZIP hoặc ZIM) từ các bài học mà một lượt tìm kiếm tìm "
        'thấy, ví dụ: --search "đạo hàm" --filter grade=12 --filter subject=toan.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--search", required=True, metavar="QUERY", help="Từ khóa tìm kiếm.")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="Bộ lọc như trên trang tìm kiếm (level, subject, grade, type, licence, "
            "reusable, centre, province, language, year); lặp lại được.",
        )
        parser.add_argument("--format", choices=("zip", "zim"), required=True)
        parser.add_argument("--output", required=True, metavar="FILE", help="Tệp sẽ ghi ra.")
        parser.add_argument("--max-lessons", type=int, default=None)
        parser.add_argument("--max-bytes", type=int, default=None)
        parser.add_argument(
            "--originals",
            action="store_true",
            help="Dùng tệp gốc thay cho bản nhẹ của video, âm thanh và PDF lớn.",
        )

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        output = os.path.abspath(options["output"])
        folder = os.path.dirname(output)
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK) or os.path.isdir(output):
            raise CommandError(
                f"Không ghi được tệp {options['output']}: "
                "thư mục không tồn tại hoặc không có quyền ghi."
            )
        max_lessons = options["max_lessons"] or settings.HLM_OFFLINE_PACK_MAX_LESSONS
        started = time.perf_counter()
        try:
            query = parse_request(options["search"], options["filter"])
            lessons = search_lessons(query, max_lessons=max_lessons)
            pack = build_pack(
                search_source(query),
                options["format"],
                max_lessons=max_lessons,
                max_bytes=options["max_bytes"],
                lessons=lessons,
                originals=options["originals"],
            )
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
