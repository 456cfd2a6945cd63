"""Structural checks of OAI-PMH responses with lxml.

No registry package installs the OAI-PMH XML schema (OAI-PMH.xsd) as a file a test could
load (pyoai carries a copy in its source archive only, and nothing may be fetched from the
network during tests), so every response the tests receive is parsed strictly and checked
against the schema's rules by hand: root element, namespace and schemaLocation, the order
and form of responseDate and request, one error list or one verb element, the protocol's
error codes, headers, datestamps, set specs, metadata and resumption tokens.
"""

import re

from lxml import etree

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
LOM = "http://ltsc.ieee.org/xsd/LOM"
NS = {"oai": OAI, "dc": DC, "oai_dc": OAI_DC, "lom": LOM}
ERROR_CODES = {
    "badArgument",
    "badResumptionToken",
    "badVerb",
    "cannotDisseminateFormat",
    "idDoesNotExist",
    "noRecordsMatch",
    "noMetadataFormats",
    "noSetHierarchy",
}
VERBS = {
    "Identify",
    "ListMetadataFormats",
    "ListSets",
    "GetRecord",
    "ListIdentifiers",
    "ListRecords",
}
REQUEST_ATTRIBUTES = {
    "verb",
    "identifier",
    "metadataPrefix",
    "from",
    "until",
    "set",
    "resumptionToken",
}
UTC_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
SET_SPEC = re.compile(r"^([A-Za-z0-9\-_\.!~\*'\(\)])+(:[A-Za-z0-9\-_\.!~\*'\(\)]+)*$")
METADATA_ROOTS = {f"{{{OAI_DC}}}dc", f"{{{LOM}}}lom"}
STRICT = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)


def q(tag, namespace=OAI):
    return f"{{{namespace}}}{tag}"


def _check_header(header):
    assert header.tag == q("header")
    assert set(header.attrib) <= {"status"}
    assert header.get("status") in (None, "deleted")
    children = list(header)
    assert children[0].tag == q("identifier") and children[0].text
    assert children[1].tag == q("datestamp") and UTC_SECONDS.match(children[1].text)
    for spec in children[2:]:
        assert spec.tag == q("setSpec") and SET_SPEC.match(spec.text), spec.text


def _check_record(record):
    children = list(record)
    _check_header(children[0])
    deleted = children[0].get("status") == "deleted"
    if deleted:
        assert len(children) == 1, "a deleted record has no metadata"
        return
    assert [child.tag for child in children[1:]] == [q("metadata")]
    metadata = list(children[1])
    assert len(metadata) == 1 and metadata[0].tag in METADATA_ROOTS


def _check_token(token, last):
    for name in ("cursor", "completeListSize"):
        assert token.get(name) is not None and token.get(name).isdigit()
    if token.text:
        assert UTC_SECONDS.match(token.get("expirationDate", ""))
    else:
        assert last, "an empty token ends a list"


def check(content):
    """Parse one response strictly, assert its structure, return (root, error codes)."""
    assert content.startswith(b"<?xml"), content[:80]
    root = etree.fromstring(content, STRICT)
    assert root.tag == q("OAI-PMH")
    location = root.get(f"{{{XSI}}}schemaLocation", "").split()
    assert location == [OAI, "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"]
    children = list(root)
    assert children[0].tag == q("responseDate") and UTC_SECONDS.match(children[0].text)
    request = children[1]
    assert request.tag == q("request") and request.text.startswith("http")
    assert set(request.attrib) <= REQUEST_ATTRIBUTES
    rest = children[2:]
    errors = [child for child in rest if child.tag == q("error")]
    if errors:
        assert len(errors) == len(rest)
        assert not request.attrib or errors[0].get("code") not in ("badVerb", "badArgument")
        for error in errors:
            assert error.get("code") in ERROR_CODES and error.text
        return root, [error.get("code") for error in errors]
    assert len(rest) == 1 and rest[0].tag in {q(verb) for verb in VERBS}
    body = rest[0]
    assert request.get("verb") == etree.QName(body).localname
    items = list(body)
    if items and items[-1].tag == q("resumptionToken"):
        _check_token(items[-1], last=True)
        items = items[:-1]
    if body.tag in (q("ListRecords"), q("GetRecord")):
        assert items
        for record in items:
            assert record.tag == q("record")
            _check_record(record)
    elif body.tag == q("ListIdentifiers"):
        assert items
        for header in items:
            _check_header(header)
    elif body.tag == q("ListSets"):
        for item in items:
            assert item.tag == q("set") and SET_SPEC.match(
                item.findtext("oai:setSpec", namespaces=NS)
            )
            assert item.findtext("oai:setName", namespaces=NS)
    return root, []
