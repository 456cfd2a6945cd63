"""The Content-Security-Policy header on every HTML response, the report endpoint, and a guard
that the theme has no inline script or style. See docs/security/logins-and-csp.md; the browser
side (no violation on real pages, an injected script blocked) is tests/browser/test_csp.py.
"""

import json
import logging
import re
from pathlib import Path

from django.conf import settings as django_settings
from django.test import Client

import pytest

from tests.cms.conftest import publish
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db

REPORT = "/csp-report/"
STRICT = {
    "default-src": "'self'",
    "script-src": "'self' 'report-sample'",
    "style-src": "'self' 'report-sample'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "report-uri": REPORT,
}


def policy(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.wsgi_request.path}"
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def assert_strict(response):
    assert response["Content-Type"].startswith("text/html")
    directives = policy(response)
    for name, value in STRICT.items():
        assert directives.get(name) == value, (response.wsgi_request.path, name, directives)
    assert "unsafe" not in " ".join(directives.values())
    assert "https://www.youtube.com" in directives["frame-src"]


def public_urls(content):
    lesson = content["lesson"]
    return [
        "/",
        content["library"].url,
        lesson.get_parent().url,
        lesson.url,
        content["course"].url,
        content["collection"].url,
        content["private"].url,  # the password form
        "/tim-kiem/?q=phuong+trinh",
        "/tim-kiem/?q=%22",
        f"/l/{lesson.pk}/in/",
        "/khong-co-trang-nay/",  # the themed 404
        "/admin/login/",
        "/admin/password_reset/",
    ]


def test_every_public_html_page_has_the_strict_policy(client, public_content):
    for url in public_urls(public_content):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert_strict(response)


def test_the_desk_has_the_strict_policy(client, public_content, teacher_a):
    client.force_login(teacher_a)
    response = client.get("/ban-lam-viec/")
    assert response.status_code == 200
    assert_strict(response)
    # A public page seen by a signed-in teacher (with Wagtail's user bar) too.
    assert_strict(client.get(public_content["lesson"].url))


def test_the_admin_adds_only_what_wagtail_needs(client, public_content, teacher_a):
    client.force_login(teacher_a)
    lesson = public_content["lesson"]
    for url in ("/admin/", f"/admin/pages/{lesson.pk}/edit/", "/admin/documents/"):
        directives = policy(client.get(url))
        assert directives["script-src"] == "'self' 'report-sample' 'unsafe-inline'", url
        assert directives["style-src"] == "'self' 'report-sample' 'unsafe-inline'", url
        assert "unsafe-eval" not in directives["script-src"]
        for name in ("object-src", "base-uri", "form-action", "default-src", "connect-src"):
            assert directives[name] == STRICT.get(name, "'self'"), (url, name)


def test_frame_ancestors_follow_x_frame_options(client, public_content, settings):
    settings.X_FRAME_OPTIONS = "DENY"  # production's value
    response = client.get(public_content["lesson"].url)
    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == "'none'"
    settings.X_FRAME_OPTIONS = "SAMEORIGIN"
    assert policy(client.get(public_content["lesson"].url))["frame-ancestors"] == "'self'"


def test_wagtails_preview_may_be_framed_by_the_admin(client, public_content, editor, settings):
    """Wagtail runs the middleware for its preview's inner request too; the header that
    leaves is the outer one, following the preview's SAMEORIGIN."""
    settings.X_FRAME_OPTIONS = "DENY"
    client.force_login(editor)
    lesson = public_content["lesson"]
    response = client.get(f"/admin/pages/{lesson.pk}/edit/preview/?mode=")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == "'self'"
    assert response.headers["Content-Security-Policy"].count("frame-ancestors") == 1


def test_documents_keep_their_own_stricter_policy(client, public_content):
    response = client.get(public_content["pdf"].url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"


# --- The report endpoint -------------------------------------------------------------------

LEGACY_REPORT = {
    "csp-report": {
        "document-uri": "https://hoclieu.example.vn/kho-hoc-lieu/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "source-file": "https://hoclieu.example.vn/kho-hoc-lieu/",
        "line-number": 12,
        "disposition": "enforce",
        "script-sample": "alert(document.cookie)",
    }
}
REPORTING_API = [
    {
        "type": "csp-violation",
        "url": "https://hoclieu.example.vn/",
        "body": {
            "documentURL": "https://hoclieu.example.vn/",
            "effectiveDirective": "img-src",
            "blockedURL": "https://tracker.example.com/p.gif",
            "disposition": "enforce",
        },
    }
]


@pytest.fixture
def csp_log(caplog):
    caplog.set_level(logging.INFO, logger="hlm.csp")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "hlm.csp"]


