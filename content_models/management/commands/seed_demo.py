"""`manage.py seed_demo`: a realistic Vietnamese demo site, one user per role; idempotent."""

import contextlib
import logging
import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from tqdm import tqdm

from content_models.demo.builder import DemoSeeder
from content_models.demo.loader import DemoDataError
from content_models.demo.specs import DEFAULT_PASSWORD
from content_models.models import CollectionPage
from content_models.offline.service import build_and_store

SILENT_MAIL = "django.core.mail.backends.dummy.EmailBackend"
# The project's loggers: the background jobs the seeding runs in-process (renditions, the
# offline pack) log a line each at INFO, about a hundred lines for the demo.
PROJECT_LOGGER = "hlm"

LABELS = {
    "centres": "trung tâm",
    "users": "người dùng",
    "lessons": "bài học đã xuất bản",
    "drafts": "bài nháp / đang duyệt",
    "courses": "học phần",
    "collections": "bộ sưu tập",
    "images": "hình ảnh",
    "documents": "tệp PDF",
    "usage": "dòng lượt xem, lượt tải theo ngày",
}


@contextlib.contextmanager
def quiet_job_logs(verbosity):
    """The jobs' INFO lines only at `-v 2` or more; warnings and errors always."""
    logger = logging.getLogger(PROJECT_LOGGER)
    level = logger.level
    if verbosity < 2:
        logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: 8 trung tâm ở 8 tỉnh, 65 bài học đã xuất bản, bản nháp và bài đang "
        "duyệt, học phần, bộ sưu tập và một tài khoản cho mỗi vai trò. Chạy lại không tạo trùng. "
        f"Mật khẩu lấy từ biến môi trường DEMO_PASSWORD (mặc định: {DEFAULT_PASSWORD})."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Đặt lại mật khẩu của các tài khoản mẫu đã có.",
        )

    def handle(self, *args, **options):
        with quiet_job_logs(options["verbosity"]):
            self.seed(options)

    def seed(self, options):
        started = time.monotonic()
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        verbose = options["verbosity"] > 0

        def progress(items, desc):
            return tqdm(
                items,
                desc=desc,
                file=self.stderr._out,
                disable=None if verbose else True,
                leave=False,
            )

        try:
            seeder = DemoSeeder(password, options["reset_passwords"], progress=progress)
        except DemoDataError as error:
            # The data files are checked whole before anything is written.
            raise CommandError(_("Dữ liệu mẫu có lỗi, chưa tạo gì:") + f"\n{error}") from error
        # The demo's people are fictitious: the review workflow the seeder walks through must not
        # mail them (nor print ~200 lines with the development console backend).
        with override_settings(EMAIL_BACKEND=SILENT_MAIL), transaction.atomic():
            report = seeder.run()
        # One offline pack (ZIP) of the first collection; unchanged content is not rebuilt.
        collection = CollectionPage.objects.live().public().order_by("path").first()
        pack = build_and_store(collection, "zip") if collection else None
        if not verbose:
            return
        if seeder.media.missing:
            self.stdout.write(seeder.media.missing)
        if report.created:
            created = ", ".join(
                f"{count} {LABELS[kind]}" for kind, count in report.created.items()
            )
            self.stdout.write(self.style.SUCCESS(f"Đã tạo: {created}."))
        else:
            self.stdout.write("Dữ liệu mẫu đã có đủ; không tạo thêm gì.")
        if pack:
            self.stdout.write(
                f"Gói ngoại tuyến “{collection.title}”: {pack.lesson_count} bài học, "
                f"{pack.size // 1024} KB."
            )
        self.stdout.write("Tài khoản mẫu (đăng nhập tại /admin/):")
        for username, role, password_set in report.users:
            shown = password if password_set else "(giữ nguyên mật khẩu cũ)"
            self.stdout.write(f"  {username:<22} {shown:<24} {role}")
        self.stdout.write(f"Xong sau {time.monotonic() - started:.1f} giây.")
