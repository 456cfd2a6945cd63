"""What a lesson page shows beyond its fields: attachments with previews, how to credit it,
where it belongs (courses, collections, previous/next), related materials and its JSON-LD.
"""

from django.db.models import prefetch_related_objects
from django.urls import reverse

from wagtail.models import ReferenceIndex

from content_models import licensing
from content_models.models.pages import (
    CentreLibraryPage,
    CollectionPage,
    CoursePage,
    LessonPage,
)

COURSE_PARAM = "hoc-phan"

# File extension → (kind, label, MIME type). The kind picks the inline preview.
FILE_KINDS = {
    "pdf": ("pdf", "PDF", "application/pdf"),
    "docx": ("office", "Word (DOCX)", None),
    "pptx": ("office", "PowerPoint (PPTX)", None),
    "xlsx": ("office", "Excel (XLSX)", None),
    "odt": ("office", "OpenDocument (ODT)", None),
    "odp": ("office", "OpenDocument (ODP)", None),
    "mp4": ("video", "Video MP4", "video/mp4"),
    "webm": ("video", "Video WebM", "video/webm"),
    "mp3": ("audio", "MP3", "audio/mpeg"),
    "ogg": ("audio", "OGG", "audio/ogg"),
    "jpg": ("image", "JPEG", "image/jpeg"),
    "jpeg": ("image", "JPEG", "image/jpeg"),
    "png": ("image", "PNG", "image/png"),
    "webp": ("image", "WebP", "image/webp"),
    "gif": ("image", "GIF", "image/gif"),
}


def describe_document(document):
    """Kind (pdf/video/audio/image/office/other), a type label and a MIME type of a document."""
    extension = (document.file_extension or "").lower()
    kind, label, mime = FILE_KINDS.get(extension, ("other", extension.upper() or "?", None))
    sniffed = getattr(document, "mime_type", "") or ""
    if sniffed and sniffed != "application/octet-stream":
        mime = sniffed
        if sniffed.startswith("video/"):
            kind = "video"
        elif sniffed.startswith("audio/"):
            kind = "audio"
    return {"kind": kind, "label": label, "mime": mime or "application/octet-stream"}


def attachment_rows(lesson):
    """Attachments in the teacher's order, each with its document's kind and size."""
    rows = []
    for attachment in lesson.attachments.select_related("document"):
        document = attachment.document
        try:
            size = document.file_size or document.get_file_size()
        except OSError:
            size = None  # the file is missing from storage: still listed, size unknown
        thumbnail = document.thumbnail if getattr(document, "thumbnail", None) else None
        rows.append(
            {
                "title": attachment.display_title,
                "document": document,
                "url": document.url,
                "size": size,
                "thumbnail": thumbnail,
                "download_count": getattr(document, "download_count", 0),
                **describe_document(document),
            }
        )
    return rows


def short_link(page, request):
    """Absolute short, stable link of a page (/l/<id>/)."""
    return request.build_absolute_uri(reverse("public:short_link", args=[page.pk]))


def attribution_text(page, request):
    """ "How to credit this": the TASL text of `content_models.licensing` for this page."""
    return licensing.attribution_text(
        title=page.title,
        authors=page.author_list,
        centre=page.centre.name if page.centre_id else "",
        url=page.get_full_url(request) or (short_link(page, request) if page.pk else ""),
        licence_name=page.licence.name,
        licence_url=page.licence.url,
        derivative=False,
    )


def containing_pages(page, model):
    """Live, public pages of `model` that reference `page` (Wagtail's reference index)."""
    ids = ReferenceIndex.get_references_to(page).values("object_id")
    return (
        model.objects.live()
        .public()
        .filter(pk__in=[int(pk) for pk in ids.values_list("object_id", flat=True) if pk.isdigit()])
        .order_by("title")
    )


def course_navigation(page, courses, request):
    """The course being followed (GET hoc-phan, else the first one) and previous/next lessons."""
    wanted = request.GET.get(COURSE_PARAM, "")
    course = None
    if wanted.isdigit():
        course = next((c for c in courses if c.pk == int(wanted)), None)
    if course is None and courses:
        course = courses[0]
    if course is None:
        return {}
    sequence = course.lesson_sequence()
    ids = [lesson.pk for lesson in sequence]
    if page.pk not in ids:
        return {"current_course": course}
    index = ids.index(page.pk)
    return {
        "current_course": course,
        "course_position": index + 1,
        "course_length": len(ids),
        "previous_lesson": sequence[index - 1] if index > 0 else None,
        "next_lesson": sequence[index + 1] if index + 1 < len(sequence) else None,
        "course_param": COURSE_PARAM,
    }


def json_ld(page, request, attachments, courses, derived_from=None):
    """schema.org LearningResource description of a lesson."""
    data = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "name": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
        "inLanguage": page.language,
        "license": page.licence.url,
        "isAccessibleForFree": True,
        "educationalLevel": [level.name for level in page.programme_levels.all()],
        "about": [subject.name for subject in page.subjects.all()],
        "keywords": [tag.name for tag in page.keywords.all()],
    }
    if page.objectives:
        data["teaches"] = page.objectives
    if page.resource_type_id:
        data["learningResourceType"] = page.resource_type.name
    if page.duration_minutes:
        data["timeRequired"] = f"PT{page.duration_minutes}M"
    if page.author_list:
        data["author"] = [{"@type": "Person", "name": name} for name in page.author_list]
    if page.centre_id:
        data["provider"] = {
            "@type": "EducationalOrganization",
            "name": page.centre.name,
            "address": {"@type": "PostalAddress", "addressRegion": page.centre.province.name},
        }
        if page.centre.website:
            data["provider"]["url"] = page.centre.website
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if derived_from is not None:
        data["isBasedOn"] = derived_from.get_full_url(request)
    if courses:
        data["isPartOf"] = [
            {"@type": "Course", "name": course.title, "url": course.get_full_url(request)}
            for course in courses
        ]
    if attachments:
        data["associatedMedia"] = [
            {
                "@type": "MediaObject",
                "name": row["title"],
                "contentUrl": request.build_absolute_uri(row["url"]),
                "encodingFormat": row["mime"],
                **({"contentSize": str(row["size"])} if row["size"] else {}),
            }
            for row in attachments
        ]
    return data


def lesson_context(page, request):
    # A lesson previewed before its first save has no pk: nothing can point at it yet.
    saved = page.pk is not None
    if saved:  # badges and JSON-LD both read these: fetch each once
        prefetch_related_objects([page], "programme_levels", "subjects", "grades", "keywords")
    attachments = attachment_rows(page)
    courses = list(containing_pages(page, CoursePage)) if saved else []
    derived_from = None
    if page.derived_from_id:
        derived_from = LessonPage.objects.live().public().filter(pk=page.derived_from_id).first()
    context = {
        "attachments": attachments,
        "centre_page": CentreLibraryPage.objects.live()
        .public()
        .filter(centre_id=page.centre_id)
        .first(),
        "total_size": sum(row["size"] or 0 for row in attachments),
        "courses": courses,
        "collections": list(containing_pages(page, CollectionPage)) if saved else [],
        "derived_from_page": derived_from,
        "derivatives": page.derivatives.live().public().order_by("title")[:6] if saved else [],
        "attribution": attribution_text(page, request),
        "short_url": short_link(page, request) if saved else "",
        "json_ld_data": json_ld(page, request, attachments, courses, derived_from),
    }
    context.update(course_navigation(page, courses, request))
    return context
