"""schema.org JSON-LD of a lesson or course, as downloaded from its page: exactly the one
embedded in the page, from `content_models.lesson_context`.
"""

from content_models.lesson_context import (
    attachment_rows,
    containing_pages,
    course_json_ld,
    json_ld,
)
from content_models.metadata.identifiers import short_link_path
from content_models.models.pages import CoursePage, LessonPage


def lesson_json_ld(page, request):
    derived_from = None
    if page.derived_from_id:
        derived_from = LessonPage.objects.live().public().filter(pk=page.derived_from_id).first()
    courses = list(containing_pages(page, CoursePage))
    data = json_ld(page, request, attachment_rows(page), courses, derived_from)
    data["identifier"] = request.build_absolute_uri(short_link_path(page.pk))
    return data


def page_json_ld(page, request):
    """The JSON-LD of a live lesson or course page, as its page embeds it."""
    if isinstance(page, LessonPage):
        return lesson_json_ld(page, request)
    return course_json_ld(page, request, page.lesson_sequence())
