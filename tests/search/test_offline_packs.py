"""Offline packs of a search result (`manage.py build_offline_pack --search`,
search/offline_packs.py): the lessons the search finds, with its filters, through the
database backend (tests/search/conftest.py blanks ELASTICSEARCH_URL for unmarked tests)."""

import io
import zipfile

from django.core.management import CommandError, call_command, get_commands
from django.test import override_settings

import pytest

pytestmark = pytest.mark.django_db


def build(tmp_path, *args):
    output = tmp_path / "goi.zip"
    out = io.StringIO()
    call_command(
        "build_offline_pack",
        *args,
        "--format",
        "zip",
        "--output",
        str(output),
        stdout=out,
        stderr=io.StringIO(),
    )
    with zipfile.ZipFile(output) as archive:
        pages = {
            name: archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("lessons/")
        }
        index = archive.read("index.html").decode()
    return out.getvalue(), pages, index


def test_pack_of_a_search_without_diacritics(indexed_pack_content, tmp_path):
    _collection, _course, lessons = indexed_pack_content
    text, pages, index = build(tmp_path, "--search", "quang hop")
    assert "1 bài học" in text
    (page,) = pages.values()
    assert lessons[1].title in page
    assert "Kết quả tìm kiếm: quang hop" in index
    assert "/tim-kiem/?q=quang+hop" in index


def test_filters_narrow_the_pack(indexed_pack_content, centre_a, tmp_path):
    _text, everything, _index = build(tmp_path, "--search", "")
    assert len(everything) == 3
    _text, pages, _index = build(tmp_path, "--search", "", "--filter", f"centre={centre_a.slug}")
    assert len(pages) == 3
    with pytest.raises(CommandError, match="không thấy bài học"):
        build(tmp_path, "--search", "đạo hàm", "--filter", "grade=12")


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (["grade=99"], "grade|Khối lớp|không hợp lệ"),
        (["nope=1"], "nope"),
        (["grade"], "tên=giá trị"),
    ],
)
def test_bad_filters_are_refused_with_one_line(indexed_pack_content, tmp_path, filters, message):
    args = ["--search", "đạo hàm"]
    for item in filters:
        args += ["--filter", item]
    with pytest.raises(CommandError, match=message):
        build(tmp_path, *args)


@override_settings(HLM_OFFLINE_PACK_MAX_LESSONS=2)
def test_a_search_over_the_cap_is_refused(indexed_pack_content, tmp_path):
    with pytest.raises(CommandError, match="vượt giới hạn"):
        build(tmp_path, "--search", "")


def test_one_command_takes_every_source_as_the_issue_spells_it(indexed_pack_content, tmp_path):
    """`build_offline_pack` is registered once, in the search room, so `--search` and the page
    sources share one name; a second command of that name in content_models (listed first in
    INSTALLED_APPS) would shadow it."""
    assert get_commands()["build_offline_pack"] == "search"
    text, pages, _index = build(tmp_path, "--collection", "hoc-lieu-on-tap")
    assert "3 bài học" in text and len(pages) == 3
    with pytest.raises(CommandError, match="not allowed with"):
        build(tmp_path, "--search", "quang hop", "--collection", "hoc-lieu-on-tap")
    with pytest.raises(CommandError, match="--filter chỉ dùng được cùng với --search"):
        build(tmp_path, "--collection", "hoc-lieu-on-tap", "--filter", "grade=12")
    with pytest.raises(CommandError, match="one of the arguments"):
        build(tmp_path)
