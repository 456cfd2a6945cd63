"""User text → safe search terms, shared by the Elasticsearch and the database backends.

Both backends receive only what this module produces: NFC text without control characters,
capped in length, split into word tokens of letters and digits. Folding uses
`content_models.text.fold` (the one folding helper of the project), so "Đạo hàm", "dao ham"
and an NFD-encoded "đạo hàm" all become the tokens ("dao", "ham"), on both backends alike.
No user character ever reaches a query parser: Elasticsearch gets `match`/`multi_match`
clauses built from tokens, SQLite FTS5 and PostgreSQL get expressions assembled here from
tokens that contain nothing but letters and digits.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from content_models.text import fold
from search.types import MAX_QUERY_LENGTH

MAX_TOKENS = 24  # more words than this are dropped (a 200-character query has ~40 at most)
MAX_TOKEN_LENGTH = 64
# Letters and digits only: `_` and every punctuation or operator character separate tokens.
TOKEN_RE = re.compile(r"[^\W_]+")


def clean_text(text, max_length=MAX_QUERY_LENGTH):
    """(cleaned, truncated): NFC, no control characters or NUL, single spaces, capped."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    text = " ".join(text.split())
    truncated = len(text) > max_length
    if truncated:
        cut = text[:max_length]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut  # do not end on half a word
    return text, truncated


def tokens(text):
    """Word tokens of already cleaned `text`, lower-cased but not folded."""
    return [t[:MAX_TOKEN_LENGTH] for t in TOKEN_RE.findall(text.casefold())][:MAX_TOKENS]


def folded_tokens(text):
    return [t[:MAX_TOKEN_LENGTH] for t in TOKEN_RE.findall(fold(text))][:MAX_TOKENS]


@dataclass
class QueryTerms:
    """What a backend needs to match one free-text query.

    `clauses`: every clause must match; a clause matches when any of its alternatives does; an
    alternative is a tuple of folded tokens matched as a phrase (one token for plain words, more
    for a synonym such as ("trung", "hoc", "pho", "thong") for THPT).
    `exact`: the unfolded tokens, used only to rank exact diacritics higher.
    """

    text: str = ""
    clauses: list[list[tuple[str, ...]]] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def empty(self):
        return not self.clauses

    @property
    def highlight_terms(self):
        """Folded words and phrases to mark in snippets: the query's own and its synonyms'."""
        terms = {" ".join(alt) for clause in self.clauses for alt in clause}
        return sorted(terms, key=len, reverse=True)


def parse_query(text, synonym_groups=None):
    """QueryTerms for raw user `text` (any length, any characters)."""
    from search.synonyms import expand, get_synonym_groups

    cleaned, truncated = clean_text(text)
    messages = []
    if truncated:
        messages.append(
            _("Từ khóa quá dài; chỉ %(n)s ký tự đầu được dùng để tìm.") % {"n": MAX_QUERY_LENGTH}
        )
    folded = folded_tokens(cleaned)
    groups = get_synonym_groups() if synonym_groups is None else synonym_groups
    return QueryTerms(
        text=cleaned,
        clauses=expand(folded, groups),
        exact=tokens(cleaned),
        folded=folded,
        messages=messages,
    )
