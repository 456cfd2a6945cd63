"""Keyset pages of records for ListIdentifiers and ListRecords.

Records are sent in (datestamp, row id) order, each page starting after the last row of the
previous one: no OFFSET, so page 1,000 costs what page 1 costs, and a record changed during
a harvest moves behind the cursor instead of shifting the others (it is sent again later, never
skipped). The upper bound of the first request (its `until`, else the moment it was answered)
is kept in the token, so the list a harvester walks through does not grow while it walks.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Q

from content_models.models.records import OaiRecord

DEFAULT_PAGE_SIZE = 100


def page_size():
    return int(getattr(settings, "HLM_OAI_PAGE_SIZE", DEFAULT_PAGE_SIZE))


@dataclass
class ListState:
    verb: str
    metadata_prefix: str
    set_spec: str | None
    from_date: datetime | None
    until_date: datetime | None
    after_datestamp: datetime | None = None
    after_id: int = 0
    cursor: int = 0
    total: int = 0


def matching(state):
    """Every row the request selects, unordered (for the complete list size)."""
    rows = OaiRecord.objects.all()
    if state.from_date:
        rows = rows.filter(datestamp__gte=state.from_date)
    if state.until_date:
        rows = rows.filter(datestamp__lte=state.until_date)
    if state.set_spec:
        rows = rows.filter(set_specs__contains=f" {state.set_spec} ")
    return rows


def next_rows(state):
    """(rows of the next page, whether more follow)."""
    rows = matching(state)
    if state.after_datestamp is not None:
        # (datestamp, id) > (d, i), written so that the index is entered at d: with the plain
        # OR form SQLite merged two index searches and sorted them (7× slower at 20,000).
        rows = rows.filter(datestamp__gte=state.after_datestamp).filter(
            Q(datestamp__gt=state.after_datestamp) | Q(id__gt=state.after_id)
        )
    size = page_size()
    found = list(rows.order_by("datestamp", "id")[: size + 1])
    return found[:size], len(found) > size
