"""Writes the school-year report as XLSX or CSV, for scheduled jobs (docs/usage-and-reports.md).

Exit codes: 0 written; 2 bad arguments (Django's CommandError with returncode 2): a school year
that is not `YYYY-YYYY+1`, an unknown province or centre, an unknown format.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from content_models.models import Centre
from content_models.reports.periods import BadPeriod, school_year
from content_models.reports.queries import build_report
from content_models.reports.writers import write_csv, write_xlsx


class Command(BaseCommand):
    help = "Write the usage and contribution report of a school year as XLSX or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="school year, e.g. 2025-2026")
        parser.add_argument("--province", help="province name or id")
        parser.add_argument("--centre", help="centre name, slug or id")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args, **options):
        try:
            period = school_year(options["year"])
        except BadPeriod as error:
            raise CommandError(str(error), returncode=2) from error
        centres = Centre.objects.all()
        label = "Mọi tỉnh, thành phố"
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
                raise CommandError(f"Unknown {option}: {value}", returncode=2)
            label = value
        report = build_report(period, centres.values("pk"))
        data = write_xlsx(report, label) if options["format"] == "xlsx" else write_csv(report)
        output = Path(options["output"])
        temporary = output.with_name(output.name + ".part")
        temporary.write_bytes(data)
        temporary.replace(output)
        self.stdout.write(f"{output}: {len(report.centres)} centres, {len(data)} bytes")
