"""Moves the all-time totals kept before daily counting into `DailyUsage`, dated the day the
migration runs (nothing tells when those views happened), and records the reuses of derivatives
already published. See docs/usage-and-reports.md."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    DailyUsage = apps.get_model("content_models", "DailyUsage")
    ReuseRecord = apps.get_model("content_models", "ReuseRecord")
    LessonPage = apps.get_model("content_models", "LessonPage")
    CoursePage = apps.get_model("content_models", "CoursePage")
    CustomDocument = apps.get_model("media", "CustomDocument")
    today = timezone.localdate()
    rows = []
    for model in (LessonPage, CoursePage):
        for pk, total in model.objects.filter(view_count__gt=0).values_list("pk", "view_count"):
            rows.append(DailyUsage(kind="view", item_id=pk, day=today, count=total))
    documents = CustomDocument.objects.filter(download_count__gt=0)
    for pk, total in documents.values_list("pk", "download_count"):
        rows.append(DailyUsage(kind="download", item_id=pk, day=today, count=total))
    DailyUsage.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)

    derivatives = LessonPage.objects.filter(
        derived_from__isnull=False, first_published_at__isnull=False
    ).select_related("derived_from")
    for page in derivatives.iterator():
        source = page.derived_from
        ReuseRecord.objects.get_or_create(
            derivative=page,
            defaults={
                "source": source,
                "source_title": source.title[:255],
                "source_centre_id": source.centre_id,
                "source_authors": source.authors[:255],
                "reusing_centre_id": page.centre_id,
                "teacher_id": page.owner_id,
                "published_on": timezone.localdate(page.first_published_at),
                "source_licence_id": source.licence_id,
                "licence_id": page.licence_id,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("content_models", "0008_usage_daily_reuse_ledger"),
        ("media", "0002_document_upload_to_generated_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
