"""A bounded edit distance for typo candidates (optimal string alignment: insert, delete,
replace, swap two neighbours, each one edit).

Budgets follow Elasticsearch's `AUTO:4,8` fuzziness so both backends forgive the same slips:
no edit below 4 letters (except a swap of two neighbours: "hco" → "hoc"), 1 edit from 4
letters, 2 from 8. Candidates come from the index's own vocabulary (search.vocabulary), never
from a scan of the documents.
"""


def budget(word):
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


def distance(a, b, limit):
    """Edit distance of a and b, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2 = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        row_min = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous2 is not None
                and i > 1
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
            ):
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def is_swap(a, b):
    """True when b is a with two neighbouring letters swapped."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and (a[diff[1]] == b[diff[0]])
    )


def close(word, candidate):
    """Whether `candidate` is within the typo budget of `word`."""
    if len(word) < 4:
        return len(word) == 3 and is_swap(word, candidate)
    limit = budget(word)
    return distance(word, candidate, limit) <= limit
