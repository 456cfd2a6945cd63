"""The public search page /tim-kiem/ on the database backend and on the real Elasticsearch."""

import re
import time

from django.db import connection
from django.urls import reverse

import pytest

from search.types import MAX_PAGE
from tests.search.catalogue import (
    WEB_CATALOGUE,
    XSS_TITLE,
    assert_no_leak,
    break_database_table,
    closed_port_url,
    silent_server,
)

pytestmark = pytest.mark.django_db

URL = "/tim-kiem/"


# One catalogue for the module's tests (tests/search/conftest.py, docs/testing.md).
CATALOGUE_SCOPE = "module"
CATALOGUE_LESSONS = WEB_CATALOGUE


@pytest.fixture
def catalogue_lessons():
    return CATALOGUE_LESSONS


def html(response):
    return response.content.decode()


def hit_titles(response):
    return [hit.title for hit in response.context["results"].hits]


def test_url_names():
    assert reverse("search:search") == URL
    assert reverse("search:autocomplete") == "/tim-kiem/goi-y/"


def test_empty_page_lists_everything_with_facets(catalogue, client):
    response = client.get(URL)
    assert response.status_code == 200
    body = html(response)
    assert '<meta name="robots" content="noindex">' in body
    assert response.context["results"].total == len(catalogue)
    assert 'name="q"' in body and 'role="search"' in body
    # Facets are checkboxes of the same GET form, with counts.
    assert '<input type="checkbox" form="search-form" name="subject" value="toan"' in body
    assert re.search(r"Toán <span class=\"count\">\(8\)</span>", body)


def test_text_search_highlights_and_badges(catalogue, client):
    response = client.get(URL, {"q": "phuong trinh bac hai"})
    assert response.status_code == 200
    assert hit_titles(response)[0] == "Phương trình bậc hai"
    body = html(response)
    assert "<mark>" in body
    assert "</mark><mark>" not in body  # words keep their spaces (no {% spaceless %})
    assert 'class="badge badge--level">Chương trình GDTX cấp THPT<' in body
    assert 'class="badge badge--subject">Toán<' in body
    assert 'class="badge badge--grade">Lớp 10<' in body
    assert 'class="badge badge--licence">CC BY 4.0<' in body
    assert 'value="phuong trinh bac hai"' in body
    assert "Tìm thấy" in body


def test_everything_but_highlights_is_escaped(catalogue, client):
    response = client.get(URL, {"q": "kiểm tra"})
    assert response.status_code == 200
    body = html(response)
    assert XSS_TITLE in hit_titles(response)
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "<img" not in body
    typed = html(client.get(URL, {"q": '"><script>alert(2)</script>'}))
    assert "<script>alert(2)" not in typed
    assert 'value="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in typed


def test_filters_are_checked_and_removable(catalogue, client):
    response = client.get(URL, {"q": "phương trình", "subject": "toan", "grade": "10"})
    assert response.status_code == 200
    assert hit_titles(response) == ["Phương trình bậc hai"]
    body = html(response)
    assert re.search(r'name="grade" value="10" checked', body)
    assert "Lớp: Lớp 10" in body and "Môn học: Toán" in body
    removal = re.search(r'href="/tim-kiem/\?([^"]*)"[^>]*aria-label="Bỏ bộ lọc Lớp: Lớp 10"', body)
    assert removal
    dropped = client.get(URL + "?" + removal.group(1).replace("&amp;", "&"))
    assert set(hit_titles(dropped)) >= {"Phương trình bậc hai", "Bất phương trình bài 1"}
    assert dropped.context["query"].filters == {"subject": ("toan",)}


def test_selected_value_with_no_hits_stays_in_the_form(catalogue, client):
    # Tiếng Anh is a real subject no lesson uses: its checkbox must remain, checked.
    response = client.get(URL, {"subject": "tieng-anh"})
    assert response.status_code == 200
    assert response.context["results"].total == 0
    assert re.search(r'name="subject" value="tieng-anh" checked', html(response))
    assert "Không tìm thấy học liệu phù hợp." in html(response)


def test_unknown_filter_is_ignored_with_a_message(catalogue, client):
    response = client.get(URL, {"q": "phân số", "grade": "abc", "subject": "khong-co"})
    assert response.status_code == 200
    assert hit_titles(response) == ["Phân số"]
    body = html(response)
    assert "Bỏ qua giá trị không hợp lệ của bộ lọc “Lớp”: abc." in body
    assert "khong-co" in body


