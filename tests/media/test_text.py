"""`media.text`: the Vietnamese text helpers every room imports, and their old import path."""

import ast
import unicodedata
from pathlib import Path

import pytest

import content_models.text
import media.text
from media.text import fold, fold_by_decomposition, normalise_key, vi_slugify


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đạo hàm", "dao ham"),
        ("Phương trình bậc hai", "phuong trinh bac hai"),
        (unicodedata.normalize("NFD", "Tiếng Việt"), "tieng viet"),
        ("hoà", "hoa"),
        ("hòa", "hoa"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_drops_every_diacritic_whatever_the_normalisation(text, folded):
    assert fold(text) == folded
    assert fold_by_decomposition(text) == folded


def test_slug_and_key():
    assert vi_slugify("Hóa học") == "hoa-hoc"
    assert vi_slugify("Giáo dục quốc phòng và an ninh", max_length=9) == "giao-duc-"
    nfd = unicodedata.normalize("NFD", "  Trung tâm   GDTX ")
    assert normalise_key(nfd) == normalise_key("trung tâm gdtx")


def test_old_import_path_gives_the_same_functions():
    # Migration 0002_seed_taxonomy imports vi_slugify from content_models.text.
    for name in media.text.__all__:
        assert getattr(content_models.text, name) is getattr(media.text, name)


def test_text_module_is_a_leaf():
    """Every room imports it, so it may import only the standard library and Django."""
    tree = ast.parse(Path(media.text.__file__).read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add("." * node.level + (node.module or ""))
    assert {name.split(".")[0] for name in modules} <= {"unicodedata", "functools", "django"}
