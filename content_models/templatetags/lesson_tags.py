"""The lesson page's presentation, from `content_models.lesson_context`:

- `{% attachment_rows attachments as rows %}`: the files as rows the templates show (kind,
  label, MIME type, size), a light version first when there is one;
- `{% lesson_json_ld as data %}`: the schema.org LearningResource description of the page in
  the context (render it with `site_tags`' `json_ld` filter); `{% course_json_ld as data %}`
  and `{% collection_json_ld as data %}` the same for a course (`Course`) and a collection
  (`ItemList`);
- `{% attribution_text page %}` ("how to credit this", TASL) and `{% short_link page %}`.

Presentation only: the page models never import this module (docs/pages.md).
"""

from django import template

from content_models import lesson_context

register = template.Library()


@register.simple_tag
def attachment_rows(attachments):
    """Rows with light versions first (docs/light-versions.md)."""
    return lesson_context.rows_for(attachments, light_first=True)


@register.simple_tag(takes_context=True)
def lesson_json_ld(context):
    data = lesson_context.json_ld(
        context["page"],
        context["request"],
        lesson_context.rows_for(context.get("attachments") or []),
        context.get("courses"),
        context.get("derived_from_page"),
    )
    if context.get("og_image"):
        data["image"] = context["og_image"]
    return data


@register.simple_tag(takes_context=True)
def course_json_ld(context):
    data = lesson_context.course_json_ld(
        context["page"], context["request"], context.get("lessons") or []
    )
    if context.get("og_image"):
        data["image"] = context["og_image"]
    return data


@register.simple_tag(takes_context=True)
def collection_json_ld(context):
    return lesson_context.collection_json_ld(
        context["page"], context["request"], context.get("items") or []
    )


@register.simple_tag(takes_context=True)
def short_link(context, page):
    return lesson_context.short_link(page, context["request"]) if page.pk else ""


@register.simple_tag(takes_context=True)
def attribution_text(context, page):
    return lesson_context.attribution_text(page, context["request"])
