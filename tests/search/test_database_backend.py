"""The database backend (our FTS5 / tsvector table) through the public service interface."""

import time
import unicodedata
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from search.models import SearchEntry, SearchSynonym
from search.service import get_search_service
from search.types import MAX_PAGE, PAGE_SIZE_MAX, SearchQuery

pytestmark = pytest.mark.django_db
# One catalogue for the module's tests (tests/search/conftest.py, docs/testing.md).
CATALOGUE_SCOPE = "module"


def search(text="", **kwargs):
    return get_search_service().search(SearchQuery(text=text, **kwargs))


def titles(results):
    return [hit.title for hit in results.hits]


def ids(results):
    return {hit.page_id for hit in results.hits}


def test_unaccented_query_finds_accented_title(catalogue):
    assert titles(search("phuong trinh bac hai")) == ["Phương trình bậc hai"]
    assert titles(search("dao ham")) == ["Đạo hàm và ứng dụng"]
    assert titles(search("phan so")) == ["Phân số"]


@pytest.mark.parametrize(
    "variants",
    [
        ("đạo hàm", "dao ham", "ĐẠO HÀM", unicodedata.normalize("NFD", "đạo hàm")),
        ("hòa bình", "hoà bình", unicodedata.normalize("NFD", "hoà bình"), "hoa binh"),
        ("phân số", "phan so", unicodedata.normalize("NFD", "phân số")),
    ],
)
def test_nfc_nfd_tone_placement_and_no_diacritics_give_identical_sets(catalogue, variants):
    """docs/faults.md row 11 on the database backend."""
    sets = [ids(search(text)) for text in variants]
    assert sets[0], variants
    assert all(s == sets[0] for s in sets), variants


def test_exact_diacritics_rank_above_folded_matches(catalogue):
    assert titles(search("hòa"))[0] == "Hòa bình và hợp tác"
    assert titles(search("hoa"))[0] == "Hoa và cây cảnh"
    assert set(titles(search("hòa"))) == set(titles(search("hoa")))


def test_seed_synonyms_expand_abbreviations(catalogue):
    assert "Tiếng Anh giao tiếp cơ bản" in titles(search("TA giao tiếp"))


def test_synonym_added_by_an_editor_applies_to_the_next_search(catalogue):
    assert search("ptb2").total == 0
    SearchSynonym.objects.create(terms="PTB2, phương trình bậc hai")
    assert titles(search("ptb2")) == ["Phương trình bậc hai"]


def test_filters_and_across_facets_or_within_one(catalogue):
    both = search(filters={"subject": ("toan",), "grade": ("10", "11")})
    assert set(titles(both)) == {"Phương trình bậc hai", "Đạo hàm và ứng dụng"}
    narrowed = search(filters={"subject": ("toan",), "grade": ("10",)})
    assert titles(narrowed) == ["Phương trình bậc hai"]


def test_facet_counts_ignore_their_own_selection(catalogue):
    results = search(filters={"subject": ("toan",)})
    subjects = {v.value: v.count for v in results.facets["subject"]}
    # Other subjects still show what selecting them would add (post-filter semantics)…
    assert subjects["toan"] == 3 and subjects["lich-su"] == 1
    # …while other facets count only within the selection.
    grades = {v.value: v.count for v in results.facets["grade"]}
    assert grades == {"5": 1, "10": 1, "11": 1}
    assert [v.selected for v in results.facets["subject"] if v.value == "toan"] == [True]
    reusable = {v.value: v.count for v in search().facets["reusable"]}
    assert reusable == {"1": 5, "0": 1}


def test_unknown_facet_and_value_are_harmless(catalogue):
    results = search(filters={"grade": ("abc", "99"), "colour": ("đỏ",)})
    assert results.total == 0
    assert any("colour" in m for m in results.messages)
    selected = [v.value for v in results.facets["grade"] if v.selected]
    assert sorted(selected) == ["99", "abc"]


def test_sort_newest_and_most_viewed(catalogue):
    from content_models.models import LessonPage

    LessonPage.objects.filter(pk=catalogue["fractions"].pk).update(view_count=500)
    from search.outbox import enqueue

    enqueue(catalogue["fractions"])
    from search.indexer import drain

    drain(force=True)
    assert titles(search(sort="most_viewed"))[0] == "Phân số"
    assert titles(search(sort="newest"))[0] == "Tiếng Anh giao tiếp cơ bản"


@pytest.mark.parametrize(
    ("page", "page_size", "expected_page", "expected_size"),
    [(0, 20, 1, 20), (-1, 20, 1, 20), (10**9, 20, MAX_PAGE, 20), (1, 10**6, 1, PAGE_SIZE_MAX)],
)
def test_paging_is_clamped(catalogue, page, page_size, expected_page, expected_size):
    results = search(page=page, page_size=page_size)
    assert results.query.page == expected_page
    assert results.query.page_size == expected_size
    assert results.total == 6


def test_pages_beyond_the_results_are_empty_not_errors(catalogue):
    results = search(page=3, page_size=5)
    assert results.hits == [] and results.total == 6


