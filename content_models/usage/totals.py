"""Views and downloads per lesson or course, read from the usage tables (`usage/reading.py`:
monthly sums, daily rows at the ends of a period) in grouped queries whatever the number of
pages (a file's downloads go to every page it is attached to). Used by the teacher's desk and
the evidence sheet; see docs/usage-and-reports.md."""

from collections import Counter

from content_models.models import LessonAttachment
from content_models.usage.reading import sources, sum_by_item


def usage_by_page(page_ids, period=None):
    """{page id: (views, downloads)} of `page_ids`, all time or within `period`."""
    page_ids = list(page_ids)
    if not page_ids:
        return {}
    found = sources(period.start, period.end) if period is not None else sources()
    views = sum_by_item(found, "view", page_ids)
    # One join: attachments of these pages × the usage rows of their documents.
    attached = LessonAttachment.objects.filter(page_id__in=page_ids).values("document_id")
    per_document = sum_by_item(found, "download", attached)
    downloads = Counter()
    if per_document:
        for page_id, document_id in LessonAttachment.objects.filter(
            page_id__in=page_ids, document_id__in=list(per_document)
        ).values_list("page_id", "document_id"):
            downloads[page_id] += per_document[document_id]
    return {pk: (views[pk], downloads[pk]) for pk in page_ids}
