"""Content-Security-Policy on every response, and the endpoint browsers report violations to.
See docs/security/logins-and-csp.md.

django-csp writes the header from settings.CONTENT_SECURITY_POLICY (`script-src 'self'`: the
theme has no inline script). Two things vary per response, and this middleware adds them:

- `frame-ancestors` follows the response's X-Frame-Options (DENY → 'none', SAMEORIGIN →
  'self'), so Wagtail's preview panel, which marks its responses SAMEORIGIN, keeps working in
  browsers where the CSP directive overrides the older header. Wagtail renders a preview by
  running the whole middleware chain for a dummy request inside the admin's request, so the
  same response passes here twice: the outer pass, which sees the final X-Frame-Options,
  writes the header again;
- signed-in users under the admin's URL get settings.HLM_CSP_ADMIN_ADDITIONS, what Wagtail's
  admin still needs (its widgets write inline scripts and styles). The login and password-reset
  pages, seen before signing in, keep the strict policy.
"""

import json
import logging

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from csp.constants import HEADER, NONE, SELF
from csp.middleware import CSPMiddleware

from cms.throttling import Throttle
from media.client_address import client_ip

logger = logging.getLogger("hlm.csp")

FRAME_ANCESTORS = {"DENY": [NONE], "SAMEORIGIN": [SELF]}
# A browser's report is well under 4 KB; anything larger is not one.
MAX_REPORT_BYTES = 16 * 1024
# Violation reports logged per client address and minute; the rest are answered, not logged.
REPORTS_PER_MINUTE = 60
# Fields of a report that are logged, each cut to this many characters.
REPORT_FIELDS = (
    ("document-uri", "documentURL"),
    ("effective-directive", "effectiveDirective"),
    ("violated-directive", None),
    ("blocked-uri", "blockedURL"),
    ("source-file", "sourceFile"),
    ("line-number", "lineNumber"),
    ("disposition", "disposition"),
    ("script-sample", "sample"),
)
MAX_FIELD_CHARS = 300


def admin_prefix():
    return reverse("wagtailadmin_home")


class SiteCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if getattr(response, "_hlm_csp_written", False):
            # Written by this middleware for Wagtail's inner preview request: write it again.
            del response[HEADER]
        had_header = HEADER in response
        response = super().process_response(request, response)
        if not had_header and HEADER in response:
            response._hlm_csp_written = True
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        update = dict(parts.update or {})
        replace = dict(parts.replace or {})
        x_frame_options = response.headers.get("X-Frame-Options", "").upper()
        if x_frame_options in FRAME_ANCESTORS:
            replace.setdefault("frame-ancestors", FRAME_ANCESTORS[x_frame_options])
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path_info.startswith(admin_prefix())
        ):
            for directive, sources in settings.HLM_CSP_ADMIN_ADDITIONS.items():
                update[directive] = [*update.get(directive, []), *sources]
        parts.update = update
        parts.replace = replace
        return parts


def _violations(payload):
    """The violation bodies of a report: `report-uri` posts {"csp-report": {...}}, the
    Reporting API (`report-to`) a list of {"type": "csp-violation", "body": {...}}."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [(payload["csp-report"], 0)]
    if isinstance(payload, list):
        return [
            (item["body"], 1)
            for item in payload[:20]
            if isinstance(item, dict)
            and item.get("type") == "csp-violation"
            and isinstance(item.get("body"), dict)
        ]
    return []


def _describe(body, style):
    fields = {}
    for legacy, modern in REPORT_FIELDS:
        name = legacy if style == 0 else modern
        value = body.get(name) if name else None
        if value is None or isinstance(value, (dict, list)):
            continue
        fields[legacy] = str(value)[:MAX_FIELD_CHARS]
    return fields


@csrf_exempt
@require_POST
def csp_report(request):
    """Logs the violation reports browsers send (`report-uri` in the policy). Never a 500:
    a body over MAX_REPORT_BYTES is a 413, one that is not a report a 400; past the per-address
    rate, reports are accepted and dropped so a noisy page cannot flood the log."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponse(status=400)
    if declared > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return HttpResponse(status=400)
    violations = _violations(payload)
    if not violations:
        return HttpResponse(status=400)
    throttle = Throttle("csp-report", REPORTS_PER_MINUTE, 60)
    client = client_ip(request)
    if throttle.hit(client) <= REPORTS_PER_MINUTE:
        for violation, style in violations:
            logger.warning(
                "CSP violation %s", json.dumps(_describe(violation, style), ensure_ascii=False)
            )
    return HttpResponse(status=204)
