"""Where to read the views and downloads of a period: the monthly sums for the months wholly
inside it, the daily rows for the days of the months it only touches at its ends.

A school year (1 September – 31 August) is twelve whole months, so its reports read only
`MonthlyUsage`: at most 12 rows per item instead of up to 365 (on 100,000 lessons and 10
million daily rows, a province report went from 5.8 s to well under a second; see
docs/usage-and-reports.md). A range such as 15 October – 20 March reads the days of October
and March and the months in between. The monthly table is kept by triggers on the daily one
(migration 0011), so the two never disagree.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum

from content_models.models import DailyUsage, MonthlyUsage


@dataclass(frozen=True)
class Source:
    """Rows of one table that, with the other sources of the period, count each day once."""

    rows: object  # a queryset of DailyUsage or MonthlyUsage
    date_field: str  # "day" or "month"


def _next_month(day):
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def sources(start=None, end=None):
    """The sources covering `start`–`end` (dates, both included); all time without them."""
    if start is None and end is None:
        return [Source(MonthlyUsage.objects.order_by(), "month")]
    first_whole = start if start.day == 1 else _next_month(start)
    after_whole = _next_month(end) if _next_month(end) - timedelta(days=1) == end else end
    after_whole = after_whole.replace(day=1)  # the first month not wholly inside
    if first_whole >= after_whole:  # no whole month: the days only
        return [Source(DailyUsage.objects.filter(day__gte=start, day__lte=end).order_by(), "day")]
    found = [
        Source(
            MonthlyUsage.objects.filter(month__gte=first_whole, month__lt=after_whole).order_by(),
            "month",
        )
    ]
    if start < first_whole:
        found.append(
            Source(
                DailyUsage.objects.filter(day__gte=start, day__lt=first_whole).order_by(), "day"
            )
        )
    if after_whole <= end:
        found.append(
            Source(DailyUsage.objects.filter(day__gte=after_whole, day__lte=end).order_by(), "day")
        )
    return found


def sum_by_item(found, kind, items):
    """{item id: count} of `kind` for `items` (ids or a subquery of ids) over the sources."""
    totals = Counter()
    for source in found:
        totals.update(
            dict(
                source.rows.filter(kind=kind, item_id__in=items)
                .values("item_id")
                .annotate(n=Sum("count"))
                .values_list("item_id", "n")
            )
        )
    return totals


def sum_by_month(found, kind, items):
    """{(year, month): count} of `kind` for `items` over the sources."""
    totals = Counter()
    for source in found:
        for moment, n in (
            source.rows.filter(kind=kind, item_id__in=items)
            .values(source.date_field)
            .annotate(n=Sum("count"))
            .values_list(source.date_field, "n")
        ):
            totals[(moment.year, moment.month)] += n
    return totals
