"""Every bad input of issue 3 and docs/faults.md rows 10, 12, 13, through the real page and the
real API, on the database backend and on the real Elasticsearch server.

Owed for each: a 200 with sane results, or a 4xx with a Vietnamese reason; never a 500 and
never an Elasticsearch/SQL parse error in the response. On Elasticsearch, a parse error would
not even show as a 500: the service would quietly fall back to the database. So the ES runs also
demand `degraded == False`, proving Elasticsearch itself answered every input.
"""

from urllib.parse import quote

from django.conf import settings

import pytest

from search.types import MAX_PAGE, MAX_QUERY_LENGTH, PAGE_SIZE_MAX
from tests.search.catalogue import WEB_CATALOGUE, assert_no_leak

pytestmark = pytest.mark.django_db

PAGE = "/tim-kiem/"
API = "/api/v1/search"
SPECIALS = '" : ( ) \\ / * ~ ^ [ ] { } ! ?'

# Free text that must be a 200 on both the page and the API.
HOSTILE_TEXT = [
    *SPECIALS.split(),
    SPECIALS,
    "",
    " ",
    "a AND",
    "AND OR NOT",
    "title:x",
    "*:*",
    "_exists_:title",
    "phuong~2",
    "/phương.*/",
    "{!lucene}x",
    "NEAR(a b)",
    "a -b +c && d || e",
    "x <-> y & !z:*",
    "'; DROP TABLE search_searchentry; --",
    "<script>alert(1)</script>",
    "a\x00b",
    "\x00",
    "\u202eđảo\u200b",
    "😀 học 🧮",
    "a" * 10_000,
    "đạo hàm " * 1_500,
    "phương trình\tbậc\nhai",
]

# Text around which the right lesson must still come first: "sane results".
FINDS_QUADRATIC = [
    '"phương trình bậc hai',
    "(phương trình bậc hai)",
    "phương* trình~ bậc^ hai!?",
    "[phuong] {trinh} bac\\ hai",
    "phương:trình/bậc hai",
    "phương\x00 trình bậc hai",
    "PHƯƠNG TRÌNH BẬC HAI",
]

# Raw query strings, sent exactly as written (already percent-encoded where needed).
# (query string, page status, API status)
RAW = [
    ("q=%ff%fe", 200, 200),
    ("q=%c3", 200, 200),
    ("q=%ed%a0%80", 200, 200),  # an encoded UTF-16 surrogate, invalid in UTF-8
    ("q=%00%00", 200, 200),
    ("q=%", 200, 200),
    ("q=%zz%", 200, 200),
    ("q", 200, 200),
    ("=x&&&", 200, 200),
    ("q=a&q=b", 200, 400),
    ("q=to%C3%A1n&q=to%C3%A1n", 200, 200),
    ("page=0", 200, 400),
    ("page=-1", 200, 400),
    ("page=abc", 200, 400),
    ("page=1e3", 200, 400),
    ("page=%00", 200, 400),
    ("page=" + "9" * 5000, 404, 400),
    (f"page={MAX_PAGE + 1}", 404, 400),
    ("page=100000", 404, 400),
    ("page=1000000000", 404, 400),
    (f"page={MAX_PAGE}", 200, 200),
    ("page_size=1000000", 200, 200),
    ("page_size=0", 200, 400),
    ("page_size=-5", 200, 400),
    ("page=1&page=2", 200, 400),
    ("sort=_score", 200, 400),
    ("sort=%00", 200, 400),
    ("sort=newest&sort=newest", 200, 200),
    ("grade=abc", 200, 400),
    ("grade=99", 200, 400),
    ("grade=10.0", 200, 400),
    ("grade=%ff", 200, 400),
    ("year=0", 200, 400),
    ("year=" + "9" * 5000, 200, 400),
    ("level=..%2F..%2Fetc", 200, 400),
    ("subject=" + "x" * 10_000, 200, 400),
    ("subject=toan&subject=tin-hoc", 200, 200),
    ("&".join(["subject=toan"] * 1000), 200, 200),
    ("&".join(["subject[]=toan"] * 1000), 200, 200),
    ("&".join(f"subject=mon-{n}" for n in range(1000)), 200, 400),
    ("&".join(f"subject[]=mon-{n}" for n in range(1000)), 200, 400),
    ("foo=bar&utm_source=zalo", 200, 200),
]

# Raw bytes that were never percent-encoded (WSGI hands them over as latin-1 text).
RAW_BYTES = [b"q=\xff\xfe", b"q=\xc3", b"q=ph\xc6\xb0\xc6\xa1ng tr\xc3\xacnh", b"q=\x00"]


# One catalogue for the module's tests (tests/search/conftest.py, docs/testing.md).
CATALOGUE_SCOPE = "module"
CATALOGUE_LESSONS = WEB_CATALOGUE


@pytest.fixture
def catalogue_lessons():
    return CATALOGUE_LESSONS