@pytest.mark.parametrize(
    "text",
    ['"', "(", "a AND", "*", "\\", "title:x", '" : ( ) \\ / * ~ ^ [ ] { } ! ?', "", "   ",
     "x" * 10_000, "phân\x00số", "NEAR(a b)", "{folded_title}: x", "a OR", "-", "^1"],
)  # fmt: skip
def test_hostile_text_never_raises(catalogue, text):
    """docs/faults.md row 10 at the service level, database backend."""
    results = search(text)
    assert results.backend == "database"
    assert results.total >= 0


def test_nul_bytes_separate_words(catalogue):
    assert titles(search("phân\x00số")) == ["Phân số"]
    assert titles(search("\x00\x00")) == titles(search(""))


def test_ten_thousand_characters_are_capped(catalogue):
    results = search("phân số " * 1250)
    assert len(results.query.text) <= 200
    assert results.messages


def test_highlights_are_escaped_and_marked(make_lesson, drain):
    make_lesson("Bài <script>alert(1)</script> đạo hàm", "Đạo hàm <b>cấp</b> hai & ứng dụng.")
    drain()
    hit = search("dao ham").hits[0]
    assert "<script>" not in hit.highlights[0]
    expected = "<mark>Đạo</mark> <mark>hàm</mark> &lt;b&gt;cấp&lt;/b&gt; hai &amp; ứng dụng."
    assert hit.highlights[0] == expected


def test_only_live_public_unexpired_pages_are_returned(catalogue, make_lesson, drain, site_tree):
    draft = make_lesson("Đạo hàm nháp", publish=False)
    private = make_lesson("Đạo hàm riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    make_lesson("Đạo hàm hết hạn", expire_at=timezone.now() + timedelta(seconds=2))
    drain()
    assert "Đạo hàm hết hạn" in titles(search("dao ham"))
    time.sleep(2.1)  # past its expiry, before Wagtail's scheduler has unpublished it
    results = search("dao ham")
    assert titles(results) == ["Đạo hàm và ứng dụng"]
    assert sum(v.count for v in results.facets["subject"]) == 1
    assert not SearchEntry.objects.filter(page_id__in=[draft.pk, private.pk]).exclude(kind="")


def test_unpublishing_removes_from_the_table(catalogue, drain):
    catalogue["derivative"].unpublish()
    drain()
    assert search("dao ham").total == 0
    assert not SearchEntry.objects.filter(page_id=catalogue["derivative"].pk).exclude(kind="")


def test_autocomplete_prefix_without_diacritics(catalogue):
    suggestions = get_search_service().autocomplete("phuong tr")
    assert [s["title"] for s in suggestions] == ["Phương trình bậc hai"]
    assert suggestions[0]["highlight"].startswith("<mark>Phương</mark> <mark>trình</mark>")
    assert get_search_service().autocomplete('"*(') == []


def test_related_prefers_the_same_level_and_excludes_itself(catalogue):
    related = get_search_service().related(catalogue["quadratic"])
    page_ids = [hit.page_id for hit in related]
    assert catalogue["quadratic"].pk not in page_ids
    assert page_ids[0] == catalogue["derivative"].pk  # Toán, same THPT level
    assert catalogue["fractions"].pk in page_ids


def test_expired_pages_scheduled_in_future_remain(catalogue, make_lesson, drain):
    later = make_lesson("Phân số nâng cao")
    type(later).objects.filter(pk=later.pk).update(expire_at=timezone.now() + timedelta(days=1))
    drain(page_ids=None)
    assert "Phân số nâng cao" in titles(search("phan so"))


@pytest.mark.parametrize(
    "text, filters",
    [("toán", {"grade": ("10", "11")}), ("và", {"subject": ("toan",)})],
)
def test_a_filter_keeps_the_order_and_scores_of_the_hits_it_keeps(catalogue, text, filters):
    """PostgreSQL ranks only the rows the filters keep (postgres_text.py): the hits a filter
    keeps come in the order and with the scores the unfiltered search gave them."""
    everything = search(text, page_size=50)
    kept = search(text, filters=filters, page_size=50)
    assert 1 <= kept.total < everything.total
    scores = {hit.page_id: hit.score for hit in everything.hits}
    expected = [hit.page_id for hit in everything.hits if hit.page_id in ids(kept)]
    assert [hit.page_id for hit in kept.hits] == expected
    assert [hit.score for hit in kept.hits] == [scores[pk] for pk in expected]


def test_postgresql_keeps_the_vector_in_the_row(catalogue):
    """Migration 0008: the tsvector is stored in the heap row (storage MAIN), so ranking and
    phrase checks do not reassemble it from TOAST (docs/search.md, "Benchmark")."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL storage")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'search_searchentry'::regclass "
            "AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)
        cursor.execute(
            "SELECT COUNT(*) FROM search_searchentry WHERE kind <> '' "
            "AND pg_column_compression(search_vector) IS NULL"
        )
        assert cursor.fetchone()[0] == SearchEntry.objects.exclude(kind="").count() > 0
