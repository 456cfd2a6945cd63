"""`manage.py build_offline_pack (--collection SLUG | --course SLUG | --centre SLUG | --search
"QUERY" [--filter NAME=VALUE ...]) --format zip|zim --output FILE`: an offline pack to a file.

Registered here, in the search room, because only this room may import both the pack builder
(content_models) and the search service; content_models defines the command's body
(`content_models.offline.command.PackCommand`) and knows nothing of `--search`. See
docs/offline-packs.md."""

from django.conf import settings
from django.core.management.base import CommandError

from content_models.offline.builder import build_pack
from content_models.offline.command import PackCommand
from search.offline_packs import parse_request, search_lessons, search_source


class Command(PackCommand):
    help = (
        "Tạo gói học liệu ngoại tuyến (trang web tĩnh ZIP hoặc tệp ZIM cho Kiwix) từ các bài học "
        "đang công bố công khai của một bộ sưu tập, học phần, trung tâm, hoặc của một lượt tìm "
        'kiếm, ví dụ: --search "đạo hàm" --filter grade=12 --filter subject=toan.'
    )

    def add_source_arguments(self, parser, source):
        source.add_argument("--search", metavar="QUERY", help="Từ khóa tìm kiếm.")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="Chỉ dùng với --search: bộ lọc như trên trang tìm kiếm (level, subject, grade, "
            "type, licence, reusable, centre, province, language, year); lặp lại được.",
        )

    def handle(self, *args, **options):
        if options["search"] is None:
            if options["filter"]:
                raise CommandError("--filter chỉ dùng được cùng với --search.")
            return super().handle(*args, **options)
        max_lessons = options["max_lessons"] or settings.HLM_OFFLINE_PACK_MAX_LESSONS

        def make_pack():
            query = parse_request(options["search"], options["filter"])
            return build_pack(
                search_source(query),
                options["format"],
                max_lessons=max_lessons,
                max_bytes=options["max_bytes"],
                lessons=search_lessons(query, max_lessons=max_lessons),
                originals=options["originals"],
            )

        self.write_pack(options, make_pack)
        return None
