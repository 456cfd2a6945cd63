"""The reuse ledger: who reused whose lesson, written when the derivative is first published.

Every lesson published with `derived_from` set (made by "Dùng lại trong trung tâm của tôi",
imported, or edited by hand) gets one `ReuseRecord`, the first time it is published; later
publishes change nothing, so the date stays that of the first publication. The source's
centre, authors and licence are copied then, so the credit outlives later edits. Reports and
the lesson page's "Được dùng lại N lần bởi M trung tâm" read this table
(docs/usage-and-reports.md).
"""

from django.utils import timezone

from wagtail.signals import page_published

from content_models.models import LessonPage, ReuseRecord
from content_models.models.expressions import private_q
from content_models.models.prepared import PreparedQuery


def record_reuse(derivative):
    """The ledger row of a published derivative, created on its first publication; None for a
    lesson that is not derived from another."""
    if not derivative.derived_from_id or derivative.derived_from_id == derivative.pk:
        return None
    existing = ReuseRecord.objects.filter(derivative=derivative).first()
    if existing is not None:
        return existing
    source = (
        LessonPage.objects.filter(pk=derivative.derived_from_id)
        .select_related("centre", "licence")
        .first()
    )
    if source is None:
        return None
    published = derivative.first_published_at or timezone.now()
    record, _created = ReuseRecord.objects.get_or_create(
        derivative=derivative,
        defaults={
            "source": source,
            "source_title": source.title[:255],
            "source_centre_id": source.centre_id,
            "source_authors": source.authors[:255],
            "reusing_centre_id": derivative.centre_id,
            "teacher_id": derivative.owner_id,
            "published_on": timezone.localdate(published),
            "source_licence_id": source.licence_id,
            "licence_id": derivative.licence_id,
        },
    )
    return record


def on_page_published(sender, instance, **kwargs):
    record_reuse(instance)


def connect():
    page_published.connect(on_page_published, sender=LessonPage, dispatch_uid="reuse-ledger")


def _reuse_rows(source_id, source_centre_id):
    return (
        ReuseRecord.objects.filter(source_id=source_id)
        .exclude(reusing_centre_id=source_centre_id)
        .annotate(private=private_q("derivative__path"))
        .order_by("reusing_centre__name", "derivative__title")
        .values(
            "derivative_id",
            "derivative__title",
            "derivative__live",
            "private",
            "reusing_centre_id",
            "reusing_centre__name",
        )
    )


_REUSE_ROWS = PreparedQuery(_reuse_rows)


def reuse_credit(lesson):
    """What the lesson page says about reuses of `lesson` by other centres, in one query: how
    many reuses, by how many centres, and the live, public derivatives to link to (their ids,
    titles and centres)."""
    rows = _REUSE_ROWS.run(lesson.pk, lesson.centre_id)
    return {
        "reuses": len(rows),
        "centres": len({row["reusing_centre_id"] for row in rows if row["reusing_centre_id"]}),
        "links": [
            {
                "page_id": row["derivative_id"],
                "title": row["derivative__title"],
                "centre": row["reusing_centre__name"] or "",
            }
            for row in rows
            if row["derivative__live"] and not row["private"]
        ],
    }
