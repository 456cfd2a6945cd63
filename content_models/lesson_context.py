"""What a lesson page shows beyond its fields, worked out from the page and the request: its
files described for people (kind, size, MIME type), how to credit it, its short link and its
schema.org JSON-LD. Courses (`Course` with `hasPart`) and collections (`ItemList`) get theirs
here too: every page's structured data, and the `/l/<id>/jsonld.json` download, come from this
one builder.

Presentation only, used by the lesson page's template tags (`templatetags/lesson_tags.py`) and
the printable sheet; the page models never import it (docs/pages.md).
"""

from django.urls import reverse
from django.utils import translation

from content_models import licensing
from content_models.models.expressions import referencing_q

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


def rows_for(attachments, light_first=False):
    """Attachments (with their documents) as the rows the templates show.

    With `light_first`, a document that has a light version (docs/light-versions.md) is
    described by it (`url`, `size`, `mime`: what the player plays and the button downloads)
    and the original moves to `row["original"]`; the lesson page shows both sizes through
    `components/light_version.html`. Reads only the prefetched documents: no query per row.
    """
    rows = []
    for attachment in attachments:
        document = attachment.document
        row = {
            "title": attachment.display_title,
            "document": document,
            "url": document.url,
            "size": attachment.size,
            "thumbnail": document.thumbnail if getattr(document, "thumbnail", None) else None,
            # From the daily table when the page was read with for_page_view().
            "download_count": getattr(
                attachment, "download_total", getattr(document, "download_count", 0)
            ),
            **describe_document(document),
        }
        if light_first and getattr(document, "has_light_version", False):
            row["original"] = {key: row[key] for key in ("url", "size", "mime", "label")}
            extension = document.light_file.name.rsplit(".", 1)[-1].lower()
            row.update(url=document.light_url, size=document.light_size, light=True)
            row["mime"] = document.light_mime_type or row["mime"]
            row["label"] = FILE_KINDS.get(extension, (None, row["label"]))[1]
        rows.append(row)
    return rows


def attachment_rows(lesson):
    """A lesson's attachments in the teacher's order, each with its document's kind and size."""
    return rows_for(lesson.attachments.select_related("document"))


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
    """Live, public pages of `model` that include `page` (Wagtail's reference index)."""
    return model.objects.published().filter(referencing_q(page, model)).order_by("title")


def grade_alignment(grades):
    """The grades (lớp) of a lesson or course as schema.org `educationalAlignment`: one
    AlignmentObject per grade, named as the site names it, in Vietnamese whatever the request's
    language (the description is the same for every reader)."""
    with translation.override("vi"):
        return [
            {
                "@type": "AlignmentObject",
                "alignmentType": "educationalLevel",
                "educationalFramework": "Chương trình giáo dục phổ thông",
                "targetName": grade.name,
            }
            for grade in grades
        ]


def _material(page, request, schema_type):
    """What lessons and courses say alike: name, description, classification, grades (as
    `educationalAlignment`), licence, provider, dates."""
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
        "license": page.licence.url,
        "isAccessibleForFree": True,
        "educationalLevel": [level.name for level in page.level_terms],
        "about": [subject.name for subject in page.subject_terms],
    }
    grades = page.grade_terms
    if grades:
        data["educationalAlignment"] = grade_alignment(grades)
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
    return data


def course_json_ld(page, request, lessons):
    """schema.org Course description of a course; its live `lessons`, in course order, as
    `hasPart` (the same on the page and in the `/l/<id>/jsonld.json` download)."""
    data = _material(page, request, "Course")
    if page.pk:  # a preview before the first save has no short link yet
        data["identifier"] = short_link(page, request)
    if lessons:
        data["hasPart"] = [
            {
                "@type": "LearningResource",
                "name": lesson.title,
                "url": lesson.get_full_url(request),
                "identifier": short_link(lesson, request),
            }
            for lesson in lessons
        ]
    return data


def collection_json_ld(page, request, items):
    """schema.org ItemList of a collection: its live lessons and courses in the editors' order."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": page.title,
        "url": page.get_full_url(request),
        "numberOfItems": len(items),
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": item.title,
                "url": item.get_full_url(request),
            }
            for position, item in enumerate(items, start=1)
        ],
    }


def json_ld(page, request, attachments, courses, derived_from=None):
    """schema.org LearningResource description of a lesson (`attachments`: `rows_for` rows)."""
    data = _material(page, request, "LearningResource")
    data["inLanguage"] = page.language
    data["keywords"] = page.keyword_names
    if page.objectives:
        data["teaches"] = page.objectives
    if page.resource_type_id:
        data["learningResourceType"] = page.resource_type.name
    if page.duration_minutes:
        data["timeRequired"] = f"PT{page.duration_minutes}M"
    if page.author_list:
        data["author"] = [{"@type": "Person", "name": name} for name in page.author_list]
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
