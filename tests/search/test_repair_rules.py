"""One test per rule of the query repair (search/repair/): pure functions, no database."""

import pytest

from search.repair.edits import close, distance
from search.repair.fillers import filler_spans
from search.repair.keystrokes import convert
from search.repair.numbers import counted_numbers, spellings
from search.repair.spelling import iy_variant, joined_forms


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hocj", "học"),  # j: nặng
        ("hoaf", "hòa"),  # f: huyền, on the first of two vowels
        ("tieengs", "tiếng"),  # ee: ê, s: sắc on the marked vowel
        ("vieetj", "việt"),
        ("ddiaj", "địa"),  # dd: đ
        ("lis", "lí"),
        ("quar", "quả"),  # r: hỏi; qu takes its u
        ("giaos", "giáo"),  # gi takes its i
        ("khoong", "không"),  # oo: ô
        ("thuyx", "thũy"),  # x: ngã
        ("nguwowif", "người"),  # uw ow: ươ
        ("nguoiwf", "người"),  # a late w marks uo as ươ
        ("awn", "ăn"),  # aw: ă
        ("tw", "tư"),  # w alone is ư
        ("ho1a", "hóa"),  # VNI 1: sắc
        ("ho5c", "học"),  # VNI 5: nặng
        ("tie61ng", "tiếng"),  # VNI 6: circumflex
        ("vie65t", "việt"),
        ("d9i5a", "địa"),  # VNI 9: đ
        ("tu7o7i", "tươi"),  # VNI 7: horn
        ("a8n", "ăn"),  # VNI 8: breve
    ],
)
def test_keystrokes_become_syllables(typed, expected):
    assert convert(typed) == expected


@pytest.mark.parametrize(
    "typed", ["Excel", "Zalo", "COVID", "pH", "phuong", "hoc", "2024", "h2o", "covid19", "wifi"]
)
def test_words_codes_and_plain_syllables_are_left_alone(typed):
    assert convert(typed) is None


def test_checked_coda_takes_only_sac_or_nang():
    assert convert("hocf") is None  # "hòc" is not Vietnamese


def test_numbers_after_counting_words():
    assert counted_numbers(["lop", "muoi"]) == [(1, 1, 10)]
    assert counted_numbers(["hoc", "ki", "ii"]) == [(2, 1, 2)]
    assert counted_numbers(["lop", "muoi", "mot"]) == [(1, 2, 11)]
    assert counted_numbers(["10", "cau", "hoi"]) == []  # no counting word before it
    assert ("x",) in spellings(10) and ("muoi",) in spellings(10) and ("10",) in spellings(10)


def test_fillers_use_diacritics_when_typed():
    exact = ["đề", "kiểm", "tra", "để", "ôn"]
    assert filler_spans(exact, ["de", "kiem", "tra", "de", "on"]) == {3}
    assert 0 in filler_spans(["cach", "tinh"], ["cach", "tinh"])


def test_edit_budget():
    assert close("excle", "excel")  # a swap: one edit
    assert close("hco", "hoc")  # a swap is allowed in 3 letters
    assert not close("ngu", "nga")  # but no other edit below 4 letters
    assert close("phuongg", "phuong")
    assert close("chuongtrinh", "chuontrnh")  # 2 edits from 8 letters
    assert distance("abc", "xyz", 1) == 2


def test_iy_and_joined_forms():
    assert iy_variant("ki") == "ky" and iy_variant("ly") == "li" and iy_variant("hoi") is None
    assert joined_forms("Người Ê-đê và K'Ho") == ["ede", "kho"]
