"""The Elasticsearch backend against the real server (rows 10–14 of docs/faults.md)."""

import unicodedata

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from search.backends.database.backend import DatabaseSearchBackend
from search.backends.elasticsearch.backend import HIT_SOURCE, ElasticsearchBackend
from search.models import SearchSynonym
from search.service import get_search_service
from search.types import MAX_PAGE, SearchQuery

pytestmark = [pytest.mark.search, pytest.mark.django_db]
# One catalogue for the module's tests (tests/search/conftest.py, docs/testing.md).
CATALOGUE_SCOPE = "module"


def es_search(text="", **kwargs):
    return ElasticsearchBackend().search(SearchQuery(text=text, **kwargs))


def db_search(text="", **kwargs):
    return DatabaseSearchBackend().search(SearchQuery(text=text, **kwargs))


def ids(results):
    return {hit.page_id for hit in results.hits}


def titles(results):
    return [hit.title for hit in results.hits]


def test_service_uses_elasticsearch(es, catalogue):
    results = get_search_service().search(SearchQuery(text="phuong trinh bac hai"))
    assert results.backend == "elasticsearch" and not results.degraded
    assert titles(results) == ["Phương trình bậc hai"]
    # "phương trình" is a phrase of the seeded abbreviation "pt": marked as one phrase.
    assert results.hits[0].highlights == ["Giải <mark>phương trình</mark> "
                                          "<mark>bậc</mark> <mark>hai</mark> một ẩn."]  # fmt: skip


@pytest.mark.parametrize(
    "variants",
    [
        ("đạo hàm", "dao ham", "ĐẠO HÀM", unicodedata.normalize("NFD", "đạo hàm")),
        ("hòa bình", "hoà bình", unicodedata.normalize("NFD", "hoà bình"), "hoa binh"),
        ("phân số", "phan so", unicodedata.normalize("NFD", "phân số")),
        ("phương trình bậc hai", "phuong trinh bac hai"),
    ],
)
def test_row_11_identical_result_sets(es, catalogue, variants):
    sets = [ids(es_search(text)) for text in variants]
    assert sets[0], variants
    assert all(s == sets[0] for s in sets), variants


@pytest.mark.parametrize(
    "text",
    ["phuong trinh", "dao ham", "hoa", "toán", "THPT", "TA giao tiếp", "lịch sử", "trồng hoa",
     "", "tieng anh co ban", "xóa mù chữ"],
)  # fmt: skip
def test_both_backends_return_the_same_set(es, catalogue, text):
    assert ids(es_search(text)) == ids(db_search(text)), text


def test_exact_diacritics_rank_higher(es, catalogue):
    assert titles(es_search("hòa"))[0] == "Hòa bình và hợp tác"
    assert titles(es_search("hoa"))[0] == "Hoa và cây cảnh"


def test_title_match_ranks_above_mentions_elsewhere(es, make_lesson, drain):
    """Matching is on the catch-all field; the rescore puts the title match first, and pages
    past the first keep that order."""
    make_lesson(
        "Văn học trung đại",
        "Đọc đoạn trích Truyện Kiều, so sánh với thơ Nôm.",
        learning_objectives="Nêu được giá trị của Truyện Kiều",
    )
    make_lesson("Truyện Kiều", "Tác giả và tác phẩm.")
    drain()
    assert titles(es_search("truyen kieu")) == ["Truyện Kiều", "Văn học trung đại"]
    second = es_search("truyen kieu", page=2, page_size=1)
    assert titles(second) == ["Văn học trung đại"] and second.total == 2
    newest = es_search("truyen kieu", sort="newest")
    assert titles(newest) == ["Truyện Kiều", "Văn học trung đại"]  # published last


def test_synonyms_apply_without_reindex(es, catalogue):
    assert es_search("ptb2").total == 0
    SearchSynonym.objects.create(terms="PTB2, phương trình bậc hai")
    assert titles(es_search("ptb2")) == ["Phương trình bậc hai"]
    assert "Tiếng Anh giao tiếp cơ bản" in titles(es_search("TA"))


def test_facets_post_filter_semantics(es, catalogue):
    results = es_search(filters={"subject": ("toan",), "grade": ("10", "11")})
    assert set(titles(results)) == {"Phương trình bậc hai", "Đạo hàm và ứng dụng"}
    subjects = {v.value: v.count for v in results.facets["subject"]}
    assert subjects["toan"] == 2 and subjects.get("lich-su", 0) == 0  # grade 10/11 only
    grades = {v.value: v.count for v in results.facets["grade"]}
    assert grades == {"5": 1, "10": 1, "11": 1}  # counted without the grade filter
    database = db_search(filters={"subject": ("toan",), "grade": ("10", "11")})
    for facet in results.facets:
        assert [(v.value, v.count) for v in results.facets[facet]] == [
            (v.value, v.count) for v in database.facets[facet]
        ], facet


