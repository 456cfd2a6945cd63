"""Snippets with <mark> around folded matches, for both backends.

The index holds folded text, so a highlighter running over it would show "dao ham" where the
lesson says "đạo hàm". Instead the original text is mapped one character to one character
onto its folded form (each precomposed letter through `content_models.text.fold`, which gives
exactly one letter for every Vietnamese character), matches are found on the folded form, and
the same offsets cut the original. Everything outside <mark> is escaped.
"""

import html
import re
import unicodedata
from functools import lru_cache

from content_models.text import fold

SNIPPET_CHARS = 180


def escape(text):
    # The standard library's, not Django's lazy-aware wrapper: called ~400 times per page.
    return html.escape(text, quote=True)


MAX_SNIPPETS = 2


@lru_cache(maxsize=1)
def _table():
    """str.translate table: every character whose fold is one character → that character."""
    table = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)) + list(range(0x41, 0x5B)):
        ch = chr(code)
        folded = fold(ch)
        if len(folded) == 1 and folded != ch:
            table[code] = folded
    return table


def aligned_fold(text):
    """NFC `text` folded with its length unchanged: offsets in the result are offsets in `text`."""
    return text.translate(_table())


def _pattern(terms, prefix_last=False):
    return _compiled(tuple(terms), bool(prefix_last))


@lru_cache(maxsize=256)
def _compiled(terms, prefix_last):
    """One regex per query, not one per hit: a results page highlights 20 hits alike."""
    words = [r"\s+".join(map(re.escape, t.split())) for t in terms if t and t.strip()]
    if not words:
        return None
    alternatives = "|".join(words)
    tail = r"\w*" if prefix_last else ""
    return re.compile(rf"(?<![^\W_])(?:{alternatives}){tail}(?![^\W_])")


def mark(text, terms, prefix=False):
    """All of `text`, escaped, with every folded match of `terms` wrapped in <mark>."""
    text = unicodedata.normalize("NFC", text or "")
    pattern = _pattern(terms, prefix)
    if pattern is None:
        return escape(text)
    return _render(text, [m.span() for m in pattern.finditer(aligned_fold(text))], 0, len(text))


def _render(text, spans, start, end):
    out, pos = [], start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    return "".join(out)


def snippets(texts, terms, limit=MAX_SNIPPETS, width=SNIPPET_CHARS):
    """Up to `limit` escaped fragments of `texts` around matches of the folded `terms`."""
    pattern = _pattern(terms)
    if pattern is None:
        return []
    fragments = []
    for text in texts:
        if not text:
            continue
        text = unicodedata.normalize("NFC", text)
        spans = [m.span() for m in pattern.finditer(aligned_fold(text))]
        if not spans:
            continue
        start = max(0, spans[0][0] - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < spans[0][0] else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", spans[0][1], end)
            end = space if space > 0 else end
        fragment = _render(text, spans, start, end)
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(text) else ""
        fragments.append(f"{prefix}{fragment}{suffix}")
        if len(fragments) >= limit:
            break
    return fragments
