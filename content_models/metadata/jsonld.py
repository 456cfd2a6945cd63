"""schema.org JSON-LD of a lesson or course, as downloaded from its page.

A lesson's is exactly the one embedded in its page (`lesson_context.json_ld`); courses and
collections get theirs from the neutral record here.
"""

from content_models.lesson_context import attachment_rows, containing_pages, json_ld
from content_models.metadata.identifiers import short_link_path
from content_models.models.pages import CoursePage, LessonPage
from content_models.models.records import RecordKind


def lesson_json_ld(page, request):
    derived_from = None
    if page.derived_from_id:
        derived_from = LessonPage.objects.live().public().filter(pk=page.derived_from_id).first()
    courses = list(containing_pages(page, CoursePage))
    data = json_ld(page, request, attachment_rows(page), courses, derived_from)
    data["identifier"] = request.build_absolute_uri(short_link_path(page.pk))
    return data


def record_json_ld(record):
    """JSON-LD of a course or collection from its `MaterialRecord`."""
    data = {
        "@context": "https://schema.org",
        "@type": "Course" if record.kind == RecordKind.COURSE else "Collection",
        "name": record.title,
        "description": record.description,
        "url": record.url,
        "identifier": record.short_url,
        "isAccessibleForFree": True,
    }
    if record.licence_url:
        data["license"] = record.licence_url
    if record.levels:
        data["educationalLevel"] = [term.name for term in record.levels]
    if record.subjects:
        data["about"] = [term.name for term in record.subjects]
    if record.centre:
        data["provider"] = {"@type": "EducationalOrganization", "name": record.centre.name}
        if record.province:
            data["provider"]["address"] = {
                "@type": "PostalAddress",
                "addressRegion": record.province.name,
            }
    if record.first_published:
        data["datePublished"] = record.first_published.isoformat()
    if record.last_published:
        data["dateModified"] = record.last_published.isoformat()
    if record.parts:
        data["hasPart"] = [{"@type": "LearningResource", "url": part.url} for part in record.parts]
    return data
