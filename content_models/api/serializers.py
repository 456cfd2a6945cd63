"""Live, public pages as the content API's payloads, a batch at a time.

The metadata is the neutral record of `content_models.metadata.describe` (what OAI-PMH, the
downloads and the citation write from); a lesson's JSON-LD is the one its page embeds
(`content_models.lesson_context.json_ld`, plus the short link as `identifier`, as the download
adds it), a course's and a collection's the ones their pages embed (`course_json_ld`,
`collection_json_ld`). What a
page shows is read for the whole batch in a fixed number of queries, whatever its size.
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, ReferenceIndex

from content_models.lesson_context import collection_json_ld, course_json_ld, json_ld, rows_for
from content_models.metadata.describe import describe_pages
from content_models.metadata.identifiers import repository_id
from content_models.models import CoursePage, LessonPage
from content_models.models.expressions import chosen_ids
from content_models.models.records import OaiRecord


def _term(term):
    return {"slug": term.slug, "name": term.name} if term is not None else None


def _link(link):
    if link is None:
        return None
    return {"kind": link.kind, "id": link.pk, "url": link.url, "oai_identifier": link.oai_id}


def _datestamps(ids):
    rows = OaiRecord.objects.filter(page_id__in=ids, deleted=False)
    return dict(rows.values_list("page_id", "datestamp"))


def _base(page, record, datestamps, data):
    return {
        "id": record.pk,
        "kind": record.kind,
        "title": record.title,
        "description": record.description,
        "url": record.url,
        "short_url": record.short_url,
        "oai_identifier": record.oai_id,
        "first_published": record.first_published,
        "last_published": record.last_published,
        "modified": datestamps.get(page.pk) or page.last_published_at,
        "json_ld": data,
    }


def _classified(page, record, datestamps, data):
    return {
        **_base(page, record, datestamps, data),
        "centre": _term(record.centre),
        "province": _term(record.province),
        "programme_levels": [_term(term) for term in record.levels],
        "subjects": [_term(term) for term in record.subjects],
        "grades": record.grades,
        "licence": {**_term(record.licence), "url": record.licence_url},
    }


def _describe(pages, request):
    ids = [page.pk for page in pages]
    return describe_pages(pages, request, repository_id()), _datestamps(ids)


# --- Lessons ---------------------------------------------------------------------------


def courses_containing(lesson_ids):
    """{lesson id: [live, public courses listing it, by title]} from Wagtail's reference
    index, for many lessons at once (`lesson_context.containing_pages` for one)."""
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.objects.filter(
        to_content_type=page_type,
        to_object_id__in=[str(pk) for pk in lesson_ids],
        base_content_type=page_type,
        content_type=ContentType.objects.get_for_model(CoursePage),
    ).values_list("object_id", "to_object_id")
    pairs = {(int(course), int(lesson)) for course, lesson in references}
    courses = (
        CoursePage.objects.published()
        .filter(pk__in={course for course, _lesson in pairs})
        .defer_streamfields()
        .order_by("title")
    )
    found = {}
    for course in courses:
        for course_id, lesson_id in sorted(pairs):
            if course_id == course.pk:
                found.setdefault(lesson_id, []).append(course)
    return found


def lesson_items(pages, request):
    """Payloads of lessons read with `LessonPage.objects.published().for_page_view()`."""
    records, datestamps = _describe(pages, request)
    courses = courses_containing([page.pk for page in pages])
    originals = (
        LessonPage.objects.published()
        .filter(pk__in={page.derived_from_id for page in pages if page.derived_from_id})
        .defer_streamfields()
        .in_bulk()
    )
    items = []
    for page, record in zip(pages, records, strict=True):
        rows = rows_for(page.attachments.all())
        data = json_ld(
            page, request, rows, courses.get(page.pk, []), originals.get(page.derived_from_id)
        )
        data["identifier"] = record.short_url
        items.append(
            {
                **_classified(page, record, datestamps, data),
                "language": record.language,
                "authors": record.authors,
                "resource_type": _term(record.resource_type),
                "keywords": record.keywords,
                "duration_minutes": record.duration_minutes,
                "learning_objectives": page.objectives,
                "based_on": _link(record.based_on),
                "attachments": [
                    {
                        "title": row["title"],
                        "url": request.build_absolute_uri(row["url"]),
                        "mime_type": row["mime"],
                        "size": row["size"],
                        "sha256": row["document"].get_sha256() or None,
                    }
                    for row in rows
                ],
            }
        )
    return items


# --- Courses and collections -------------------------------------------------------------


def _parts(records):
    """The pages the records' parts name (live and public, as `describe` keeps them), read in
    one query, for the JSON-LD of courses and collections."""
    ids = {link.pk for record in records for link in record.parts}
    return Page.objects.filter(pk__in=ids).only("id", "title", "url_path").in_bulk()


def course_items(pages, request):
    records, datestamps = _describe(pages, request)
    parts = _parts(records)
    items = []
    for page, record in zip(pages, records, strict=True):
        public = {link.pk: link for link in record.parts}  # live, public lessons only
        units = [
            {
                "title": unit["value"].get("title", ""),
                "description": unit["value"].get("description") or "",
                "lessons": [
                    _link(public[pk])
                    for pk in chosen_ids(unit["value"].get("lessons"))
                    if pk in public
                ],
            }
            for unit in page.units.raw_data
        ]
        lessons = [parts[link.pk] for link in record.parts if link.pk in parts]
        data = course_json_ld(page, request, lessons)
        items.append({**_classified(page, record, datestamps, data), "units": units})
    return items


def collection_items(pages, request):
    records, datestamps = _describe(pages, request)
    parts = _parts(records)
    items = []
    for page, record in zip(pages, records, strict=True):
        members = [parts[link.pk] for link in record.parts if link.pk in parts]
        data = collection_json_ld(page, request, members)
        items.append(
            {
                **_base(page, record, datestamps, data),
                "items": [_link(link) for link in record.parts],
            }
        )
    return items
