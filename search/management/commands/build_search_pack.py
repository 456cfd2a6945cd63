"""`manage.py build_search_pack`: an offline pack of what a search finds, to a file."""

from django.conf import settings

from content_models.offline.builder import build_pack
from content_models.offline.command import PackCommand
from search.offline_packs import parse_request, search_lessons, search_source


class Command(PackCommand):
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
        super().add_arguments(parser)

    def handle(self, *args, **options):
        max_lessons = options["max_lessons"] or settings.HLM_OFFLINE_PACK_MAX_LESSONS

        def make_pack():
            query = parse_request(options["search"], options["filter"])
            lessons = search_lessons(query, max_lessons=max_lessons)
            return build_pack(
                search_source(query),
                options["format"],
                max_lessons=max_lessons,
                max_bytes=options["max_bytes"],
                lessons=lessons,
                originals=options["originals"],
            )

        self.write_pack(options, make_pack)
