"""Writes the school-year report as XLSX or CSV, for scheduled jobs (docs/usage-and-reports.md).

Exit codes: 0 written; 2 bad arguments (Django's CommandError with returncode 2): a school year
that is not `YYYY-YYYY+1`, an unknown province or centre, an unknown format.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from content_models.models import Centre
from content_models.reports.periods import BadPeriod, school_year
from content_models.reports.queries import build_report
from content_models.reports.writers import write_csv, write_xlsx


class Command(BaseCommand):
    help = "Ghi báo cáo sử dụng và đóng góp học liệu của một năm học ra XLSX hoặc CSV."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help=_("Năm học, ví dụ 2025-2026."))
        parser.add_argument("--province", help=_("Tên hoặc mã của tỉnh, thành phố."))
        parser.add_argument("--centre", help=_("Tên, mã (slug) hoặc số hiệu của trung tâm."))
        parser.add_argument(
            "--format", choices=["xlsx", "csv"], default="xlsx", help=_("Định dạng tệp.")
        )
        parser.add_argument("--output", required=True, help=_("Tệp cần ghi."))

    def handle(self, *args, **options):
        try:
            period = school_year(options["year"])
        except BadPeriod as error:
            raise CommandError(str(error), returncode=2) from error
        centres = Centre.objects.all()
        label = _("Mọi tỉnh, thành phố")
        for option, lookup in (("province", "province"), ("centre", None)):
            value = options[option]
            if not value:
                continue
            if lookup:
                match = Q(province__name=value) | (
                    Q(province_id=int(value)) if value.isdigit() else Q(pk__in=[])
                )
            else:
                match = Q(name=value) | Q(slug=value)
                match |= Q(pk=int(value)) if value.isdigit() else Q(pk__in=[])
            centres = centres.filter(match)
            if not centres.exists():
                message = (
                    _("Không có tỉnh, thành phố “%(value)s”.")
                    if option == "province"
                    else _("Không có trung tâm “%(value)s”.")
                )
                raise CommandError(message % {"value": value}, returncode=2)
            label = value
        report = build_report(period, centres.values("pk"))
        data = write_xlsx(report, label) if options["format"] == "xlsx" else write_csv(report)
        output = Path(options["output"])
        temporary = output.with_name(output.name + ".part")
        temporary.write_bytes(data)
        temporary.replace(output)
        self.stdout.write(
            _("%(file)s: %(centres)s trung tâm, %(size)s byte")
            % {"file": output, "centres": len(report.centres), "size": len(data)}
        )
