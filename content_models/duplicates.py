"""Lessons of one centre that share a title.

Two lessons called the same in one centre confuse learners (search results, course lists and
the centre's library show two identical names) and usually mean the same material was entered
twice. Titles are compared with `media.text.normalise_key` (case, spacing and Unicode
normalisation do not matter). The admin warns after saving such a lesson
(`content_models/wagtail_hooks.py`); `manage.py import_lessons` refuses the row unless
`--allow-duplicate-titles` (docs/importing-and-demo.md).
"""

from content_models.models import LessonPage
from media.text import normalise_key


def lessons_titled(title, centre_id, exclude_pk=None):
    """The lessons (drafts included) of centre `centre_id` titled like `title`, oldest first."""
    if not centre_id or not title:
        return []
    key = normalise_key(title)
    candidates = LessonPage.objects.filter(centre_id=centre_id).exclude(pk=exclude_pk)
    return [
        page
        for page in candidates.only("id", "title").order_by("pk")
        if normalise_key(page.title) == key
    ]
