"""Issue 4, browser scenario 1: a learner on a 360×740 phone searches without diacritics,
filters by programme level, opens the lesson, sees the preview and downloads the PDF."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from content_models.usage.buffer import flush
from media.models import CustomDocument
from tests.browser.conftest import PHONE
from tests.browser.content import (
    LEVEL_THCS,
    LEVEL_THPT,
    make_document,
    pdf_bytes,
    publish_lesson,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TARGET = "Phương trình bậc hai một ẩn"
OTHER = "Phương trình bậc nhất một ẩn"
UNRELATED = "Di tích lịch sử tỉnh Lai Châu"
ATTACHMENT = "Phiếu bài tập phương trình bậc hai"


@pytest.fixture
def catalogue(centre_a, centre_b):
    pdf = pdf_bytes("Phuong trinh bac hai - phieu bai tap")
    document = make_document(centre_a, ATTACHMENT, pdf, filename="phieu-bai-tap.pdf")
    target = publish_lesson(
        centre_a,
        TARGET,
        summary="Cách giải phương trình bậc hai bằng công thức nghiệm và định lí Vi-ét.",
        levels=[LEVEL_THPT],
        subjects=["Toán"],
        grades=[10],
        objectives=["Nhận biết phương trình bậc hai", "Giải bằng công thức nghiệm"],
        attachments=[(document, ATTACHMENT)],
    )
    other = publish_lesson(
        centre_b,
        OTHER,
        summary="Giải phương trình bậc nhất một ẩn và bài toán thực tế.",
        levels=[LEVEL_THCS],
        subjects=["Toán"],
        grades=[8],
    )
    publish_lesson(
        centre_b,
        UNRELATED,
        summary="Các dân tộc và di tích của tỉnh Lai Châu.",
        levels=[LEVEL_THCS],
        subjects=["Lịch sử"],
    )
    return SimpleNamespace(target=target, other=other, pdf=pdf, document=document)


def test_learner_on_a_phone_searches_filters_opens_and_downloads(
    new_context, shot, catalogue, search_environment
):
    search_environment.refresh()
    page = new_context(**PHONE).new_page()

    # Home page: the search box comes first.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    box = page.locator("main").get_by_role("searchbox")
    expect(box).to_be_visible()
    box.fill("phuong trinh")
    shot(page, "home-query")
    box.press("Enter")

    # Results: both "phương trình" lessons, found without diacritics; the unrelated one not.
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=phuong\+trinh"))
    hits = page.locator(".search-hit-title")
    expect(hits).to_have_count(2)
    expect(hits.filter(has_text=TARGET)).to_have_count(1)
    expect(hits.filter(has_text=OTHER)).to_have_count(1)
    expect(page.locator(".search-hits")).not_to_contain_text(UNRELATED)
    if search_environment.elasticsearch:
        # Served by Elasticsearch itself, not the degraded database fallback.
        expect(page.locator(".search-degraded")).to_have_count(0)
    shot(page, "results")

    # Filter by programme level (a facet checkbox, applied with the form's button).
    facets = page.locator(".search-facets")
    level = facets.get_by_role("checkbox", name=re.compile(re.escape(LEVEL_THPT)))
    level.check()
    facets.get_by_role("button", name="Áp dụng bộ lọc").click()
    expect(page).to_have_url(re.compile(r"[?&]level="))
    expect(hits).to_have_count(1)
    expect(hits.first).to_have_text(TARGET)
    expect(page.locator(".search-active")).to_contain_text(LEVEL_THPT)
    expect(facets.get_by_role("checkbox", name=re.compile(re.escape(LEVEL_THPT)))).to_be_checked()
    shot(page, "filtered")

    # The lesson page.
    hits.first.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text(TARGET)
    attachment = page.locator(".attachment").filter(has_text=ATTACHMENT)
    expect(attachment).to_contain_text("0 lượt tải")
    shot(page, "lesson")

    # The preview: the PDF's first page as an image that really loads, and the browser's
    # own viewer behind "open in the browser" (HEAD, so the download count is not touched).
    thumbnail = attachment.locator(".pdf-preview img")
    thumbnail.scroll_into_view_if_needed()
    expect(thumbnail).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    viewer = attachment.get_by_role("link", name=re.compile("Mở trong trình duyệt"))
    assert viewer.get_attribute("href") == catalogue.document.url
    head = page.request.head(viewer.get_attribute("href"))
    assert head.status == 200
    assert head.headers["content-type"] == "application/pdf"
    assert head.headers["content-disposition"].startswith("inline")
    shot(page, "preview", full_page=False)

    # The download: the very bytes that were uploaded, and the counter rises by one.
    with page.expect_download() as download_info:
        attachment.get_by_role("link", name=re.compile("^Tải về")).click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes() == catalogue.pdf
    # Counts are buffered off the request: write this process's batch now
    # (docs/usage-and-reports.md).
    flush()
    page.reload()
    expect(page.locator(".attachment").filter(has_text=ATTACHMENT)).to_contain_text("1 lượt tải")
    shot(page, "downloaded")
    assert CustomDocument.objects.get(pk=catalogue.document.pk).download_count == 1
