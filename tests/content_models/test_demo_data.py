"""The demo data files: what they describe, and how a mistake in one is reported."""

import io
import shutil

from django.core.management import CommandError, call_command

from wagtail.models import Page

import pytest

from content_models.demo import loader
from content_models.demo.loader import DATA_DIR, DemoDataError, load_demo_data


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the shipped data files, and a way to change one line of a file."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)

    def change(name, old, new):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return folder, change


def problems(folder):
    with pytest.raises(DemoDataError) as caught:
        load_demo_data(folder)
    return str(caught.value).splitlines()


def test_shipped_files_describe_the_documented_demo():
    data = load_demo_data()
    assert len(data.centres) == 8
    assert len({centre.province for centre in data.centres}) == 8
    assert len(data.published_lessons) == 65
    assert sum(1 for spec in data.published_lessons if spec.derived_from) == 3
    assert [spec.status for spec in data.unpublished_lessons] == [
        "draft",
        "draft",
        "draft",
        "review",
        "changes",
    ]
    assert sum(1 for spec in data.lessons if spec.pdf) == 18
    assert len(data.courses) == 5 and len(data.collections) == 4
    quadratic = data.lessons[0]
    assert quadratic.external_id == "demo-001"
    assert quadratic.formula.latex.startswith(r"x_{1,2} = \frac")
    assert [section.heading for section in quadratic.sections][0] == "Dạng tổng quát"


def test_misspelt_key_names_file_entry_and_key(data_copy):
    folder, change = data_copy
    change("lessons-school.toml", 'graph = "cubic"', 'graf = "cubic"')
    assert problems(folder) == ["lessons-school.toml, lesson 4 (demo-004): graf: unknown key"]


def test_nested_key_missing_and_unknown(data_copy):
    folder, change = data_copy
    change("courses.toml", 'title = "Phương trình bậc hai"', 'tile = "Phương trình bậc hai"')
    assert problems(folder) == [
        "courses.toml, course 1 (toan-10-phuong-trinh-va-ham-so): units[1].title: missing key",
        "courses.toml, course 1 (toan-10-phuong-trinh-va-ham-so): units[1].tile: unknown key",
    ]


def test_wrong_type_and_unknown_vocabulary(data_copy):
    folder, change = data_copy
    change("lessons-community.toml", "grades = [1]", 'grades = ["1"]')
    change("lessons-community.toml", 'licence = "CC BY 4.0"', 'licence = "CC BY 5.0"')
    found = problems(folder)
    assert found == [
        "lessons-community.toml, lesson 1 (demo-039): grades[1]: Input should be a valid integer",
        "lessons-community.toml, lesson 1 (demo-039): licence: unknown licence 'CC BY 5.0'",
    ]


def test_references_between_files_are_checked(data_copy):
    folder, change = data_copy
    change("remixes.toml", 'centre = "dienbien"', 'centre = "dien-bien"')
    change("remixes.toml", 'derived_from = "demo-001"', 'derived_from = "demo-d01"')
    change("collections.toml", '"demo-004"', '"demo-400"')
    assert problems(folder) == [
        "remixes.toml, lesson 1 (demo-063): centre 'dien-bien' is not a key in centres.toml",
        "remixes.toml, lesson 1 (demo-063): derived_from 'demo-d01' is not a published lesson "
        "listed before it",
        "collections.toml, collection 1 (on-thi-tot-nghiep-thpt): items: no lesson 'demo-400'",
    ]


def test_review_comment_only_with_changes(data_copy):
    folder, change = data_copy
    change("unpublished.toml", 'status = "changes"', 'status = "review"')
    assert problems(folder) == [
        "unpublished.toml, lesson 5 (demo-r02): review_comment is needed with status "
        '"changes", and only then'
    ]


def test_syntax_error_names_the_file(data_copy):
    folder, change = data_copy
    change("centres.toml", 'key = "laocai"', 'key = "laocai')
    (message,) = problems(folder)
    assert message.startswith("centres.toml: ")


@pytest.mark.django_db
def test_seed_demo_with_a_bad_file_writes_nothing(data_copy, monkeypatch):
    folder, change = data_copy
    change("accounts.toml", "[editor]", "[editors]")
    monkeypatch.setattr(loader, "DATA_DIR", folder)
    pages = Page.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert str(caught.value).splitlines() == [
        "Dữ liệu mẫu có lỗi, chưa tạo gì:",
        "accounts.toml: editor: missing key",
        "accounts.toml: editors: unknown key",
    ]
    assert Page.objects.count() == pages
