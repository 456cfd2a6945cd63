"""Low bandwidth: a lesson page's own weight (HTML + CSS + JS it links, without user media)
stays within 150 KB. Figures are printed (run with -s to see them)."""

import gzip
import re

from django.conf import settings
from django.contrib.staticfiles import finders

import pytest

from content_models.models import LessonPage
from tests.cms.conftest import publish

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 150 * 1024
ASSET_PATTERN = re.compile(
    r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"'
)
PARAGRAPH = (
    "<p>Phương trình bậc hai một ẩn là phương trình có dạng ax² + bx + c = 0, trong đó x là ẩn, "
    "a, b, c là những số cho trước gọi là các hệ số và a khác 0. Để giải, ta tính biệt thức "
    "Δ = b² − 4ac rồi xét dấu của Δ: nếu Δ > 0 phương trình có hai nghiệm phân biệt, nếu Δ = 0 "
    "phương trình có nghiệm kép, nếu Δ < 0 phương trình vô nghiệm. Học viên hãy làm các ví dụ "
    "trong phiếu bài tập kèm theo và đối chiếu với đáp án ở cuối bài.</p>"
)


def own_assets(html):
    """Local CSS and JS files the page links (user media and other hosts excluded)."""
    paths = []
    for match in ASSET_PATTERN.finditer(html):
        url = match.group(1) or match.group(2)
        if url.startswith(settings.STATIC_URL):
            paths.append(url.removeprefix(settings.STATIC_URL))
    return paths


def measure(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content
    assets = {}
    for path in own_assets(html.decode()):
        found = finders.find(path)
        assert found, f"{path} is linked but not found"
        with open(found, "rb") as handle:
            assets[path] = handle.read()
    total = len(html) + sum(len(data) for data in assets.values())
    gzipped = len(gzip.compress(html)) + sum(len(gzip.compress(d)) for d in assets.values())
    return {
        "html": len(html),
        "assets": {p: len(d) for p, d in assets.items()},
        "total": total,
        "gzipped": gzipped,
    }


def report(name, figures):
    assets = ", ".join(f"{path} {size / 1024:.1f} KB" for path, size in figures["assets"].items())
    print(
        f"\n[weight] {name}: HTML {figures['html'] / 1024:.1f} KB + {assets} = "
        f"{figures['total'] / 1024:.1f} KB ({figures['gzipped'] / 1024:.1f} KB gzip)"
    )


def test_lesson_page_weighs_at_most_150_kb(client, public_content):
    lesson = LessonPage.objects.get(pk=public_content["lesson"].pk)
    # A realistic lesson: a dozen paragraphs, formulas, a table, a video and three files.
    for _ in range(12):
        lesson.body.append(("paragraph", PARAGRAPH))
    publish(lesson)
    figures = measure(client, lesson.url)
    report("lesson page", figures)
    assert "css/site.css" in figures["assets"] and "js/site.js" in figures["assets"]
    assert figures["total"] <= BUDGET_BYTES


def test_listing_pages_weigh_little_too(client, public_content):
    for name, url in (("home page", "/"), ("library page", public_content["library"].url)):
        figures = measure(client, url)
        report(name, figures)
        assert figures["total"] <= BUDGET_BYTES


def test_no_web_fonts_or_third_party_assets(client, public_content):
    html = client.get(public_content["lesson"].url).content.decode()
    linked = [a or b for a, b in ASSET_PATTERN.findall(html)]
    assert linked and all(url.startswith(settings.STATIC_URL) for url in linked), linked
    assert "@font-face" not in html
    with open(finders.find("css/site.css"), encoding="utf-8") as handle:
        css = handle.read()
    assert "@font-face" not in css and "@import" not in css and "url(" not in css
