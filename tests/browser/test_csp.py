"""The Content-Security-Policy in a real browser: the public theme, the teacher's desk and the
admin pages teachers use run without a single violation, and an inline script that slipped
into a page is blocked (so these tests can fail). See docs/security/logins-and-csp.md.

Violations are seen three ways: the page's `securitypolicyviolation` events (an init script
in every frame hands them to Python), Chromium's console ("Refused to …"), and the project's
report endpoint, whose log lines (logger `hlm.csp`) the live server writes in this process.
"""

import logging
import re

from django.core.files.base import ContentFile

import pytest
from playwright.sync_api import expect

from tests.cms import conftest as theme_content
from tests.cms.conftest import image_bytes, lesson_body, make_document, make_image, publish

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The theme tests' published content (every block, a course, a collection), reused here.
taxonomy = theme_content.taxonomy
stored_embed = theme_content.stored_embed
public_content = theme_content.public_content

WATCH_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.hlmCspViolation({
        page: document.location.href,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample,
    });
});
"""


class Violations:
    """Everything the browser said about the policy, for one browser context."""

    def __init__(self, context):
        self.events = []
        self.console = []
        context.expose_function("hlmCspViolation", self._record)
        context.add_init_script(WATCH_VIOLATIONS)

    def _record(self, event):
        self.events.append(event)

    def watch(self, page):
        page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    def assert_none(self, caplog):
        reports = [r.getMessage() for r in caplog.records if r.name == "hlm.csp"]
        assert self.events == [], self.events
        assert self.console == [], self.console
        assert reports == [], reports


@pytest.fixture
def rich_lesson(public_content):
    """The public lesson with every body block, an image block and a document block too."""
    lesson = public_content["lesson"]
    image = make_image("Hình minh hoạ parabol")
    document = make_document("Phiếu ôn tập", image_bytes("PDF"), "on-tap.pdf")
    document.thumbnail.save("on-tap.png", ContentFile(image_bytes("PNG", (240, 340))), save=True)
    lesson.body = [
        *lesson_body(),
        ("image", {"image": image, "alt_text": "Đồ thị parabol", "caption": "Hình 1"}),
        ("document", {"document": document, "title": "Phiếu ôn tập"}),
    ]
    publish(lesson)
    return public_content


def choose_another(page, field_id):
    """Open a chosen field's chooser modal from its menu; return the modal."""
    chooser = page.locator(f"#{field_id}-chooser")
    chooser.scroll_into_view_if_needed()
    chooser.locator(".w-dropdown__toggle").click()
    with page.expect_response(re.compile(r"/admin/.*/choose")) as answer:
        page.locator("[data-chooser-action-choose]:visible").first.click()
    assert answer.value.ok
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    return modal


def visit(page, url):
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")
    return response