def test_sort_select_and_pagination(catalogue, client):
    response = client.get(URL, {"q": "bất phương trình", "page_size": "2", "sort": "newest"})
    assert response.status_code == 200
    body = html(response)
    assert response.context["page_count"] == 3
    assert '<option value="newest" selected>' in body
    next_link = re.search(r'rel="next" href="/tim-kiem/\?([^"]*)"', body).group(1)
    assert next_link.replace("&amp;", "&").endswith("&sort=newest&page_size=2&page=2")
    assert 'aria-current="page">1<' in body
    second = client.get(URL, {"q": "bất phương trình", "page_size": "2", "page": "2"})
    assert second.status_code == 200
    assert 'rel="prev"' in html(second) and 'rel="next"' in html(second)
    assert not set(hit_titles(second)) & set(hit_titles(response))


def test_page_beyond_the_results_is_a_page_not_an_error(catalogue, client):
    response = client.get(URL, {"q": "phân số", "page": "7"})
    assert response.status_code == 200
    assert "Trang này không có kết quả." in html(response)


@pytest.mark.parametrize("page", [str(MAX_PAGE + 1), "100000", "1000000000"])
def test_page_beyond_the_cap_is_404_with_a_reason(catalogue, client, page):
    response = client.get(URL, {"q": "phương trình", "page": page})
    assert response.status_code == 404
    assert f"Chỉ xem được tối đa {MAX_PAGE} trang kết quả" in html(response)
    assert_no_leak(response)


@pytest.mark.parametrize("page", ["0", "-1", "abc"])
def test_bad_page_number_shows_page_one(catalogue, client, page):
    response = client.get(URL, {"q": "phương trình", "page": page})
    assert response.status_code == 200
    assert response.context["query"].page == 1
    assert "Số trang phải là số nguyên từ 1 trở lên" in html(response)


def test_elasticsearch_configured_but_stopped_answers_from_the_database(
    catalogue, client, settings
):
    settings.ELASTICSEARCH_URL = closed_port_url()
    response = client.get(URL, {"q": "phan so"})
    assert response.status_code == 200
    assert response.context["results"].degraded
    assert response.context["results"].backend == "database"
    assert hit_titles(response) == ["Phân số"]
    assert "Tìm kiếm đang bị giới hạn." in html(response)
    assert_no_leak(response)


def test_hung_elasticsearch_answers_within_the_timeout(catalogue, client, settings):
    settings.ELASTICSEARCH_TIMEOUT = 1
    with silent_server() as url:
        settings.ELASTICSEARCH_URL = url
        started = time.monotonic()
        response = client.get(URL, {"q": "dao ham"})
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert response.context["results"].degraded
    assert hit_titles(response) == ["Đạo hàm và ứng dụng"]
    assert elapsed < 5, f"the page took {elapsed:.1f} s"


def test_failing_service_gives_503_in_vietnamese(catalogue, client):
    break_database_table(connection)
    response = client.get(URL, {"q": "phương trình"})
    assert response.status_code == 503
    assert response["Retry-After"]
    body = html(response)
    assert "Tìm kiếm tạm thời không khả dụng" in body
    assert '<meta name="robots" content="noindex">' in body
    assert_no_leak(response)


def test_autocomplete_json(catalogue, client):
    response = client.get("/tim-kiem/goi-y/", {"q": "phuong tr"})
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert suggestions and {"title", "url"} == set(suggestions[0])
    assert "Phương trình bậc hai" in [item["title"] for item in suggestions]
    assert client.get("/tim-kiem/goi-y/", {"q": "p"}).json()["suggestions"] == []
    bad = client.get("/tim-kiem/goi-y/", {"q": "phuong", "limit": "abc"})
    assert bad.status_code == 400 and "limit" in bad.json()["detail"]


def test_page_loads_the_autocomplete_script_and_works_without_it(catalogue, client):
    body = html(client.get(URL))
    assert 'data-autocomplete-url="/tim-kiem/goi-y/"' in body
    assert "js/autocomplete.js" in body
    # Without JavaScript every control is part of one GET form.
    assert re.search(r'<form id="search-form"[^>]*method="get"', body)
    assert 'name="sort" form="search-form"' in body


@pytest.mark.search
def test_elasticsearch_page_search(es_catalogue, client):
    response = client.get(URL, {"q": "dao ham", "subject": "toan"})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.backend == "elasticsearch" and not results.degraded
    assert hit_titles(response)[0] == "Đạo hàm và ứng dụng"
    assert "<mark>" in html(response)
    assert "Tìm kiếm đang bị giới hạn." not in html(response)


@pytest.mark.search
def test_elasticsearch_page_facets_and_paging(es_catalogue, client):
    response = client.get(URL, {"q": "bất phương trình", "page_size": "2", "page": "3"})
    assert response.status_code == 200
    assert response.context["results"].backend == "elasticsearch"
    assert response.context["page_count"] == 3
    assert len(hit_titles(response)) == 1
    assert re.search(r'name="grade" value="9"', html(response))
