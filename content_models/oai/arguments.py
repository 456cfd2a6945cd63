"""Checking one OAI-PMH request's arguments before anything is looked up.

The protocol's rules (docs/faults.md row 25): the verb must be one of six and appear once
(else badVerb); every other argument must be allowed for that verb, appear once, and the
required ones must be present (else badArgument); `resumptionToken` is exclusive; dates are
`YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ` (UTC), real calendar dates, the same granularity in
`from` and `until`, and `from` not after `until`.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.utils.translation import gettext as _

from content_models.oai.errors import OAIError
from content_models.oai.sets import SET_SPEC_PATTERN

LIST_ARGS = ({"metadataPrefix"}, {"from", "until", "set"})
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": LIST_ARGS,
    "ListRecords": LIST_ARGS,
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
MAX_ARGUMENT_LENGTH = 2000
# Characters XML 1.0 cannot carry: such a value could not even be echoed in the response.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class OAIRequest:
    verb: str
    args: dict  # the arguments as sent (echoed in the response's <request> element)
    metadata_prefix: str | None = None
    identifier: str | None = None
    set_spec: str | None = None
    from_date: datetime | None = None
    until_date: datetime | None = None
    token: str | None = None


def parse_date(value, name, end_of_day=False):
    """(UTC datetime, granularity) of an OAI date argument, or badArgument."""
    try:
        if SECOND.match(value):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), "second"
        if DAY.match(value):
            day = datetime.strptime(value, "%Y-%m-%d").date()
            moment = time(23, 59, 59) if end_of_day else time(0, 0, 0)
            return datetime.combine(day, moment, tzinfo=UTC), "day"
    except ValueError:
        pass
    raise OAIError(
        "badArgument",
        _(
            "Ngày “%(value)s” của tham số %(name)s không hợp lệ: dùng dạng YYYY-MM-DD hoặc "
            "YYYY-MM-DDThh:mm:ssZ (giờ UTC) với ngày có thật."
        )
        % {"value": value[:40], "name": name},
    )


def parse(params):
    """An `OAIRequest` from a QueryDict (GET or POST body), or an `OAIError`."""
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb")
    verb = verbs[0]
    required, optional = VERBS[verb]
    args = {}
    for name, values in params.lists():
        if name == "verb":
            continue
        if len(values) > 1:
            raise OAIError("badArgument", _("Tham số %(name)s bị lặp lại.") % {"name": name[:40]})
        resumable = name == "resumptionToken" and verb in RESUMABLE
        if not resumable and name not in required | optional:
            raise OAIError(
                "badArgument",
                _("Tham số %(name)s không dùng được với %(verb)s.")
                % {"name": name[:40], "verb": verb},
            )
        if len(values[0]) > MAX_ARGUMENT_LENGTH or NOT_XML.search(values[0]):
            raise OAIError(
                "badArgument",
                _("Giá trị tham số %(name)s quá dài hoặc có ký tự không hợp lệ.")
                % {"name": NOT_XML.sub("", name[:40])},
            )
        args[name] = values[0]
    request = OAIRequest(verb=verb, args=args)
    if "resumptionToken" in args:
        if len(args) > 1:
            raise OAIError(
                "badArgument", _("resumptionToken phải là tham số duy nhất ngoài verb.")
            )
        request.token = args["resumptionToken"]
        return request
    missing = sorted(required - set(args))
    if missing:
        raise OAIError(
            "badArgument", _("Thiếu tham số bắt buộc: %(names)s.") % {"names": ", ".join(missing)}
        )
    request.metadata_prefix = args.get("metadataPrefix")
    request.identifier = args.get("identifier")
    if "set" in args:
        if not SET_SPEC_PATTERN.match(args["set"]):
            raise OAIError("badArgument", _("Tên tập (set) không đúng cú pháp."))
        request.set_spec = args["set"]
    granularities = set()
    if "from" in args:
        request.from_date, granularity = parse_date(args["from"], "from")
        granularities.add(granularity)
    if "until" in args:
        request.until_date, granularity = parse_date(args["until"], "until", end_of_day=True)
        granularities.add(granularity)
    if len(granularities) > 1:
        raise OAIError(
            "badArgument", _("Tham số from và until phải cùng độ chi tiết (ngày hoặc giây).")
        )
    if request.from_date and request.until_date and request.from_date > request.until_date:
        raise OAIError("badArgument", _("Ngày from đứng sau ngày until."))
    return request
