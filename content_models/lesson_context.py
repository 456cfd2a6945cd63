"""What a lesson page shows beyond its fields, worked out from the page and the request: its
files described for people (kind, size, MIME type), how to credit it, its short link and its
schema.org JSON-LD.

Presentation only, used by the lesson page's template tags (`templatetags/lesson_tags.py`) and
the printable sheet; the page models never import it (docs/pages.md).
"""

from django.urls import reverse

from content_models import licensing
from content_models.models.querysets import referencing_q

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


def rows_for(attachments):
    """Attachments (with their documents) as the rows the templates show."""
    rows = []
    for attachment in attachments:
        document = attachment.document
        rows.append(
            {
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
        )
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


def json_ld(page, request, attachments, courses, derived_from=None):
    """schema.org LearningResource description of a lesson (`attachments`: `rows_for` rows)."""
    data = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "name": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
        "inLanguage": page.language,
        "license": page.licence.url,
        "isAccessibleForFree": True,
        "educationalLevel": [level.name for level in page.level_terms],
        "about": [subject.name for subject in page.subject_terms],
        "keywords": page.keyword_names,
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
