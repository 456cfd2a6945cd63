"""Stateless resumption tokens, signed with Django's signing module and the SECRET_KEY.

A token carries everything the next page needs: the verb, format, set and date range of the
original request, the keyset position (datestamp and row id of the last record sent), the
cursor and the complete list size. Nothing is stored on the server, so any web worker can
answer it. A token that was altered, was made with another key, or is older than
`HLM_OAI_TOKEN_SECONDS` (default one day) is refused as badResumptionToken.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from content_models.oai.errors import OAIError

SALT = "content_models.oai.resumption"
DEFAULT_TTL_SECONDS = 24 * 3600


def ttl_seconds():
    return int(getattr(settings, "HLM_OAI_TOKEN_SECONDS", DEFAULT_TTL_SECONDS))


def _stamp(value):
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _unstamp(value):
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if value else None


def issue(state):
    """A token for `state` (a `listing.ListState`) and its expiry time."""
    payload = {
        "v": state.verb,
        "p": state.metadata_prefix,
        "s": state.set_spec,
        "f": _stamp(state.from_date),
        "u": _stamp(state.until_date),
        "d": _stamp(state.after_datestamp),
        "i": state.after_id,
        "c": state.cursor,
        "n": state.total,
    }
    token = signing.dumps(payload, salt=SALT, compress=True)
    expires = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=ttl_seconds())
    return token, expires


def redeem(token, verb):
    """The state dict a token carries, or badResumptionToken."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=ttl_seconds())
    except signing.SignatureExpired as error:
        raise OAIError("badResumptionToken", _("Mã tiếp tục đã hết hạn.")) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise OAIError("badResumptionToken") from error
    if not isinstance(payload, dict) or payload.get("v") != verb:
        raise OAIError("badResumptionToken")
    try:
        return {
            "verb": verb,
            "metadata_prefix": payload["p"],
            "set_spec": payload["s"],
            "from_date": _unstamp(payload["f"]),
            "until_date": _unstamp(payload["u"]),
            "after_datestamp": _unstamp(payload["d"]),
            "after_id": int(payload["i"]),
            "cursor": int(payload["c"]),
            "total": int(payload["n"]),
        }
    except (KeyError, TypeError, ValueError) as error:
        raise OAIError("badResumptionToken") from error
