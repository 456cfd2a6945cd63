"""Vietnamese text helpers shared by every room: folding, name keys and slugs.

A leaf module: it imports only the standard library and Django. It sits in `media/`, the
bottom room, because the project's top-level layout is fixed and the bottom room is the only
one every other room may import (cms → search → content_models → media). `content_models.text`
re-exports these names for older import paths (migration 0002 among them). See
docs/importing-and-demo.md.
"""

import unicodedata
from functools import lru_cache

from django.utils.text import slugify

__all__ = ["fold", "fold_by_decomposition", "latin_fold_table", "normalise_key", "vi_slugify"]


def fold_by_decomposition(text):
    """Lower-case `text` and drop every diacritic, đ→d included ("Đạo hàm" → "dao ham").

    NFD splits tone and vowel marks off their letters; đ has no decomposition, so it is mapped
    by hand. Old and new tone placement (hoà / hòa) fold to the same string.
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").casefold()


@lru_cache(maxsize=1)
def latin_fold_table():
    """str.translate table: the folded form of every Latin letter and combining mark."""
    table = {}
    for start, end in ((0x0, 0x250), (0x300, 0x370), (0x1E00, 0x1F00)):
        for code in range(start, end):
            folded = fold_by_decomposition(chr(code))
            if folded != chr(code):
                table[code] = folded
    return table


def fold(text):
    """`fold_by_decomposition(text)`, at C speed for Latin-script text (indexing hot path).

    Folding works character by character, so a per-character translate table gives the same
    string; when anything outside the table's ranges remains, the full procedure runs.
    """
    text = text or ""
    folded = text.translate(latin_fold_table())
    return folded if folded.isascii() else fold_by_decomposition(text)


def normalise_key(text):
    """Key for comparing names regardless of case, spacing and Unicode normalisation."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def vi_slugify(text, max_length=255):
    """An ASCII slug for a Vietnamese name ("Hóa học" → "hoa-hoc")."""
    return slugify(fold(text))[:max_length]
