"""The OAI-PMH endpoint: one view answering the six verbs by GET and POST.

Every request is checked completely (arguments, token, format, identifier, whether anything
matches) before the first byte is sent, so each error is a well-formed OAI-PMH response with
the protocol's code, answered with HTTP 200 as the protocol asks. See docs/interfaces.md.
"""

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lxml import etree

from content_models.metadata.describe import describe_pages, load_pages, public_kinds
from content_models.metadata.dublin_core import dc_element
from content_models.metadata.identifiers import (
    DOMAIN_PATTERN,
    oai_identifier,
    parse_oai_identifier,
    repository_id,
)
from content_models.metadata.lom import lom_element
from content_models.metadata.namespaces import (
    LOM,
    LOM_SCHEMA,
    OAI,
    OAI_DC,
    OAI_DC_SCHEMA,
    OAI_IDENTIFIER,
    OAI_IDENTIFIER_SCHEMA,
    XSI,
    qname,
    schema_location,
)
from content_models.models.records import OaiRecord
from content_models.oai import arguments, listing, responses, tokens
from content_models.oai.errors import OAIError
from content_models.oai.records import now_seconds
from content_models.oai.responses import element, sub, write_text
from content_models.oai.sets import all_sets

# metadataPrefix → (schema, namespace, crosswalk); every record is offered in both.
FORMATS = {
    "oai_dc": (OAI_DC_SCHEMA, OAI_DC, dc_element),
    "lom": (LOM_SCHEMA, LOM, lom_element),
}
RENDER_CHUNK = 25  # records rendered (and their pages loaded) per step of the stream


def _admin_email():
    return getattr(settings, "HLM_OAI_ADMIN_EMAIL", "") or settings.DEFAULT_FROM_EMAIL


def _check_prefix(prefix):
    if prefix not in FORMATS:
        raise OAIError(
            "cannotDisseminateFormat",
            _("Định dạng “%(prefix)s” không được hỗ trợ; dùng oai_dc hoặc lom.")
            % {"prefix": prefix[:40]},
        )


def _resolve(identifier, repository):
    """(kind, page id, row or None, visible) of an identifier, or idDoesNotExist.

    A page that never was public has no row and is not visible: it does not exist here.
    """
    parsed = parse_oai_identifier(identifier, repository)
    if parsed is not None:
        kind, pk = parsed
        row = OaiRecord.objects.filter(page_id=pk, kind=kind).first()
        visible = public_kinds([pk]).get(pk) == kind
        if row is not None or visible:
            return kind, pk, row, visible
    raise OAIError("idDoesNotExist")


def identify(request, oai, repository):
    earliest = OaiRecord.objects.order_by("datestamp").values_list("datestamp", flat=True).first()

    def write(xf):
        body = element("Identify")
        sub(body, "repositoryName", settings.WAGTAIL_SITE_NAME)
        sub(body, "baseURL", request.build_absolute_uri(request.path))
        sub(body, "protocolVersion", "2.0")
        sub(body, "adminEmail", _admin_email())
        sub(body, "earliestDatestamp", responses.utc(earliest or now_seconds()))
        sub(body, "deletedRecord", "persistent")
        sub(body, "granularity", "YYYY-MM-DDThh:mm:ssZ")
        if DOMAIN_PATTERN.match(repository):
            description = sub(body, "description")
            scheme = etree.SubElement(
                description,
                qname(OAI_IDENTIFIER, "oai-identifier"),
                nsmap={None: OAI_IDENTIFIER, "xsi": XSI},
                attrib=schema_location(OAI_IDENTIFIER, OAI_IDENTIFIER_SCHEMA),
            )
            for tag, text in (
                ("scheme", "oai"),
                ("repositoryIdentifier", repository),
                ("delimiter", ":"),
                ("sampleIdentifier", oai_identifier("lesson", 1, repository)),
            ):
                etree.SubElement(scheme, qname(OAI_IDENTIFIER, tag)).text = text
        xf.write(body)
        yield

    return write


def list_metadata_formats(request, oai, repository):
    if oai.identifier is not None:
        _resolve(oai.identifier, repository)

    def write(xf):
        body = element("ListMetadataFormats")
        for prefix, (schema, namespace, _crosswalk) in FORMATS.items():
            node = sub(body, "metadataFormat")
            sub(node, "metadataPrefix", prefix)
            sub(node, "schema", schema)
            sub(node, "metadataNamespace", namespace)
        xf.write(body)
        yield

    return write


