"""Full-text match texts of the database backend: FTS5 MATCH strings (SQLite) and
`to_tsquery('simple', …)` strings (PostgreSQL), built from `QueryTerms`.

Tokens hold only letters and digits (search/terms.py); every operator is ours, and each text
is passed as one bound parameter, so user syntax never reaches FTS5 or `to_tsquery`.
"""


def fts_phrase(phrase):
    return '"' + " ".join(phrase) + '"'


def fts5_expression(terms, prefix_last=False, title_only=False):
    """FTS5 MATCH text for `terms`: every clause ANDed, alternatives ORed, exact ORed in."""
    clauses = []
    for i, clause in enumerate(terms.clauses):
        alts = [fts_phrase(p) for p in clause]
        if prefix_last and i == len(terms.clauses) - 1 and len(clause) == 1:
            alts = [alts[0] + " *"]
        clauses.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    columns = "folded_title" if title_only else "{folded_title folded_body}"
    folded = f"{columns} : (" + " AND ".join(clauses) + ")"
    if prefix_last or title_only or not terms.exact:
        return folded
    exact = " AND ".join(fts_phrase((t,)) for t in terms.exact)
    return f"({folded}) OR (exact_text : ({exact}))"


def ts_phrase(phrase, weights="", prefix=False):
    suffix = ":" + ("*" if prefix else "") + weights if (weights or prefix) else ""
    return " <-> ".join(f"{token}{suffix}" for token in phrase)


def tsquery_expression(terms, prefix_last=False, weights=""):
    """to_tsquery text for `terms` (tokens are letters/digits only, operators are ours)."""
    parts = []
    for i, clause in enumerate(terms.clauses):
        prefix = prefix_last and i == len(terms.clauses) - 1 and len(clause) == 1
        alts = [ts_phrase(p, weights, prefix) for p in clause]
        parts.append(alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")")
    return " & ".join(parts)


def exact_tsquery(terms):
    return " & ".join(terms.exact) or tsquery_expression(terms)


def fts5_clause(clause):
    """FTS5 MATCH text for one clause: any of its alternatives in the folded columns."""
    return "{folded_title folded_body} : (" + " OR ".join(fts_phrase(p) for p in clause) + ")"


def fts5_any(terms):
    """FTS5 MATCH text matching any alternative of any clause, or any exact word: what bm25
    ranks in the relaxed pass (exact diacritics add to the score)."""
    alternatives = [fts_phrase(p) for clause in terms.clauses for p in clause]
    expression = "{folded_title folded_body} : (" + " OR ".join(alternatives) + ")"
    if terms.exact:
        exact = " OR ".join(fts_phrase((t,)) for t in terms.exact)
        expression = f"({expression}) OR (exact_text : ({exact}))"
    return expression


def tsquery_any(terms):
    parts = [ts_phrase(p) for clause in terms.clauses for p in clause]
    return " | ".join(f"({p})" for p in parts)
