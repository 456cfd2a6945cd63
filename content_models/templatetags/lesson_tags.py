"""What the lesson page shows beyond its fields, worked out from the page and the request.

- `{% lesson_json_ld as data %}`: the schema.org LearningResource description (render it with
  `site_tags`' `json_ld` filter);
- `{% attribution_text page %}`: "how to credit this" (TASL), `{% short_link page %}`;
- `{{ document|file_kind }}`: kind (which preview), type label and MIME type of a file.

Presentation only: the page models never import this module (docs/pages.md).
"""

from django import template

from content_models import file_kinds, sharing

register = template.Library()


@register.filter
def file_kind(document):
    """{"kind", "label", "mime"} of a document (content_models.file_kinds)."""
    return file_kinds.describe_document(document)


@register.simple_tag(takes_context=True)
def short_link(context, page):
    return sharing.short_link(page, context["request"]) if page.pk else ""


@register.simple_tag(takes_context=True)
def attribution_text(context, page):
    return sharing.attribution_text(page, context["request"])


@register.simple_tag(takes_context=True)
def lesson_json_ld(context):
    """schema.org LearningResource description of the lesson page in `context`."""
    page, request = context["page"], context["request"]
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
    derived_from = context.get("derived_from_page")
    if derived_from is not None:
        data["isBasedOn"] = derived_from.get_full_url(request)
    courses = context.get("courses")
    if courses:
        data["isPartOf"] = [
            {"@type": "Course", "name": course.title, "url": course.get_full_url(request)}
            for course in courses
        ]
    attachments = context.get("attachments")
    if attachments:
        data["associatedMedia"] = [
            {
                "@type": "MediaObject",
                "name": attachment.display_title,
                "contentUrl": request.build_absolute_uri(attachment.document.url),
                "encodingFormat": file_kinds.describe_document(attachment.document)["mime"],
                **({"contentSize": str(attachment.size)} if attachment.size else {}),
            }
            for attachment in attachments
        ]
    if context.get("og_image"):
        data["image"] = context["og_image"]
    return data
