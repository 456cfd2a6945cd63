"""Zero-result and rescued queries, counted per folded text, outcome and day.

Nothing that identifies a person is stored: no address, user, session or time of day, only
the folded query text (capped), what happened and a count. Editors read the most frequent in
the admin (wagtail_hooks.py) and add one as a synonym in one step. See docs/search-repair.md.
"""

import logging

from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone

from media.text import fold
from search.models import SearchQueryLog

logger = logging.getLogger("hlm.search")
MAX_TEXT = 200


def entry_of(results):
    """`(folded text, corrected, outcome)` when `results` is worth counting, else None.

    Counted: nothing found, or repair or the relaxed pass rescued the query (page 1 only).
    The tuple is small and plain, so a stored search page keeps it and counts it again on
    every hit (cms/page_cache.py, docs/operations.md "Cached public pages").
    """
    terms = results.terms
    if terms is None or terms.empty or results.query.page != 1:
        return None
    if results.total == 0:
        outcome = SearchQueryLog.Outcome.ZERO
    elif results.relaxed or terms.corrected:
        outcome = SearchQueryLog.Outcome.RESCUED
    else:
        return None
    text = " ".join(fold(terms.text).split())[:MAX_TEXT]
    corrected = fold(terms.corrected)[:MAX_TEXT]
    return (text, corrected, str(outcome))


def count_entry(entry):
    """Add one to today's row of `entry` (from `entry_of`); never raises a database error."""
    text, corrected, outcome = entry
    day = timezone.localdate()
    try:
        updated = SearchQueryLog.objects.filter(day=day, text=text, outcome=outcome).update(
            count=F("count") + 1
        )
        if not updated:
            SearchQueryLog.objects.get_or_create(
                day=day, text=text, outcome=outcome, defaults={"count": 1, "corrected": corrected}
            )
    except DatabaseError:  # counting must never fail a search
        logger.warning("search: could not count the query %r", text, exc_info=True)


def record(results):
    """Count `results` when nothing was found or when repair or the relaxed pass rescued it."""
    entry = entry_of(results)
    if entry is not None:
        count_entry(entry)
    return entry
