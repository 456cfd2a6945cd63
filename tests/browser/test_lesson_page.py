"""Issue 4, browser scenario 4 and the lesson page's budget: without JavaScript everything is
there and downloads work; the page's own HTML + CSS + JS weight; basic accessibility facts."""

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from content_models.usage.buffer import flush
from media.models import CustomDocument
from tests.browser.conftest import PHONE, SCREENSHOTS
from tests.browser.content import LEVEL_THPT, make_document, pdf_bytes, publish_lesson

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

KB = 1024
OWN_WEIGHT_BUDGET = 150 * KB
OWN_TYPES = {"document": "html", "stylesheet": "css", "script": "js"}

TITLE = "Hàm số lượng giác và đồ thị"
SUMMARY = "Khảo sát các hàm số sin, côsin, tang và vẽ đồ thị trên đường tròn lượng giác."
OBJECTIVES = ["Nhận biết tính tuần hoàn của hàm số lượng giác", "Vẽ được đồ thị hàm số y = sin x"]
BODY_HEADING = "Đường tròn lượng giác"
BODY_TEXT = "Trên đường tròn đơn vị, mỗi số thực x ứng với một điểm M duy nhất."
AUTHORS = "Lò Văn Sáng, Nguyễn Thị Hoa"
ATTACHMENT = "Bài tập đồ thị hàm số lượng giác"


@pytest.fixture
def lesson(centre_a):
    pdf = pdf_bytes("Do thi ham so luong giac")
    document = make_document(centre_a, ATTACHMENT, pdf, filename="bai-tap-do-thi.pdf")
    page = publish_lesson(
        centre_a,
        TITLE,
        summary=SUMMARY,
        levels=[LEVEL_THPT],
        subjects=["Toán"],
        grades=[11],
        objectives=OBJECTIVES,
        body=[(BODY_HEADING, f"<p>{BODY_TEXT}</p>")],
        authors=AUTHORS,
        attachments=[(document, ATTACHMENT)],
    )
    return SimpleNamespace(page=page, url=page.url, pdf=pdf, document=document)


def test_lesson_page_without_javascript_shows_everything_and_downloads(
    new_context, shot, lesson, centre_a
):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(lesson.url)

    expect(page.locator("h1")).to_have_text(TITLE)
    main = page.locator("main")
    expect(main).to_contain_text(SUMMARY)
    objectives = page.locator(".objectives li")
    expect(objectives).to_have_text(OBJECTIVES)
    body = page.locator(".lesson .body")
    expect(body).to_contain_text(BODY_HEADING)
    expect(body).to_contain_text(BODY_TEXT)
    expect(main).to_contain_text(centre_a.name)
    expect(main).to_contain_text("CC BY 4.0")
    attachment = page.locator(".attachment").filter(has_text=ATTACHMENT)
    expect(attachment).to_contain_text("PDF")
    expect(attachment).to_contain_text("0 lượt tải")
    expect(attachment).to_contain_text(re.compile(r"\d+(,\d+)?\s*(byte|KB)"))
    # "How to credit this": readable and selectable without the copy button's script.
    credit = page.locator("textarea#attribution-text")
    expect(credit).to_be_visible()
    for part in (TITLE, "Lò Văn Sáng", centre_a.name, "CC BY 4.0"):
        expect(credit).to_have_value(re.compile(re.escape(part)))
    shot(page, "no-js-lesson")

    with page.expect_download() as download_info:
        attachment.get_by_role("link", name=re.compile("^Tải về")).click()
    download = download_info.value
    assert download.failure() is None
    assert Path(download.path()).read_bytes() == lesson.pdf
    # Counts are buffered off the request: write this process's batch now
    # (docs/usage-and-reports.md).
    flush()
    page.reload()
    expect(page.locator(".attachment").filter(has_text=ATTACHMENT)).to_contain_text("1 lượt tải")
    shot(page, "no-js-downloaded")
    assert CustomDocument.objects.get(pk=lesson.document.pk).download_count == 1

    # No dead controls: the copy buttons need site.js (which unhides them), so without
    # JavaScript they must stay hidden.
    for button in page.locator(".copy-button").all():
        expect(button).to_be_hidden()


def test_lesson_page_own_weight_is_within_budget(new_context, shot, lesson, capsys):
    """HTML + CSS + JS as transferred to a first-time visitor on a phone (empty cache);
    pictures, the QR code and user media are reported but not counted."""
    context = new_context(**PHONE)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(lesson.url, wait_until="networkidle")
    # Scroll to the end so lazy images load too, then wait for the network to settle.
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    shot(page, "weight")

    by_type, files = {}, []
    for response in responses:
        sizes = response.request.sizes()
        transferred = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        kind = OWN_TYPES.get(response.request.resource_type, response.request.resource_type)
        by_type[kind] = by_type.get(kind, 0) + transferred
        files.append((kind, response.status, transferred, response.url))
    own = sum(by_type.get(kind, 0) for kind in OWN_TYPES.values())

    report = {
        "url": lesson.url,
        "own_bytes": own,
        "budget_bytes": OWN_WEIGHT_BUDGET,
        "by_type": by_type,
        "files": files,
    }
    (SCREENSHOTS.parent / "lesson-page-weight.json").write_text(json.dumps(report, indent=2))
    with capsys.disabled():
        print(
            f"\nlesson page own weight: {own / KB:.1f} KB (HTML + CSS + JS, budget 150 KB); "
            + ", ".join(f"{kind} {size / KB:.1f} KB" for kind, size in sorted(by_type.items()))
        )
    assert context.outside_requests == []  # no fonts, scripts or trackers from elsewhere
    assert by_type.get("html", 0) > 0, files
    assert by_type.get("css", 0) > 0, files
    assert all(status < 400 for kind, status, _size, _url in files if kind in ("css", "js"))
    assert own <= OWN_WEIGHT_BUDGET, report


def test_lesson_page_accessibility_basics(new_context, shot, lesson):
    page = new_context().new_page()
    page.goto(lesson.url)
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    # The skip link is the first stop of the keyboard and moves focus to the main content.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert skip.get_attribute("href") == "#main"
    shot(page, "skip-link-focused", full_page=False)
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    # Every picture has an alt attribute (empty only for decoration).
    missing_alt = page.locator("img:not([alt])")
    expect(missing_alt).to_have_count(0)
    assert page.locator("img").count() >= 2  # the PDF preview and the QR code at least

    # Every form control has a label (or an accessible name given another way).
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll('input, select, textarea'))
            .filter(el => el.type !== 'hidden')
            .filter(el => !(el.labels && el.labels.length)
                && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
            .map(el => el.outerHTML)"""
    )
    assert unlabelled == []
    assert page.locator("input, select, textarea").count() >= 2
