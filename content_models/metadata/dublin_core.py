"""Simple Dublin Core (`oai_dc`), the format every OAI-PMH harvester reads.

Crosswalk (docs/interfaces.md has the full table): title; creator = authors, else the centre;
subject = subjects and keywords; description = summary; publisher = centre; date = first
publication; type = resource type (or the kind for courses and collections); format = MIME
types; identifier = canonical URL and short link; source = the remixed original; language;
relation = course lessons and collection items; coverage = province; rights = licence name
and its URL.
"""

from lxml import etree

from content_models.metadata.namespaces import DC, OAI_DC, OAI_DC_SCHEMA, qname, schema_location
from content_models.models.records import RecordKind

KIND_TYPES = {RecordKind.COURSE: "Học phần", RecordKind.COLLECTION: "Collection"}


def dc_element(record):
    root = etree.Element(
        qname(OAI_DC, "dc"),
        nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": "http://www.w3.org/2001/XMLSchema-instance"},
        attrib=schema_location(OAI_DC, OAI_DC_SCHEMA),
    )

    def add(tag, value):
        if value not in (None, ""):
            etree.SubElement(root, qname(DC, tag)).text = str(value)

    add("title", record.title)
    for name in record.authors or ([record.centre.name] if record.centre else []):
        add("creator", name)
    for term in record.subjects:
        add("subject", term.name)
    for keyword in record.keywords:
        add("subject", keyword)
    add("description", record.description)
    if record.centre:
        add("publisher", record.centre.name)
    if record.first_published:
        add("date", record.first_published.date().isoformat())
    if record.resource_type:
        add("type", record.resource_type.name)
    add("type", KIND_TYPES.get(record.kind))
    for mime in record.formats:
        add("format", mime)
    add("identifier", record.url)
    if record.short_url != record.url:
        add("identifier", record.short_url)
    if record.based_on:
        add("source", record.based_on.url)
    add("language", record.language)
    for part in record.parts:
        add("relation", part.url)
    if record.province:
        add("coverage", record.province.name)
    if record.licence:
        add("rights", record.licence.name)
    add("rights", record.licence_url)
    return root


def dc_document(record):
    """A standalone Dublin Core XML file (UTF-8 bytes) for the download view."""
    return etree.tostring(dc_element(record), xml_declaration=True, encoding="UTF-8")
