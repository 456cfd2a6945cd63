"""The index's own vocabulary: which folded words the catalogue holds, and typo candidates.

Both backends ask the database table (it is always written, Elasticsearch or not: see
indexer.py), so a word is judged "known" and a typo corrected the same way whichever backend
answers:

* SQLite: the FTS5 `fts5vocab` table `search_fts_vocab` over `search_fts` (migration 0005):
  one row per distinct term with its document count, read by term, never a document scan;
* PostgreSQL: `SearchWord` (one row per distinct folded word, written by
  `backends.database.store`) with a pg_trgm GIN index (migration 0005, PostgreSQL only).

Candidates share the typed word's first letter (what Elasticsearch's `prefix_length: 1`
assumes too) and are kept only within the edit budget of `repair.edits`. See
docs/search-repair.md.
"""

from django.db import DatabaseError, connection

from search import cache
from search.repair.edits import budget, close, distance

MAX_CANDIDATE_ROWS = 4000
MAX_CANDIDATES = 3
STATS_SECONDS = 300  # PostgreSQL's word statistics change only when the table is analysed


def _rows(sql, params):
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    except DatabaseError:  # no vocabulary table (an unmigrated test database): no repair
        return []


def known(words):
    """{word: document count (0 when unknown on PostgreSQL)} for the given folded words."""
    words = sorted({w for w in words if w})
    if not words:
        return {}
    marks = ", ".join(["%s"] * len(words))
    if connection.vendor == "sqlite":
        rows = _rows(f"SELECT term, doc FROM search_fts_vocab WHERE term IN ({marks})", words)
        return dict(rows)
    if connection.vendor == "postgresql":
        rows = _rows(f"SELECT word FROM search_searchword WHERE word IN ({marks})", words)
        return {word: 1 for (word,) in rows}
    return {}


def frequencies(words):
    """{word: how common it is} for the given folded words, comparable between words of one
    database only (a document count on SQLite, a share of documents on PostgreSQL); 0 for a
    rare or unknown word. The database backend bounds a query's candidate rows by its rarest
    words (docs/search-repair.md, "Speed").

    SQLite reads the `fts5vocab` document counts; PostgreSQL the most common elements that
    ANALYZE keeps for the `search_vector` column (pg_stats): a word not among them is rare."""
    words = sorted({w for w in words if w})
    if not words:
        return {}
    if connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(words))
        rows = _rows(f"SELECT term, doc FROM search_fts_vocab WHERE term IN ({marks})", words)
        return dict(rows)
    if connection.vendor == "postgresql":
        common = cache.cached("pg-common-words", STATS_SECONDS, _pg_common_words)
        return {w: common[w] for w in words if w in common}
    return {}


def _pg_common_words():
    rows = _rows(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
        "WHERE tablename = 'search_searchentry' AND attname = 'search_vector'",
        [],
    )
    if not rows or not rows[0][0]:
        return {}
    elements, shares = rows[0]
    return dict(zip(elements, shares, strict=False))  # shares end with min, max, nulls


def _first_letter_range(word):
    return word[0], word[0] + "\uffff"


def similar(word):
    """Up to MAX_CANDIDATES known words within the typo budget of `word`, nearest first (then
    the most documents). Both databases read the words of the same first letter and a length
    within the budget (the primary-key or vocabulary order, bounded); PostgreSQL adds its
    trigram neighbours, which reach past that bound in a large vocabulary. Trigrams alone
    miss swaps in short words ("suta" shares two of eight trigrams with "suat")."""
    if len(word) < 3 or not word.isalpha():
        return []
    limit = max(budget(word), 1)
    low, high = _first_letter_range(word)
    bounds = [low, high, len(word) - limit, len(word) + limit, MAX_CANDIDATE_ROWS]
    if connection.vendor == "sqlite":
        rows = _rows(
            "SELECT term, doc FROM search_fts_vocab WHERE term >= %s AND term < %s "
            "AND length(term) BETWEEN %s AND %s LIMIT %s",
            bounds,
        )
    elif connection.vendor == "postgresql":
        rows = _rows(
            "SELECT word, 0 FROM search_searchword WHERE word >= %s AND word < %s "
            "AND length(word) BETWEEN %s AND %s LIMIT %s",
            bounds,
        )
        if len(word) >= 4:
            rows += _rows(
                "SELECT word, 0 FROM search_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC LIMIT 50",
                [word, word],
            )
    else:
        rows = []
    found = {
        term: (distance(word, term, limit), -float(count or 0))
        for term, count in rows
        if term != word and term.isascii() and term.isalpha() and close(word, term)
    }
    return sorted(found, key=found.get)[:MAX_CANDIDATES]
