"""User text → clean text and word tokens, shared by the page, the API and both backends.

This module is a leaf of the search package: it imports only the folding helper and the
limits. Everything user-typed passes through `clean_text` once (the form for the page and the
API, `querying.prepare` and `terms.parse_query` when the service is called directly), then
`tokens` / `folded_tokens` split it into words of letters and digits. Folding uses
`content_models.text.fold` (the one folding helper of the project), so "Đạo hàm", "dao ham"
and an NFD-encoded "đạo hàm" all become the tokens ("dao", "ham") on both backends alike. No
user character ever reaches a query parser: see docs/search.md, "Query text".
"""

import enum
import re
import unicodedata

from content_models.text import fold
from search.types import MAX_QUERY_LENGTH

MAX_TOKENS = 24  # more words than this are dropped (a 200-character query has ~40 at most)
MAX_TOKEN_LENGTH = 64
# Letters and digits only: `_` and every punctuation or operator character separate tokens.
TOKEN_RE = re.compile(r"[^\W_]+")

# Ordinary white space: becomes one space, and is not a change worth telling the user about.
WHITESPACE = frozenset("\t\n\r\f\v")
WHITESPACE_CATEGORIES = frozenset({"Zs", "Zl", "Zp"})
# Format characters (soft hyphen, zero-width joiners, bidi marks), surrogates, private-use and
# unassigned code points, and U+FFFD (what Django puts in place of bytes that were not UTF-8,
# e.g. `%ff%fe`): invisible or not text at all, so removed without a trace.
DROPPED_CATEGORIES = frozenset({"Cf", "Cs", "Co", "Cn"})
REPLACEMENT_CHARACTER = "\ufffd"


class Change(enum.IntFlag):
    """What `clean_text` did to the text; falsy when nothing."""

    NONE = 0
    REMOVED = 1  # control, format or invalid characters were taken out
    TRUNCATED = 2  # longer than the limit: cut after the last whole word


def _clean_character(ch):
    """(replacement, removed) for one character of NFC text."""
    if ch in WHITESPACE:
        return " ", False
    category = unicodedata.category(ch)
    if category in WHITESPACE_CATEGORIES:
        return " ", False
    if category == "Cc":  # NUL, ESC, …: they stood between words, so they separate them
        return " ", True
    if category in DROPPED_CATEGORIES or ch == REPLACEMENT_CHARACTER:
        return "", True
    return ch, False


def clean_text(text, max_length=MAX_QUERY_LENGTH):
    """(cleaned, changes) for any user text: NFC, single spaces, capped at `max_length`.

    Control characters become spaces, invisible and invalid ones are removed (both set
    `Change.REMOVED`); text longer than `max_length` is cut after its last whole word
    (`Change.TRUNCATED`); `max_length=None` keeps any length. `changes` is falsy when the text
    only had its spaces tidied.
    """
    text = unicodedata.normalize("NFC", str(text or ""))
    changes = Change.NONE
    # Fast path: printable text (spaces aside) has nothing to replace or remove.
    if not text.isprintable() or REPLACEMENT_CHARACTER in text:
        kept = []
        for ch in text:
            replacement, removed = _clean_character(ch)
            kept.append(replacement)
            if removed:
                changes |= Change.REMOVED
        text = "".join(kept)
    text = " ".join(text.split())
    if max_length is not None and len(text) > max_length:
        cut = text[:max_length]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut  # do not end on half a word
        changes |= Change.TRUNCATED
    return text, changes


def tokens(text):
    """Word tokens of already cleaned `text`, lower-cased but not folded."""
    return [t[:MAX_TOKEN_LENGTH] for t in TOKEN_RE.findall(text.casefold())][:MAX_TOKENS]


def folded_tokens(text):
    """Word tokens of `text` folded (no diacritics, đ → d, case-folded)."""
    return [t[:MAX_TOKEN_LENGTH] for t in TOKEN_RE.findall(fold(text))][:MAX_TOKENS]
