"""The batch serializer agrees with Wagtail and with content_models.text.fold."""

import random
import unicodedata

import pytest

from content_models.models import LessonPage
from content_models.text import fold, fold_by_decomposition
from search.highlight import mark, snippets
from search.normalise import clean_text
from search.serializers import load_documents
from search.terms import parse_query

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Phương trình bậc hai ĐẠO HÀM",
        unicodedata.normalize("NFD", "Hoà bình, hòa bình – Đắk Lắk, Ưu đãi"),
        "Straße ΣΊΣΥΦΟΣ Москва 東京",
        "x² + y₂ = ½",
    ],
)
def test_fast_fold_is_the_decomposition_fold(text):
    assert fold(text) == fold_by_decomposition(text)


def test_fast_fold_equals_decomposition_fold_on_random_latin_text():
    rng = random.Random(7)
    alphabet = [chr(c) for c in [*range(32, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)]]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(40))
        text = unicodedata.normalize(rng.choice(["NFC", "NFD"]), text)
        assert fold(text) == fold_by_decomposition(text), text


def test_document_matches_wagtail_url_and_searchable_body(make_lesson):
    lesson = make_lesson(
        "Công thức nghiệm",
        body=[
            ("heading", {"text": "Biệt thức Δ", "size": "h2"}),
            ("paragraph", "<p>Tính <b>Δ = b² − 4ac</b> &amp; xét dấu.</p>"),
            ("quote", {"text": "Học, học nữa, học mãi.", "source": "Lê-nin"}),
        ],
        learning_objectives="Giải được phương trình\nBiện luận nghiệm",
        publish=False,
    )
    lesson.keywords.add("ôn thi", "THPT")
    lesson.save_revision().publish()
    page = LessonPage.objects.get(pk=lesson.pk)
    doc = load_documents([page.pk])[page.pk]
    assert doc["url"] == page.get_url()
    field = LessonPage._meta.get_field("body")
    wagtail_words = set(" ".join(field.get_searchable_content(page.body)).split()) - {"h2"}
    assert set(doc["body_excerpt"].split()) >= wagtail_words - {"H2"}
    assert "<b>" not in doc["body_excerpt"] and "&amp;" not in doc["body_excerpt"]
    assert doc["content_folded"][-1] == fold(doc["body_excerpt"])
    assert sorted(doc["keywords"]) == ["THPT", "ôn thi"]
    assert doc["objectives"] == "Giải được phương trình\nBiện luận nghiệm"


def test_draft_private_and_missing_pages_have_no_document(make_lesson):
    draft = make_lesson("Bản nháp", publish=False)
    assert load_documents([draft.pk, 999_999]) == {draft.pk: None, 999_999: None}


def test_clean_text_caps_and_strips_controls():
    text, truncated = clean_text("a\x00b\u200bc  d" + " đạo hàm" * 100)
    assert "\x00" not in text and "\u200b" not in text and truncated
    assert len(text) <= 200 and not text.endswith(" ")


def test_parse_query_expands_synonyms_and_keeps_exact_tokens():
    groups = [[("thpt",), ("trung", "hoc", "pho", "thong")]]
    terms = parse_query("Ôn thi THPT", synonym_groups=groups)
    assert terms.clauses == [[("on",)], [("thi",)], [("thpt",), ("trung", "hoc", "pho", "thong")]]
    assert terms.exact == ["ôn", "thi", "thpt"]
    assert parse_query('" : ( ) \\ / * ~ ^ [ ] { } ! ?', synonym_groups=[]).empty


def test_highlighting_marks_folded_matches_in_the_original_text():
    assert mark("Đạo hàm <cấp> hai", ["dao", "ham"]) == (
        "<mark>Đạo</mark> <mark>hàm</mark> &lt;cấp&gt; hai"
    )
    fragments = snippets(["x " * 200 + "Phương trình bậc hai" + " y" * 200], ["phuong trinh"])
    assert fragments[0].startswith("… ") and "<mark>Phương trình</mark>" in fragments[0]
    assert snippets(["không có gì"], ["dao"]) == []
