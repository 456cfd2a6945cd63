"""The size of a pack before it is built, shown in the admin before anyone starts a build.

Counted from what the builder will copy: each attached document once (its light version when
it has one, docs/light-versions.md), a cover picture per lesson and per source, and the
pages and search index per lesson. Pictures inside lesson bodies are not counted, so the
estimate is a floor for lessons with many of them. Two queries whatever the size of the source.
"""

from dataclasses import dataclass

from content_models.models import LessonAttachment
from content_models.offline.builder import select_lessons

# Measured on the benchmark packs (docs/offline-packs.md): a rendered lesson page plus its
# share of the search index, and a cover rendition (WebP, 960 px wide at most).
PAGE_BYTES = 6 * 1024
COVER_BYTES = 40 * 1024
FIXED_BYTES = 160 * 1024  # index page, styles, search script with its folding tables


@dataclass(frozen=True)
class Estimate:
    lesson_count: int
    files_bytes: int
    total_bytes: int


def estimate(source, *, max_lessons, originals=False):
    """Estimate of `source`'s pack; PackError when it has no lesson or too many."""
    return estimate_lessons(select_lessons(source.specific, max_lessons), originals=originals)


def estimate_lessons(lessons, *, originals=False):
    """Estimate of a pack of `lessons` (a search result's, chosen by the search room)."""
    attachments = LessonAttachment.objects.filter(
        page__in=[lesson.pk for lesson in lessons]
    ).select_related("document")
    documents = {attachment.document_id: attachment.document for attachment in attachments}
    files = 0
    for document in documents.values():
        if not originals and document.has_light_version:
            files += document.light_size or 0
        else:
            files += document.file_size or 0
    covers = sum(1 for lesson in lessons if lesson.cover_image_id) + 1
    total = FIXED_BYTES + files + covers * COVER_BYTES + len(lessons) * PAGE_BYTES
    return Estimate(lesson_count=len(lessons), files_bytes=files, total_bytes=total)
