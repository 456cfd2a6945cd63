"""search.forms: how raw GET parameters become a SearchQuery (docs/faults.md rows 10, 12, 13)."""

from django.http import QueryDict

import pytest

from search.forms import parse_search, query_params
from search.normalise import Change, clean_text
from search.types import MAX_PAGE, MAX_QUERY_LENGTH, MAX_VALUES_PER_FACET, PAGE_SIZE_MAX

pytestmark = pytest.mark.django_db


def parse(query_string):
    return parse_search(QueryDict(query_string))


def test_plain_query_and_known_filters_pass_unchanged():
    parsed = parse("q=phương+trình&subject=toan&grade=10&level=chuong-trinh-gdtx-cap-thpt")
    assert parsed.errors == [] and parsed.notices == []
    assert parsed.query.text == "phương trình"
    assert parsed.query.filters == {
        "level": ("chuong-trinh-gdtx-cap-thpt",),
        "subject": ("toan",),
        "grade": ("10",),
    }
    assert parsed.labels[("subject", "toan")] == "Toán"
    assert parsed.labels[("grade", "10")] == "Lớp 10"


def test_nfd_text_is_normalised_to_nfc():
    parsed = parse("q=pha%CC%81p")  # "pha" + combining acute
    assert parsed.query.text == "pháp"


@pytest.mark.parametrize("raw", ["%00", "a%00b", "%ff%fe", "%e2%80%8b", "%1b[31m"])
def test_control_and_invalid_bytes_are_stripped_with_a_notice(raw):
    parsed = parse(f"q={raw}")
    assert "\x00" not in parsed.query.text and "\ufffd" not in parsed.query.text
    assert "\x1b" not in parsed.query.text and "\u200b" not in parsed.query.text
    assert parsed.notices and parsed.errors == []


def test_clean_text_turns_newlines_into_spaces():
    assert clean_text("  phân\n\tsố  ") == ("phân số", False)


def test_one_cleaner_for_the_page_and_the_service():
    """Controls separate words, invisible and invalid characters vanish, long text is cut
    after a whole word; the page and a direct service call clean alike."""
    assert clean_text("phân\x00số") == ("phân số", Change.REMOVED)
    assert clean_text("phương\u00adtrình \ufffd") == ("phươngtrình", Change.REMOVED)
    assert clean_text("hòa\u2028bình\u00a0") == ("hòa bình", Change.NONE)
    text, changes = clean_text("đạo hàm " * 50)
    assert changes == Change.TRUNCATED and text.endswith("hàm") and len(text) <= MAX_QUERY_LENGTH
    assert clean_text("x" * 300, max_length=None) == ("x" * 300, Change.NONE)
    assert parse("q=ph%C3%A2n%00s%E1%BB%91").query.text == "phân số"


def test_long_text_is_capped():
    parsed = parse("q=" + "a" * 10_000)
    assert len(parsed.query.text) == MAX_QUERY_LENGTH
    assert any(str(MAX_QUERY_LENGTH) in notice for notice in parsed.notices)


@pytest.mark.parametrize(
    "query_string, facet",
    [("grade=abc", "grade"), ("grade=99", "grade"), ("grade=-1", "grade"),
     ("subject=khong-ton-tai", "subject"), ("licence=%ff", "licence"),
     ("year=1850", "year"), ("year=20x5", "year"), ("reusable=yes", "reusable"),
     ("language=xx", "language"), ("centre=" + "x" * 5000, "centre")],
)  # fmt: skip
def test_unknown_or_mistyped_facet_values_are_dropped_with_a_reason(query_string, facet):
    parsed = parse(query_string)
    assert facet not in parsed.query.filters
    assert len(parsed.errors) == 1
    assert "bộ lọc" in parsed.errors[0]


def test_unknown_value_dropped_but_known_kept():
    parsed = parse("subject=toan&subject=khong-co&subject=Hoa-Hoc")
    assert parsed.query.filters["subject"] == ("toan", "hoa-hoc")
    assert "khong-co" in parsed.errors[0]


def test_repeated_values_are_deduplicated():
    parsed = parse("&".join(["subject=toan"] * 1000))
    assert parsed.query.filters["subject"] == ("toan",)
    assert parsed.errors == []


def test_php_style_brackets_are_read_too():
    parsed = parse("subject[]=toan&subject[]=tin-hoc")
    assert parsed.query.filters["subject"] == ("toan", "tin-hoc")


def test_number_of_values_per_facet_is_capped():
    parsed = parse("&".join(f"subject=mon-{n}" for n in range(1000)))
    assert "subject" not in parsed.query.filters  # none of them exist
    assert any(str(MAX_VALUES_PER_FACET) in error for error in parsed.errors)
    # The unknown-value message names at most three values, not a thousand.
    assert len(" ".join(parsed.errors)) < 400


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "1.5", "", " ", "١٢", "1_0"])
def test_bad_page_numbers_fall_back_to_page_one(raw):
    parsed = parse(f"page={raw}")
    assert parsed.query.page == 1
    assert not parsed.too_deep
    assert bool(parsed.errors) == (raw.strip() != "")


@pytest.mark.parametrize("raw", [str(MAX_PAGE + 1), "100000", "1000000000", "9" * 5000])
def test_pages_beyond_the_cap_are_refused(raw):
    parsed = parse(f"page={raw}")
    assert parsed.too_deep
    assert parsed.query.page == 1


def test_last_allowed_page_is_accepted():
    assert parse(f"page={MAX_PAGE}").query.page == MAX_PAGE


def test_page_size_is_capped():
    parsed = parse("page_size=1000000")
    assert parsed.query.page_size == PAGE_SIZE_MAX
    assert parsed.notices and parsed.errors == []


@pytest.mark.parametrize("raw", ["0", "abc", "-5"])
def test_bad_page_size_is_an_error(raw):
    parsed = parse(f"page_size={raw}")
    assert parsed.query.page_size == 20
    assert parsed.errors


def test_unknown_sort_is_an_error():
    parsed = parse("sort=_score:desc")
    assert parsed.query.sort == "relevance"
    assert parsed.errors


def test_repeated_scalars_with_different_values_are_an_error():
    parsed = parse("q=a&q=b")
    assert parsed.query.text == "b"
    assert parsed.errors
    assert parse("q=a&q=a").errors == []


def test_query_params_round_trips_and_drops_one_value():
    parsed = parse("q=phân+số&subject=toan&subject=tin-hoc&sort=newest&page=3")
    assert parse(query_params(parsed.query)).query == parsed.query
    dropped = parse(query_params(parsed.query, drop=("subject", "toan"))).query
    assert dropped.filters == {"subject": ("tin-hoc",)}
    assert dropped.page == 1 and dropped.sort == "newest"
