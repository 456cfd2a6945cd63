"""The XML of OAI-PMH responses, written with lxml's incremental writer and streamed.

`stream()` yields the envelope (`OAI-PMH`, `responseDate`, `request`) and whatever the verb's
body writer writes, in chunks: a list of 100 full records leaves the server record by record,
and the memory a response needs does not depend on the size of the repository.
"""

import io
from datetime import UTC, datetime

from lxml import etree

from content_models.metadata.namespaces import OAI, OAI_SCHEMA, XSI, qname, schema_location


def utc(value):
    """The protocol's UTC datetime form, whole seconds."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def element(tag, text=None, attrib=None):
    """A top-level element of the OAI namespace (written on its own by the streaming writer,
    so it declares the namespace itself)."""
    node = etree.Element(qname(OAI, tag), attrib=attrib or {}, nsmap={None: OAI})
    if text is not None:
        node.text = str(text)
    return node


def sub(parent, tag, text=None, attrib=None):
    node = etree.SubElement(parent, qname(OAI, tag), attrib=attrib or {})
    if text is not None:
        node.text = str(text)
    return node


def write_text(xf, tag, text, attrib=None):
    """A text element inside the envelope (it inherits the OAI namespace from there)."""
    with xf.element(qname(OAI, tag), attrib=attrib or {}):
        if text:
            xf.write(str(text))


def write_header(xf, identifier, datestamp, specs, deleted):
    with xf.element(qname(OAI, "header"), attrib={"status": "deleted"} if deleted else {}):
        write_text(xf, "identifier", identifier)
        write_text(xf, "datestamp", utc(datestamp))
        for spec in specs:
            write_text(xf, "setSpec", spec)


def write_record(xf, identifier, datestamp, specs, deleted, metadata=None):
    """One `record`; a deleted one has a header only, as the protocol wants."""
    with xf.element(qname(OAI, "record")):
        write_header(xf, identifier, datestamp, specs, deleted)
        if metadata is not None:
            with xf.element(qname(OAI, "metadata")):
                xf.write(metadata)


def error_body(error):
    def write(xf):
        write_text(xf, "error", error.message, {"code": error.code})
        yield

    return write


def stream(base_url, request_args, write_body):
    """Bytes of one response. `write_body(xf)` writes the verb's part and yields whenever a
    piece is complete enough to send."""
    buffer = io.BytesIO()

    def drain():
        data = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return data

    with etree.xmlfile(buffer, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(
            qname(OAI, "OAI-PMH"),
            nsmap={None: OAI, "xsi": XSI},
            attrib=schema_location(OAI, OAI_SCHEMA),
        ):
            write_text(xf, "responseDate", utc(datetime.now(UTC)))
            write_text(xf, "request", base_url, request_args)
            for _step in write_body(xf):
                xf.flush()
                yield drain()
    yield drain()