def post(client, body, content_type="application/csp-report"):
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    return client.post(REPORT, body, content_type=content_type)


def test_a_browser_report_is_logged(client, csp_log):
    response = post(client, LEGACY_REPORT)
    assert response.status_code == 204
    (line,) = csp_log()
    assert "script-src-elem" in line and "/kho-hoc-lieu/" in line
    assert "alert(document.cookie)" in line


def test_a_reporting_api_report_is_logged(client, csp_log):
    response = post(client, REPORTING_API, content_type="application/reports+json")
    assert response.status_code == 204
    (line,) = csp_log()
    assert "img-src" in line and "tracker.example.com" in line


def test_reports_need_no_csrf_token(csp_log):
    client = Client(enforce_csrf_checks=True)
    assert post(client, LEGACY_REPORT).status_code == 204


@pytest.mark.parametrize("method", ["get", "put", "delete", "head"])
def test_only_post(client, method):
    assert getattr(client, method)(REPORT).status_code == 405


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"\xff\xfe\x00not utf-8",
        b"null",
        b"42",
        b'"csp-report"',
        b'{"csp-report": "inline"}',
        b'{"csp-report": ["a"]}',
        b'[{"type": "deprecation", "body": {}}]',
        b"[1, 2, 3]",
        b"[" * 5000 + b"]" * 5000,  # deep nesting
        b'{"a": ' * 2000 + b"1" + b"}" * 2000,
        "\u0000".encode(),
    ],
)
def test_what_is_not_a_report_is_a_400(client, body, csp_log):
    response = post(client, body)
    assert response.status_code == 400
    assert csp_log() == []


def test_a_huge_body_is_a_413_before_it_is_read(client, csp_log):
    report = {"csp-report": {**LEGACY_REPORT["csp-report"], "script-sample": "x" * 20_000}}
    assert post(client, report).status_code == 413
    assert post(client, b"x" * 3_000_000).status_code == 413
    assert csp_log() == []


def test_odd_field_values_are_cut_and_never_break_the_log(client, csp_log):
    report = {
        "csp-report": {
            "document-uri": "https://x/\n\rFAKE LOG LINE",
            "blocked-uri": {"nested": ["object"]},
            "line-number": None,
            "script-sample": "é" * 1000,
            "unknown-field": "ignored",
        }
    }
    assert post(client, report).status_code == 204
    (line,) = csp_log()
    assert "\n" not in line and "FAKE LOG LINE" in line  # escaped by JSON, one line
    assert "nested" not in line and "ignored" not in line
    assert len(line) < 1000


def test_a_flood_of_reports_is_answered_but_not_all_logged(client, csp_log):
    for _ in range(70):
        assert post(client, LEGACY_REPORT).status_code == 204
    assert len(csp_log()) == 60


# --- The theme has nothing inline ----------------------------------------------------------

THEME = Path(django_settings.BASE_DIR) / "themes" / "default" / "templates"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I), "script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"<style\b", re.I), "style element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I), "javascript: URL"),
]


def test_theme_templates_have_no_inline_script_or_style():
    found = []
    for template in THEME.rglob("*.html"):
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(THEME)}:{line}: {what}")
    assert found == []


def test_a_rich_lesson_renders_no_inline_script(client, public_content):
    """Rendered, not only the templates: blocks, embeds and tags add nothing inline."""
    lesson = LessonPageFactory(parent=public_content["lesson"].get_parent(), title="Thử")
    publish(lesson)
    for url in (public_content["lesson"].url, lesson.url, "/"):
        content = client.get(url).content.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", content)
        assert all("application/ld+json" in attrs for attrs in scripts), (url, scripts)
        assert not re.search(r"\son[a-z]+=", content), url
