"""The static offline pack, unpacked and opened in Chromium from file:// with every other
URL refused: index, a lesson, an attachment download and a search typed without diacritics
all work, and no request leaves the pack."""

import unicodedata
import urllib.parse
import urllib.request
import zipfile

import pytest
from playwright.sync_api import expect

from content_models.offline.builder import build_pack
from content_models.offline.writers import write_pack
from content_models.text import fold
from tests.browser.conftest import TIMEOUT_MS
from tests.content_models.offline_content import pack_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

BROWSER_INTERNAL = ("chrome://", "chrome-extension://", "chrome-untrusted://")
FOLD_SAMPLES = [
    "Đạo hàm của hàm số",
    "QUANG HỢP Ở THỰC VẬT",
    "hoà / hòa / HOÀ",
    unicodedata.normalize("NFD", "Phân số và số thập phân"),
    "Ước lượng, ưu tiên, Ơn huệ",
    "Tiếng Việt: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự ỳ ỷ ỹ ỵ",
    "Ñandú, Ångström, ǅ, ß",
    "हिन्दी, Ελληνικά ΣΟΦΊΑ",
]


@pytest.fixture
def unpacked(site_tree, centre_a, tmp_path):
    _home, library = site_tree
    collection, _course, lessons = pack_content(centre_a, library)
    write_pack(build_pack(collection, "zip"), "zip", tmp_path / "pack.zip")
    with zipfile.ZipFile(tmp_path / "pack.zip") as archive:
        archive.extractall(tmp_path / "site")
    return tmp_path / "site", lessons


@pytest.fixture
def offline_page(browser):
    """A page in an offline context (Playwright's network emulation: no connection at all),
    which also aborts and records every request not for a file:// URL."""
    context = browser.new_context(locale="vi-VN", accept_downloads=True, offline=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.outside_requests = []
    context.console_errors = []

    def refuse(route):
        context.outside_requests.append(route.request.url)
        route.abort()

    # The browser's own pages (its PDF viewer's chrome:// scripts) are not a network.
    context.route(lambda url: not url.startswith(("file://", *BROWSER_INTERNAL)), refuse)
    # Anything Chromium attempts, routed or not (a request the route cannot see still shows).
    context.on(
        "request",
        lambda request: (
            request.url.startswith(("http:", "https:", "ws:", "wss:", "ftp:"))
            and context.outside_requests.append(request.url)
        ),
    )
    page = context.new_page()
    page.on(
        "console",
        lambda message: message.type == "error" and context.console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: context.console_errors.append(str(error)))
    yield page
    context.close()


def test_pack_opens_from_file_and_searches_without_diacritics(unpacked, offline_page, shot):
    site, lessons = unpacked
    page = offline_page
    page.goto((site / "index.html").as_uri())
    expect(page.locator("h1")).to_have_text("Học liệu ôn tập")
    expect(page.locator("#pack-lessons > li")).to_have_count(3)
    shot(page, "index")

    page.locator("#pack-query").fill("diep luc")
    results = page.locator("#pack-results li")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Quang hợp ở thực vật")
    page.locator("#pack-query").fill("DAO HAM")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Đạo hàm của hàm số")
    page.locator("#pack-query").fill("so thap phan")
    expect(results.first).to_contain_text("Phân số và số thập phân")
    page.locator("#pack-query").fill("khong co tu nay")
    expect(results).to_have_count(0)
    expect(page.locator("#pack-search-status")).to_have_text("Không tìm thấy bài học nào.")
    shot(page, "search")

    page.locator("#pack-query").fill("dao ham")
    results.first.locator("a").click()
    expect(page.locator("h1")).to_have_text("Đạo hàm của hàm số")
    assert page.url.startswith("file://") and "/lessons/" in page.url
    expect(page.locator(".pack-footer")).to_contain_text("CC BY 4.0")
    expect(page.locator(".pack-footer")).to_contain_text("Nguyễn Thị Hoa")
    cover = page.locator(".cover img")
    expect(cover).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", cover.element_handle())
    shot(page, "lesson")

    # The attachment link leads to the PDF inside the pack: Chromium opens file:// links
    # with its viewer rather than as a download, so the test follows the link itself.
    link = page.locator(".attachments a", has_text="Phiếu bài tập")
    target = link.evaluate("a => a.href")
    assert target.startswith("file://") and target.endswith(".pdf")
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value is None or navigation.value.ok
    assert page.url == target
    with open(urllib.request.url2pathname(urllib.parse.urlsplit(target).path), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.go_back()

    page.locator(".crumbs a").click()
    expect(page.locator("h1")).to_have_text("Học liệu ôn tập")
    assert page.context.outside_requests == []
    assert page.context.console_errors == [], page.context.console_errors


def test_pack_search_folds_exactly_as_the_server_does(unpacked, offline_page):
    site, _lessons = unpacked
    offline_page.goto((site / "index.html").as_uri())
    folded = offline_page.evaluate("samples => samples.map(window.hlmFold)", FOLD_SAMPLES)
    assert folded == [fold(sample) for sample in FOLD_SAMPLES]
    assert offline_page.context.outside_requests == []
