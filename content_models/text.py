"""Vietnamese text helpers shared by slugs, imports and the search catalogue."""

import unicodedata

from django.utils.text import slugify


def fold(text):
    """Lower-case `text` and drop every diacritic, đ→d included ("Đạo hàm" → "dao ham").

    NFD splits tone and vowel marks off their letters; đ has no decomposition, so it is mapped
    by hand. Old and new tone placement (hoà / hòa) fold to the same string.
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").casefold()


def normalise_key(text):
    """Key for comparing names regardless of case, spacing and Unicode normalisation."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def vi_slugify(text, max_length=255):
    """An ASCII slug for a Vietnamese name ("Hóa học" → "hoa-hoc")."""
    return slugify(fold(text))[:max_length]
