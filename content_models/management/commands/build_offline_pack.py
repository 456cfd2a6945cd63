"""`manage.py build_offline_pack`: an offline pack of a collection, course or centre, to a file."""

from content_models.offline.builder import build_pack
from content_models.offline.command import PackCommand
from content_models.offline.sources import find_source


class Command(PackCommand):
    """Builds a pack straight to --output, for scheduled jobs and for copying onto a USB stick;
    it records nothing in the database (the learners' downloads are built by
    `build_offline_pack_task`). Exit code 1 with one line on stderr for every bad input."""

    help = (
        "Tạo gói học liệu ngoại tuyến (trang web tĩnh ZIP hoặc tệp ZIM cho Kiwix) từ các bài học "
        "đang công bố công khai của một bộ sưu tập, học phần hoặc trung tâm."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--collection", metavar="SLUG", help="Mã (slug) của bộ sưu tập.")
        source.add_argument("--course", metavar="SLUG", help="Mã (slug) của học phần.")
        source.add_argument("--centre", metavar="SLUG", help="Mã của trung tâm.")
        super().add_arguments(parser)

    def handle(self, *args, **options):
        kind = next(kind for kind in ("collection", "course", "centre") if options[kind])
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