def test_public_pages_and_desk_have_no_violation(
    new_context, shot, caplog, rich_lesson, login, teacher_a
):
    caplog.set_level(logging.WARNING, logger="hlm.csp")
    context = new_context()
    violations = Violations(context)
    page = violations.watch(context.new_page())
    lesson = rich_lesson["lesson"]
    urls = [
        "/",
        rich_lesson["library"].url,
        lesson.get_parent().url,
        lesson.url,
        rich_lesson["course"].url,
        rich_lesson["collection"].url,
        "/tim-kiem/?q=phuong+trinh",
        f"/l/{lesson.pk}/in/",
    ]
    for url in urls:
        visit(page, url)
    # The JSON API's documentation (django-ninja's Swagger UI, from static files).
    visit(page, "/api/v1/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    # The lesson's blocks: formula, table, code, image, document; then the video player.
    visit(page, lesson.url)
    expect(page.locator(".block-formula")).to_be_visible()
    expect(page.locator(".block-image img")).to_be_visible()
    page.locator("a.video-facade[data-embed]").click()
    expect(page.locator(".block-video iframe")).to_have_count(1)
    # Search suggestions (a fetch from autocomplete.js).
    visit(page, "/tim-kiem/")
    page.locator("input[type=search]").first.fill("phuong")
    page.wait_for_timeout(800)
    shot(page, "search-autocomplete")
    # Signed in: the desk, and a public page with Wagtail's user bar.
    login(page, teacher_a)
    visit(page, "/ban-lam-viec/")
    shot(page, "desk")
    visit(page, lesson.url)
    page.locator("#wagtail-userbar-trigger").click()
    expect(page.locator("#wagtail-userbar-items")).to_be_visible()
    violations.assert_none(caplog)


def test_admin_pages_teachers_use_have_no_violation(
    new_context, shot, caplog, rich_lesson, login, teacher_a, settings
):
    caplog.set_level(logging.WARNING, logger="hlm.csp")
    settings.X_FRAME_OPTIONS = "DENY"  # as in production
    context = new_context()
    violations = Violations(context)
    page = violations.watch(context.new_page())
    lesson = rich_lesson["lesson"]
    visit(page, "/admin/login/")
    login(page, teacher_a)
    for url in (
        "/admin/",
        f"/admin/pages/{lesson.get_parent().pk}/",
        "/admin/documents/",
        "/admin/images/",
        f"/admin/pages/{lesson.pk}/history/",
    ):
        visit(page, url)
    visit(page, f"/admin/pages/{lesson.pk}/edit/")
    shot(page, "edit")
    # The live preview beside the form: an iframe of the admin's preview view, which has
    # frame-ancestors 'self' although every other response has 'none' (as in production).
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(lesson.title)
    # Closed again: an open preview reloads on every edit, and on the in-memory SQLite test
    # database such a reload racing the submit below can hit "database table is locked".
    page.locator("[data-side-panel-toggle=preview]").click()
    expect(page.locator("#w-preview-iframe")).to_be_hidden()
    # The cover image's chooser, then the document chooser of an attachment (both chosen
    # already: "choose another" is in each one's menu).
    for field_id in ("id_cover_image", "id_attachments-0-document"):
        modal = choose_another(page, field_id)
        modal.locator("#tab-label-upload").click()
        expect(modal.locator("form[data-chooser-modal-creation-form]")).to_be_visible()
        modal.locator("#tab-label-search").click()
        # A search inside the modal reloads its results.
        with page.expect_response(re.compile(r"/admin/.*/choose.*q=")):
            modal.locator("input[name=q]").fill("phieu")
        shot(page, f"chooser-{field_id}", full_page=False)
        page.keyboard.press("Escape")
        expect(modal).to_be_hidden()
    # A new StreamField block.
    editors = page.locator(".public-DraftEditor-content")
    before = editors.count()
    page.locator("button.c-sf-add-button").last.click()
    page.locator(".w-combobox__option", has_text=re.compile("Đoạn văn")).first.click()
    expect(editors).to_have_count(before + 1)
    editor = editors.last
    editor.click()
    editor.type("Ghi chú thêm cho bài học.")
    expect(editor).to_contain_text("Ghi chú thêm cho bài học.")
    # Draftail copies its content into the block's hidden input a moment later.
    page.wait_for_function(
        """text => [...document.querySelectorAll("input[name^='body-'][name$='-value']")]
            .some((input) => input.value.includes(text))""",
        arg="Ghi chú thêm cho bài học.",
    )
    shot(page, "new-block")
    # Submit for review.
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer button[name=action-submit]").click()
    messages = page.locator(".messages")
    expect(messages).to_be_visible()
    errors = page.locator(".error-message").all_inner_texts()
    assert lesson.title in messages.inner_text(), (messages.inner_text(), errors)
    visit(page, f"/admin/pages/{lesson.pk}/workflow_history/")
    violations.assert_none(caplog)


def test_an_injected_inline_script_is_blocked_and_reported(
    new_context, caplog, live_server, site_tree
):
    """As if a template let an inline script and an event handler through: the header the
    server sent stops both, the page says so, and the report endpoint logs it."""
    caplog.set_level(logging.WARNING, logger="hlm.csp")
    context = new_context()
    violations = Violations(context)
    page = violations.watch(context.new_page())
    injected = (
        "<script>window.hlmInjected = true;</script>"
        '<img src="/static/favicon.svg" alt="" onload="window.hlmHandler = true">'
    )

    def inject(route):
        response = route.fetch()
        body = response.text().replace("</body>", injected + "</body>")
        route.fulfill(response=response, body=body)

    for path in ("/", "/admin/login/"):
        violations.events.clear()
        page.route(f"{live_server.url}{path}", inject)
        with page.expect_request("**/csp-report/"):
            page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.hlmInjected") is None
        assert page.evaluate("window.hlmHandler") is None
        directives = {event["directive"] for event in violations.events}
        assert {"script-src-elem", "script-src-attr"} <= directives, violations.events
        page.unroute(f"{live_server.url}{path}")
    reports = [r.getMessage() for r in caplog.records if r.name == "hlm.csp"]
    assert any("script-src" in report for report in reports), reports