def test_facet_labels_are_vietnamese(es, catalogue):
    facets = es_search().facets
    assert {v.label for v in facets["subject"]} >= {"Toán", "Lịch sử", "Tiếng Anh"}
    assert {v.label for v in facets["grade"]} >= {"Lớp 10", "Lớp 5"}
    assert {v.label for v in facets["reusable"]} == {
        "Cho phép phái sinh",
        "Không cho phép phái sinh",
    }


@pytest.mark.parametrize(
    "text",
    ['"', "(", "a AND", "*", "\\", "title:x", '" : ( ) \\ / * ~ ^ [ ] { } ! ?', "",
     "x" * 10_000, "phân\x00số", "body_folded:*", "/.*/", "a~2", "[1 TO 5]", "{!lucene}"],
)  # fmt: skip
def test_row_10_hostile_text(es, catalogue, text):
    results = get_search_service().search(SearchQuery(text=text))
    assert results.backend == "elasticsearch" and not results.degraded
    assert ids(results) == ids(db_search(text))


def test_row_12_facet_values_unknown_repeated_wrong_type(es, catalogue):
    results = es_search(filters={"grade": ("abc", "99", "abc"), "subject": tuple("x" * 1000)})
    assert results.total == 0 and not results.degraded
    many = es_search(filters={"subject": tuple(f"mon-{n}" for n in range(1000))})
    assert many.total == 0 and any("20" in m for m in many.messages)


@pytest.mark.parametrize("page", [0, -1, 10**9, MAX_PAGE])
def test_row_13_paging_never_errors(es, catalogue, page):
    results = es_search(page=page, page_size=10**6)
    assert 1 <= results.query.page <= MAX_PAGE
    assert results.total == 6


def test_row_14_only_live_public_pages(es, catalogue, make_lesson, drain):
    draft = make_lesson("Đạo hàm bản nháp", publish=False)
    private = make_lesson("Đạo hàm nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    expiring = make_lesson(
        "Đạo hàm sắp hết hạn", expire_at=timezone.now() + timezone.timedelta(seconds=2)
    )
    drain()
    assert set(titles(es_search("dao ham"))) == {"Đạo hàm và ứng dụng", "Đạo hàm sắp hết hạn"}
    assert draft.pk not in es.ids() and private.pk not in es.ids()
    import time

    time.sleep(2.1)
    results = es_search("dao ham")
    assert titles(results) == ["Đạo hàm và ứng dụng"]
    assert sum(v.count for v in results.facets["grade"]) == 1
    catalogue["derivative"].unpublish()
    drain()
    assert es_search("dao ham").total == 0
    assert catalogue["derivative"].pk not in es.ids()
    assert expiring.pk in es.ids()  # still stored, never shown: Wagtail's scheduler unpublishes


def test_autocomplete_and_related(es, catalogue):
    service = get_search_service()
    suggestions = service.autocomplete("phuong tr")
    assert [s["title"] for s in suggestions] == ["Phương trình bậc hai"]
    assert suggestions[0]["highlight"].startswith("<mark>Phương</mark>")
    assert service.autocomplete("") == [] and service.autocomplete('"(*') == []
    related = service.related(catalogue["quadratic"])
    assert catalogue["quadratic"].pk not in [hit.page_id for hit in related]
    assert related[0].page_id == catalogue["derivative"].pk


def test_related_reads_the_stored_document_and_a_draft_relates_to_nothing(
    es, catalogue, make_lesson, drain
):
    draft = make_lesson("Phương trình bậc hai (bản nháp)", publish=False)
    drain()
    service = get_search_service()
    assert service.related(draft) == []  # not in the index: no error, no hits
    # Related is answered from the index alone: no database query at all.
    with CaptureQueriesContext(connection) as queries:
        related = service.related(catalogue["quadratic"])
    assert related and not queries.captured_queries


def test_courses_are_searched_too(es, catalogue, make_course, drain):
    course = make_course("Học phần Toán THPT", "Chuỗi bài phương trình và đạo hàm.")
    drain()
    results = es_search("phuong trinh")
    assert {h.kind for h in results.hits} == {"lesson", "course"}
    assert course.pk in ids(results)
    assert ids(es_search("phuong trinh", kinds=("course",))) == {course.pk}


def test_documents_are_strict_and_hits_fetch_no_folded_text(es, catalogue):
    source = es.source(catalogue["derivative"].pk)["_source"]
    assert source["title"] == "Đạo hàm và ứng dụng"
    assert "dao ham va ung dung" in source["content_folded"]
    assert not [field for field in HIT_SOURCE if field.endswith("_folded")]
    mapping = es.client.indices.get_mapping(index=f"{es.prefix}lessons").body
    assert next(iter(mapping.values()))["mappings"]["dynamic"] == "strict"
