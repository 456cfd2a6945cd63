"""Spelling variants that folding alone does not merge.

* i / y at the end of an open syllable after h, k, l, m, s, t, qu: "kĩ" / "kỹ", "lí" / "lý",
  "học kì" / "học kỳ" fold to "ki" / "ky" and are the same word in both spellings.
* Words joined by a hyphen or an apostrophe ("Ê-đê", "K'Ho"): one joined token ("ede",
  "kho") besides the parts, at index time (serializers) and query time (terms), so "Ê-đê",
  "Êđê", "Ê đê" and "Ede" meet. See docs/search-repair.md.
"""

import re

from media.text import fold

IY_RE = re.compile(r"^(h|k|l|m|s|t|qu)([iy])$")
# A word of letters/digits joined to the next by a hyphen or an apostrophe (any of ' ’ ʼ ‘ -).
JOINED_RE = re.compile(r"[^\W_]+(?:[-'’ʼ‘‐][^\W_]+)+")
PART_RE = re.compile(r"[^\W_]+")


def iy_variant(folded):
    """The other spelling of an i/y syllable, or None."""
    match = IY_RE.match(folded)
    if not match:
        return None
    return match.group(1) + ("y" if match.group(2) == "i" else "i")


def joined_forms(text):
    """Folded joined tokens of hyphenated or apostrophe words in `text` ("Ê-đê" → "ede")."""
    return ["".join(PART_RE.findall(fold(m))) for m in JOINED_RE.findall(text or "")]
