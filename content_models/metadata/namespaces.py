"""XML namespaces and schema locations of the formats this repository writes."""

XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC = "http://purl.org/dc/elements/1.1/"
LOM = "http://ltsc.ieee.org/xsd/LOM"
# The "loose" binding: free vocabularies (ours are Vietnamese) are allowed beside LOMv1.0's.
LOM_SCHEMA = "http://ltsc.ieee.org/xsd/lomv1.0/lomLoose.xsd"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"


def qname(namespace, tag):
    return f"{{{namespace}}}{tag}"


def schema_location(namespace, schema):
    return {qname(XSI, "schemaLocation"): f"{namespace} {schema}"}
