"""manage.py sync_oai_records: bring the OAI-PMH datestamps and tombstones in step with the pages.

Publishing, unpublishing, deleting and moving through Wagtail keep `OaiRecord` rows current
by themselves. Run this after rows were written behind Wagtail's back: a bulk load straight
into the tables, the benchmark's generator, or a restore of a database from before the table
existed. It only adds what is missing and marks what is gone; see docs/interfaces.md.
"""

from django.core.management.base import BaseCommand

from content_models.oai.records import reconcile


class Command(BaseCommand):
    help = "Add OAI-PMH records for live public pages that lack one; mark vanished ones deleted."

    def handle(self, *args, **options):
        created, withdrawn = reconcile()
        self.stdout.write(f"OAI-PMH records: {created} added, {withdrawn} marked deleted.")
