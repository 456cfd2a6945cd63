"""Views and downloads per lesson or course, read from `DailyUsage` in two grouped queries
whatever the number of pages (a file's downloads go to every page it is attached to).
Used by the teacher's desk and the evidence sheet; see docs/usage-and-reports.md."""

from collections import Counter

from django.db.models import Sum

from content_models.models import DailyUsage, LessonAttachment


def usage_by_page(page_ids, period=None):
    """{page id: (views, downloads)} of `page_ids`, all time or within `period`."""
    page_ids = list(page_ids)
    if not page_ids:
        return {}
    rows = DailyUsage.objects.order_by()
    if period is not None:
        rows = rows.filter(day__gte=period.start, day__lte=period.end)
    views = Counter(
        dict(
            rows.filter(kind="view", item_id__in=page_ids)
            .values("item_id")
            .annotate(n=Sum("count"))
            .values_list("item_id", "n")
        )
    )
    # One join: attachments of these pages × the daily rows of their documents.
    attached = LessonAttachment.objects.filter(page_id__in=page_ids).values("document_id")
    per_document = dict(
        rows.filter(kind="download", item_id__in=attached)
        .values("item_id")
        .annotate(n=Sum("count"))
        .values_list("item_id", "n")
    )
    downloads = Counter()
    if per_document:
        for page_id, document_id in LessonAttachment.objects.filter(
            page_id__in=page_ids, document_id__in=list(per_document)
        ).values_list("page_id", "document_id"):
            downloads[page_id] += per_document[document_id]
    return {pk: (views[pk], downloads[pk]) for pk in page_ids}
