"""The JSON API at /api/v1/ (django-ninja): payloads, errors, OpenAPI, both backends."""

from django.db import connection
from django.urls import reverse

import pytest

from search.forms import FACET_LABELS
from search.types import FACETS, MAX_PAGE, PAGE_SIZE_MAX
from tests.search.catalogue import (
    WEB_CATALOGUE,
    XSS_TITLE,
    assert_no_leak,
    break_database_table,
    closed_port_url,
)

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search"
PAYLOAD_KEYS = {
    "query",
    "relaxed",
    "not_found",
    "suggestion",
    "hits",
    "facets",
    "total",
    "page",
    "page_size",
    "page_count",
    "backend",
    "degraded",
    "messages",
}


# One catalogue for the module's tests (tests/search/conftest.py, docs/testing.md).
CATALOGUE_SCOPE = "module"
CATALOGUE_LESSONS = WEB_CATALOGUE


@pytest.fixture
def catalogue_lessons():
    return CATALOGUE_LESSONS


def titles(payload):
    return [hit["title"] for hit in payload["hits"]]


def test_url_names():
    assert reverse("search:search-api:openapi-json") == "/api/v1/openapi.json"
    assert reverse("search:search-api:openapi-view") == "/api/v1/docs"


def test_search_payload(catalogue, client):
    response = client.get(
        SEARCH, {"q": "phuong trinh bac hai", "level": "chuong-trinh-gdtx-cap-thpt"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    payload = response.json()
    assert set(payload) == PAYLOAD_KEYS
    assert payload["backend"] == "database" and payload["degraded"] is False
    assert payload["relaxed"] is False and payload["not_found"] == []
    assert payload["suggestion"] == ""
    assert titles(payload)[0] == "Phương trình bậc hai"
    hit = payload["hits"][0]
    assert hit["subjects"] == ["Toán"] and hit["grades"] == [10]
    assert hit["licence"] == "CC BY 4.0"
    assert hit["url"].endswith("/") and hit["page_id"] == catalogue["quadratic"].pk
    assert any("<mark>" in fragment for fragment in hit["highlights"])
    assert payload["query"]["filters"] == {"level": ["chuong-trinh-gdtx-cap-thpt"]}
    assert payload["page"] == 1 and payload["page_count"] >= 1
    subject_counts = {value["value"]: value["count"] for value in payload["facets"]["subject"]}
    assert subject_counts["toan"] >= 1


def test_hostile_title_is_data_not_markup(catalogue, client):
    payload = client.get(SEARCH, {"q": "kiểm tra"}).json()
    assert XSS_TITLE in titles(payload)
    hit = next(hit for hit in payload["hits"] if hit["title"] == XSS_TITLE)
    assert all("<script>" not in fragment for fragment in hit["highlights"])


def test_filters_sort_and_paging(catalogue, client):
    payload = client.get(
        SEARCH, {"subject": "toan", "grade": ["9", "10"], "page_size": "2", "sort": "newest"}
    ).json()
    assert payload["total"] == 6
    assert payload["page_count"] == 3 and len(payload["hits"]) == 2
    last = client.get(
        SEARCH, {"subject": "toan", "grade": ["9", "10"], "page_size": "2", "page": "3"}
    ).json()
    assert len(last["hits"]) == 2
    assert not set(titles(last)) & set(titles(payload))
    grade_facet = {value["value"]: value for value in payload["facets"]["grade"]}
    assert grade_facet["9"]["selected"] and grade_facet["10"]["selected"]


def test_page_size_is_capped_with_a_message(catalogue, client):
    payload = client.get(SEARCH, {"page_size": "1000000"}).json()
    assert payload["page_size"] == PAGE_SIZE_MAX
    assert any(str(PAGE_SIZE_MAX) in message for message in payload["messages"])


@pytest.mark.parametrize(
    "params, names",
    [
        ({"grade": "abc"}, "Lớp"),
        ({"grade": "99"}, "Lớp"),
        ({"subject": "khong-ton-tai"}, "Môn học"),
        ({"page": "0"}, "Số trang"),
        ({"page": "-1"}, "Số trang"),
        ({"page": "abc"}, "Số trang"),
        ({"page": str(MAX_PAGE + 1)}, f"tối đa {MAX_PAGE} trang"),
        ({"page": "100000"}, f"tối đa {MAX_PAGE} trang"),
        ({"page": "1000000000"}, f"tối đa {MAX_PAGE} trang"),
        ({"page_size": "0"}, "Số kết quả mỗi trang"),
        ({"sort": "title"}, "sắp xếp"),
        ({"q": ["a", "b"]}, "“q”"),
        ({"subject": [f"mon-{n}" for n in range(1000)]}, "tối đa 20 giá trị"),
    ],
)
def test_bad_parameters_are_400_with_a_vietnamese_reason(catalogue, client, params, names):
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert isinstance(detail, str) and names in detail
    assert_no_leak(response)


def test_degraded_flag_when_elasticsearch_is_down(catalogue, client, settings):
    settings.ELASTICSEARCH_URL = closed_port_url()
    response = client.get(SEARCH, {"q": "hoa binh"})
    assert response.status_code == 200
    payload = response.json()
    assert payload["degraded"] is True and payload["backend"] == "database"
    assert titles(payload) == ["Hòa bình và hợp tác"]
    assert any("giới hạn" in message for message in payload["messages"])


def test_failing_service_is_503_json(catalogue, client):
    break_database_table(connection)
    response = client.get(SEARCH, {"q": "phương trình"})
    assert response.status_code == 503
    assert "Tìm kiếm tạm thời không khả dụng" in response.json()["detail"]
    assert_no_leak(response)


def test_autocomplete(catalogue, client):
    response = client.get("/api/v1/autocomplete", {"q": "dao h"})
    assert response.status_code == 200
    payload = response.json()
    assert payload["q"] == "dao h"
    assert payload["suggestions"][0]["title"] == "Đạo hàm và ứng dụng"
    assert set(payload["suggestions"][0]) == {"title", "url"}
    assert client.get("/api/v1/autocomplete", {"q": ""}).json()["suggestions"] == []
    limited = client.get("/api/v1/autocomplete", {"q": "bat phuong", "limit": "2"}).json()
    assert len(limited["suggestions"]) == 2
    bad = client.get("/api/v1/autocomplete", {"q": "dao", "limit": "many"})
    assert bad.status_code == 400 and "limit" in bad.json()["detail"]


def test_related(catalogue, client):
    lesson = catalogue["series1"]
    response = client.get(f"/api/v1/lessons/{lesson.pk}/related", {"limit": "3"})
    assert response.status_code == 200
    payload = response.json()
    assert payload["page_id"] == lesson.pk
    related_ids = [hit["page_id"] for hit in payload["hits"]]
    assert lesson.pk not in related_ids and 0 < len(related_ids) <= 3
    assert payload["hits"][0]["title"].startswith("Bất phương trình")


def test_related_of_unpublished_or_missing_lesson_is_404(catalogue, client, make_lesson):
    draft = make_lesson("Bản nháp chưa duyệt", publish=False)
    for page_id in (draft.pk, 999_999, 10**30):
        response = client.get(f"/api/v1/lessons/{page_id}/related")
        assert response.status_code == 404, page_id
        assert "Không tìm thấy" in response.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/lessons/abc/related", "/api/v1/lessons/1/related?limit=0"]
)
def test_related_bad_parameters_are_400(catalogue, client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Tham số không hợp lệ")


def test_openapi_schema_lists_the_search_parameters(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"q", "sort", "page", "page_size", *FACETS}
    by_name = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert by_name["page"]["schema"]["maximum"] == MAX_PAGE
    assert by_name["page_size"]["schema"]["maximum"] == PAGE_SIZE_MAX
    assert by_name["subject"]["schema"]["type"] == "array"
    assert set(by_name["sort"]["schema"]["enum"]) == {"relevance", "newest", "most_viewed"}
    assert set(operation["responses"]) >= {"200", "400", "503"}
    assert "/api/v1/autocomplete" in schema["paths"]
    assert "/api/v1/lessons/{lesson_id}/related" in schema["paths"]
    assert len(FACET_LABELS) == len(FACETS)


def test_docs_page_points_at_the_schema(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "/api/v1/openapi.json" in response.content.decode()


@pytest.mark.search
def test_elasticsearch_api_search(es_catalogue, client):
    payload = client.get(SEARCH, {"q": "phan so", "licence": "cc-by-nd-40"}).json()
    assert payload["backend"] == "elasticsearch" and payload["degraded"] is False
    assert titles(payload) == ["Phân số"]
    assert any("<mark>" in fragment for fragment in payload["hits"][0]["highlights"])
    licences = {value["value"]: value["count"] for value in payload["facets"]["licence"]}
    assert licences.get("cc-by-nd-40") == 1


@pytest.mark.search
def test_elasticsearch_api_autocomplete_and_related(es_catalogue, client):
    suggestions = client.get("/api/v1/autocomplete", {"q": "phuong tr"}).json()["suggestions"]
    assert "Phương trình bậc hai" in [item["title"] for item in suggestions]
    lesson = es_catalogue["quadratic"]
    related = client.get(f"/api/v1/lessons/{lesson.pk}/related").json()
    assert related["hits"] and lesson.pk not in [hit["page_id"] for hit in related["hits"]]