def list_sets(request, oai, repository):
    if oai.token is not None:  # the set list is never split, so no token was ever issued
        raise OAIError("badResumptionToken")

    def write(xf):
        with xf.element(qname(OAI, "ListSets")):
            for spec, name in all_sets():
                with xf.element(qname(OAI, "set")):
                    write_text(xf, "setSpec", spec)
                    write_text(xf, "setName", name)
        yield

    return write


def _write_rows(xf, rows, prefix, request, repository):
    """Records (or, without a prefix, headers) of `rows`, their pages loaded once per kind."""
    if prefix is None:  # ListIdentifiers: only whether each page is still visible
        live = set(public_kinds([row.page_id for row in rows]))
    else:
        by_kind, pages = {}, {}
        for row in rows:
            by_kind.setdefault(row.kind, []).append(row.page_id)
        for kind, ids in by_kind.items():
            pages.update(load_pages(kind, ids))
        described = describe_pages(list(pages.values()), request, repository)
        described = {item.pk: item for item in described}
        live = set(described)
    for row in rows:
        identifier = oai_identifier(row.kind, row.page_id, repository)
        deleted = row.page_id not in live
        if prefix is None:
            responses.write_header(xf, identifier, row.datestamp, row.specs, deleted)
        else:
            metadata = None if deleted else FORMATS[prefix][2](described[row.page_id])
            responses.write_record(xf, identifier, row.datestamp, row.specs, deleted, metadata)


def get_record(request, oai, repository):
    _check_prefix(oai.metadata_prefix)
    kind, pk, row, visible = _resolve(oai.identifier, repository)
    if row is None:  # public but never recorded (written behind Wagtail's back): dated now
        row = OaiRecord(page_id=pk, kind=kind, datestamp=now_seconds())

    def write(xf):
        with xf.element(qname(OAI, "GetRecord")):
            _write_rows(xf, [row], oai.metadata_prefix, request, repository)
        yield

    return write


def _list(request, oai, repository, with_metadata):
    if oai.token is not None:
        state = listing.ListState(**tokens.redeem(oai.token, oai.verb))
    else:
        _check_prefix(oai.metadata_prefix)
        state = listing.ListState(
            verb=oai.verb,
            metadata_prefix=oai.metadata_prefix,
            set_spec=oai.set_spec,
            from_date=oai.from_date,
            until_date=oai.until_date or now_seconds(),
        )
        state.total = listing.matching(state).count()
    rows, more = listing.next_rows(state)
    if not rows:  # nothing matches (or, rarely, every remaining record changed meanwhile)
        raise OAIError("noRecordsMatch")
    prefix = state.metadata_prefix if with_metadata else None

    def write(xf):
        with xf.element(qname(OAI, oai.verb)):
            for start in range(0, len(rows), RENDER_CHUNK):
                _write_rows(xf, rows[start : start + RENDER_CHUNK], prefix, request, repository)
                yield
            attrib = {"cursor": str(state.cursor), "completeListSize": str(state.total)}
            if more:
                following = listing.ListState(**vars(state))
                following.after_datestamp = rows[-1].datestamp
                following.after_id = rows[-1].pk
                following.cursor = state.cursor + len(rows)
                token, expires = tokens.issue(following)
                attrib["expirationDate"] = responses.utc(expires)
                write_text(xf, "resumptionToken", token, attrib)
            elif state.cursor:  # the last part of a split list: an empty token closes it
                write_text(xf, "resumptionToken", None, attrib)
        yield

    return write


def list_identifiers(request, oai, repository):
    return _list(request, oai, repository, with_metadata=False)


def list_records(request, oai, repository):
    return _list(request, oai, repository, with_metadata=True)


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}


@csrf_exempt  # harvesters POST without a session or CSRF token; nothing here changes state
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    params = request.POST if request.method == "POST" else request.GET
    repository = repository_id()
    echo = {}
    try:
        oai = arguments.parse(params)
        echo = {"verb": oai.verb, **oai.args}
        body = HANDLERS[oai.verb](request, oai, repository)
    except OAIError as error:
        if error.code in ("badVerb", "badArgument"):
            echo = {}  # the protocol: echo no arguments of a request that was not understood
        body = responses.error_body(error)
    response = StreamingHttpResponse(
        responses.stream(request.build_absolute_uri(request.path), echo, body),
        content_type="text/xml; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response
