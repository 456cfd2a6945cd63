"""`{% material_metadata page as meta %}`: the citation and download links of a lesson or
course page, for `components/metadata_links.html`."""

from django import template
from django.urls import reverse

from content_models.metadata.citation import citation_text
from content_models.metadata.describe import describe

register = template.Library()


@register.simple_tag(takes_context=True)
def material_metadata(context, page):
    if page is None or page.pk is None or not page.live:
        return None  # a preview before the first publication has nothing to download yet
    request = context.get("request")
    return {
        "citation": citation_text(describe(page, request, related=False)),
        "downloads": [
            ("Dublin Core (XML)", reverse("public:metadata_dc", args=[page.pk])),
            ("IEEE LOM (XML)", reverse("public:metadata_lom", args=[page.pk])),
            ("JSON-LD (schema.org)", reverse("public:metadata_jsonld", args=[page.pk])),
        ],
    }