def _check(response, expected, label, failures, backend):
    if response.status_code != expected:
        failures.append(f"{label}: {response.status_code}, expected {expected}")
        return
    try:
        assert_no_leak(response)
    except AssertionError as error:
        failures.append(f"{label}: {error}")
        return
    if response["Content-Type"].startswith("application/json"):
        payload = response.json()
        if expected == 200:
            if payload["degraded"] or payload["backend"] != backend:
                failures.append(f"{label}: answered by {payload['backend']}, degraded")
            if len(payload["hits"]) > payload["page_size"] or payload["total"] < 0:
                failures.append(f"{label}: insane payload {payload['total']}")
        elif not isinstance(payload.get("detail"), str) or not payload["detail"]:
            failures.append(f"{label}: 4xx without a reason")
    elif expected == 200:
        results = response.context["results"]
        if results.degraded or results.backend != backend:
            failures.append(f"{label}: page answered by {results.backend}, degraded")
    elif expected >= 400 and "Chỉ xem được tối đa" not in response.content.decode():
        failures.append(f"{label}: {expected} page without its reason")


def run_everything(client, backend):
    failures = []
    for text in HOSTILE_TEXT:
        query_string = "q=" + quote(text)
        label = repr(text[:40])
        _check(client.get(f"{PAGE}?{query_string}"), 200, f"page {label}", failures, backend)
        _check(client.get(f"{API}?{query_string}"), 200, f"API {label}", failures, backend)
    for query_string, page_status, api_status in RAW:
        label = query_string[:50]
        _check(
            client.get(f"{PAGE}?{query_string}"), page_status, f"page {label}", failures, backend
        )
        _check(client.get(f"{API}?{query_string}"), api_status, f"API {label}", failures, backend)
    for raw in RAW_BYTES:
        environ = {"QUERY_STRING": raw.decode("latin-1")}
        _check(client.get(PAGE, **environ), 200, f"page bytes {raw!r}", failures, backend)
        _check(client.get(API, **environ), 200, f"API bytes {raw!r}", failures, backend)
    for text in FINDS_QUADRATIC:
        for url in (PAGE, API):
            response = client.get(url, {"q": text})
            if response.status_code != 200:
                failures.append(f"{url} {text!r}: {response.status_code}")
                continue
            hits = (
                response.json()["hits"]
                if url == API
                else [vars(hit) for hit in response.context["results"].hits]
            )
            if not hits or hits[0]["title"] != "Phương trình bậc hai":
                failures.append(f"{url} {text!r}: first hit {hits[:1]}")
    return failures


def test_every_bad_input_on_the_database_backend(catalogue, client):
    failures = run_everything(client, "database")
    assert failures == [], "\n".join(failures)


@pytest.mark.search
def test_every_bad_input_on_elasticsearch(es_catalogue, client):
    failures = run_everything(client, "elasticsearch")
    assert failures == [], "\n".join(failures)


def test_long_query_is_capped_and_said(catalogue, client):
    payload = client.get(API, {"q": "phân số " * 2000}).json()
    assert len(payload["query"]["text"]) <= MAX_QUERY_LENGTH
    assert any(str(MAX_QUERY_LENGTH) in message for message in payload["messages"])
    assert [hit["title"] for hit in payload["hits"]][:1] == ["Phân số"]


def test_page_size_of_a_million_is_capped(catalogue, client):
    page = client.get(PAGE, {"page_size": "1000000"})
    assert page.status_code == 200
    assert page.context["query"].page_size == PAGE_SIZE_MAX
    assert len(page.context["results"].hits) == len(catalogue)


def test_more_parameters_than_django_accepts_is_400_not_500(catalogue, client):
    count = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
    query_string = "&".join(f"subject={n}" for n in range(count))
    page = client.get(f"{PAGE}?{query_string}")
    assert page.status_code == 400
    assert "quá nhiều tham số" in page.content.decode()
    api = client.get(f"{API}?{query_string}")
    assert api.status_code == 400
    assert "quá nhiều tham số" in api.json()["detail"]
    suggest = client.get(f"/tim-kiem/goi-y/?{query_string}")
    assert suggest.status_code == 400


def test_nul_bytes_are_not_matched_as_text(catalogue, client):
    payload = client.get(API + "?q=%00%00%00").json()
    # Nothing left to search for: the browse listing, not an error and not a "NUL" match.
    assert payload["query"]["text"] == ""
    assert payload["total"] == len(catalogue)


@pytest.mark.parametrize("raw", ["%ff%fe", "%c3%28"])
def test_invalid_utf8_autocomplete(catalogue, client, raw):
    response = client.get(f"/api/v1/autocomplete?q={raw}")
    assert response.status_code == 200
    assert response.json()["suggestions"] == []
    assert client.get(f"/tim-kiem/goi-y/?q={raw}").status_code == 200
