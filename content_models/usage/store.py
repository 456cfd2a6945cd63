"""Writing batches of counts: one upsert that adds to each (kind, item, day) row.

`INSERT … ON CONFLICT … DO UPDATE SET count = count + excluded.count` is the same statement on
PostgreSQL and SQLite (3.24+), atomic per row, so batches from many processes, or running at
the same moment, never lose a count. A batch carries a key recorded in the same transaction: a
job run again after its worker died adds nothing twice.
"""

import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from django_tasks import task

from content_models.models import CoursePage, DailyUsage, LessonPage, UsageBatch, UsageKind
from media.models import CustomDocument

ROWS_PER_STATEMENT = 500


def add_counts(rows):
    """Add [(kind, item_id, day, n), …] to the daily table."""
    table = connection.ops.quote_name(DailyUsage._meta.db_table)
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        params = []
        for kind, item_id, day, n in chunk:
            if isinstance(day, str):
                day = datetime.date.fromisoformat(day)
            params += [kind, int(item_id), day, int(n)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (kind, item_id, day, count) VALUES {values} "
                "ON CONFLICT (kind, item_id, day) "
                f"DO UPDATE SET count = {table}.count + excluded.count",
                params,
            )


def add_to_totals(rows):
    """Keep the all-time `view_count` / `download_count` columns (the popularity order of the
    catalogue and the home page) in step, one UPDATE per item and batch, in the worker."""
    totals = {}
    for kind, item_id, _day, n in rows:
        totals[(kind, int(item_id))] = totals.get((kind, int(item_id)), 0) + int(n)
    for (kind, item_id), n in sorted(totals.items()):
        if kind == UsageKind.VIEW:
            for model in (LessonPage, CoursePage):
                model.objects.filter(pk=item_id).update(view_count=F("view_count") + n)
        else:
            CustomDocument.objects.filter(pk=item_id).update(
                download_count=F("download_count") + n
            )


@task()
def record_usage(key, rows):
    """Add one flushed batch of counts (see `content_models.usage.buffer`)."""
    if UsageBatch.objects.filter(key=key).exists():
        return {"rows": 0, "repeat": True}
    try:
        with transaction.atomic():
            UsageBatch.objects.create(key=key)
            add_counts(rows)
            add_to_totals(rows)
    except IntegrityError:  # the same batch, committed meanwhile by another run
        return {"rows": 0, "repeat": True}
    return {"rows": len(rows), "repeat": False}
