"""IEEE LOM in its XML binding (namespace http://ltsc.ieee.org/xsd/LOM), as OER repositories
exchange it.

Where each field goes (docs/interfaces.md has the table): general (identifiers, title,
language, description, keywords, coverage = province, aggregation level), lifeCycle (authors
as `author`, the centre as `publisher`, as vCards), metaMetadata, technical (MIME types,
location), educational (resource type, learner, typical learning time), rights (free of
charge; the licence's URL as the description), relation (`isbasedon` for a remix, `haspart`
for course lessons and collection items) and classification (programme level and grade as
`educational level`, subjects as `discipline`). Controlled values from LOMv1.0 carry that
source; the project's own vocabularies carry their Vietnamese names as source.
"""

from lxml import etree

from content_models.licensing import is_public_domain
from content_models.metadata.namespaces import LOM, LOM_SCHEMA, XSI, qname, schema_location
from content_models.models.records import RecordKind

LOM_VOCABULARY = "LOMv1.0"
RESOURCE_TYPE_SOURCE = "Học liệu mở GDTX: loại học liệu"
LEVEL_SOURCE = "Chương trình GDTX"
GRADE_SOURCE = "Lớp (GDPT 2018)"
SUBJECT_SOURCE = "Môn học"
AGGREGATION = {RecordKind.LESSON: "1", RecordKind.COURSE: "3", RecordKind.COLLECTION: "4"}
RELATION_KIND = {RecordKind.LESSON: "isbasedon"}


def _escape(value):
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def _vcard(**fields):
    """A vCard 3.0 as LOM's `entity` wants it (FN is required). A tuple value is a structured
    property (ADR): its components are escaped one by one and joined with `;`."""
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    for key, value in fields.items():
        if isinstance(value, tuple):
            value = ";".join(_escape(part) for part in value)
        elif value:
            value = _escape(value)
        if value:
            lines.append(f"{key}:{value}")
    lines.append("END:VCARD")
    return "\n".join(lines)


class _Builder:
    def __init__(self, language):
        self.language = language or "vi"

    def el(self, parent, tag, text=None):
        node = etree.SubElement(parent, qname(LOM, tag))
        if text is not None:
            node.text = str(text)
        return node

    def langstring(self, parent, tag, text, language=None):
        node = self.el(parent, tag)
        string = self.el(node, "string", text)
        string.set("language", language or self.language)
        return node

    def vocabulary(self, parent, tag, value, source=LOM_VOCABULARY):
        node = self.el(parent, tag)
        self.el(node, "source", source)
        self.el(node, "value", value)
        return node

    def identifier(self, parent, catalog, entry):
        node = self.el(parent, "identifier")
        self.el(node, "catalog", catalog)
        self.el(node, "entry", entry)
        return node

    def taxon_path(self, parent, source, taxa):
        path = self.el(parent, "taxonPath")
        self.langstring(path, "source", source, "vi")
        for taxon_id, name in taxa:
            taxon = self.el(path, "taxon")
            self.el(taxon, "id", taxon_id)
            self.langstring(taxon, "entry", name, "vi")


def lom_element(record):
    b = _Builder(record.language)
    root = etree.Element(
        qname(LOM, "lom"), nsmap={None: LOM, "xsi": XSI}, attrib=schema_location(LOM, LOM_SCHEMA)
    )

    general = b.el(root, "general")
    b.identifier(general, "URI", record.url)
    b.identifier(general, "oai", record.oai_id)
    b.langstring(general, "title", record.title)
    if record.language:
        b.el(general, "language", record.language)
    if record.description:
        b.langstring(general, "description", record.description)
    for keyword in record.keywords:
        b.langstring(general, "keyword", keyword)
    if record.province:
        b.langstring(general, "coverage", record.province.name, "vi")
    b.vocabulary(general, "aggregationLevel", AGGREGATION[record.kind])

    life_cycle = b.el(root, "lifeCycle")
    for name in record.authors:
        contribute = b.el(life_cycle, "contribute")
        b.vocabulary(contribute, "role", "author")
        b.el(contribute, "entity", _vcard(FN=name))
    if record.centre:
        contribute = b.el(life_cycle, "contribute")
        b.vocabulary(contribute, "role", "publisher")
        region = record.province.name if record.province else ""
        b.el(
            contribute,
            "entity",
            _vcard(
                FN=record.centre.name,
                ORG=record.centre.name,
                ADR=("", "", "", "", region, "", "VN"),
            ),
        )
        if record.first_published:
            date = b.el(contribute, "date")
            b.el(date, "dateTime", record.first_published.strftime("%Y-%m-%dT%H:%M:%SZ"))

    meta = b.el(root, "metaMetadata")
    b.identifier(meta, "oai", record.oai_id)
    b.el(meta, "metadataSchema", "LOMv1.0")
    b.el(meta, "language", "vi")

    technical = b.el(root, "technical")
    for mime in record.formats:
        b.el(technical, "format", mime)
    b.el(technical, "location", record.url)

    educational = b.el(root, "educational")
    if record.resource_type:
        b.vocabulary(
            educational, "learningResourceType", record.resource_type.name, RESOURCE_TYPE_SOURCE
        )
    b.vocabulary(educational, "intendedEndUserRole", "learner")
    if record.duration_minutes:
        time = b.el(educational, "typicalLearningTime")
        b.el(time, "duration", f"PT{record.duration_minutes}M")
    if record.language:
        b.el(educational, "language", record.language)

    rights = b.el(root, "rights")
    b.vocabulary(rights, "cost", "no")
    if record.licence:
        free = is_public_domain(record.licence)
        b.vocabulary(rights, "copyrightAndOtherRestrictions", "no" if free else "yes")
        b.langstring(rights, "description", record.licence_url or record.licence.name, "vi")

    related = [(RELATION_KIND[record.kind], record.based_on)] if record.based_on else []
    related += [("haspart", part) for part in record.parts]
    for kind, link in related:
        relation = b.el(root, "relation")
        b.vocabulary(relation, "kind", kind)
        resource = b.el(relation, "resource")
        b.identifier(resource, "URI", link.url)
        b.identifier(resource, "oai", link.oai_id)

    if record.levels or record.grades:
        classification = b.el(root, "classification")
        b.vocabulary(classification, "purpose", "educational level")
        if record.levels:
            b.taxon_path(classification, LEVEL_SOURCE, [(t.slug, t.name) for t in record.levels])
        if record.grades:
            b.taxon_path(
                classification, GRADE_SOURCE, [(str(n), f"Lớp {n}") for n in record.grades]
            )
    if record.subjects:
        classification = b.el(root, "classification")
        b.vocabulary(classification, "purpose", "discipline")
        b.taxon_path(classification, SUBJECT_SOURCE, [(t.slug, t.name) for t in record.subjects])
    return root


def lom_document(record):
    """A standalone LOM XML file (UTF-8 bytes) for the download view."""
    return etree.tostring(lom_element(record), xml_declaration=True, encoding="UTF-8")
