"""What the pages say, checked where a person or the HTML checker noticed it going wrong:
no "None" description, `datetime` values the HTML checker accepts, no repeated sizes, no
aria-label on <code>. See docs/public-site.md ("Wording")."""

import re

from django.core.cache import cache

import pytest
from bs4 import BeautifulSoup

from cms.models import SiteSettings

# HTML's global date and time string, whole seconds (what the Nu checker accepts).
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:?\d\d)$")


def _soup(response):
    assert response.status_code in (200, 404), response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize("path", ["/tim-kiem/?q=phuong+trinh", "/khong-co-trang-nay/"])
def test_pages_without_a_page_have_no_none_description(client, public_content, path):
    soup = _soup(client.get(path))
    for meta in soup.find_all("meta", attrs={"name": "description"}):
        assert meta["content"].strip() not in ("", "None")
    assert 'content="None"' not in str(soup)


def test_lesson_times_and_code(client, public_content):
    soup = _soup(client.get(public_content["lesson"].url))
    times = soup.find_all("time")
    assert times
    for time in times:
        assert DATETIME.match(time["datetime"]), time["datetime"]
    assert not soup.select("code[aria-label]")


def test_lesson_sizes_are_said_once_and_the_cost_only_with_a_price(client, public_content):
    content = client.get(public_content["lesson"].url).content.decode()
    assert "dữ liệu di động" not in content
    settings = SiteSettings.for_site(public_content["lesson"].get_site())
    settings.mobile_data_price_per_mb = 10_000
    settings.save()
    cache.clear()
    content = client.get(public_content["lesson"].url).content.decode()
    assert re.search(r"khoảng [\d.]+ đồng dữ liệu di động", content)
    assert "≈" not in content
