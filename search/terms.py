"""Query terms: what a backend needs to match one free-text query, synonyms expanded.

`parse_query` is the one place raw query text becomes `QueryTerms`; both backends, the
autocomplete and the highlighter work from them. It sits above `normalise` (cleaning and
tokens) and `synonyms` (the editors' list), which both stay below it: see docs/search.md.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from search.normalise import Change, clean_text, folded_tokens, tokens
from search.synonyms import expand, get_synonym_groups
from search.types import MAX_QUERY_LENGTH


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
    cleaned, changes = clean_text(text)
    messages = []
    if Change.TRUNCATED in changes:
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
