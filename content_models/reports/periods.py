"""Report periods: a school year (1 September – 31 August, local time) or a date range."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")
MAX_RANGE_DAYS = 3 * 366


class BadPeriod(ValueError):
    """The period asked for is not one; `str(error)` is the Vietnamese reason."""


@dataclass(frozen=True)
class Period:
    start: date  # first day, included
    end: date  # last day, included
    label: str

    @property
    def start_at(self):
        return datetime.combine(self.start, time.min, tzinfo=LOCAL)

    @property
    def end_before(self):
        """The first moment after the period (for `timestamp < end_before`)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LOCAL)

    def months(self):
        """(year, month) of every month the period touches, in order."""
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    @property
    def slug(self):
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


def school_year(text):
    """`2025-2026` → 1 Sep 2025 – 31 Aug 2026."""
    match = YEAR_RE.match((text or "").strip())
    if not match:
        raise BadPeriod(_("Năm học phải có dạng 2025-2026."))
    first, second = int(match.group(1)), int(match.group(2))
    if second != first + 1:
        raise BadPeriod(_("Năm học gồm hai năm liền nhau, ví dụ 2025-2026."))
    if not FIRST_YEAR <= first < LAST_YEAR:
        raise BadPeriod(
            _("Năm học phải từ %(first)s đến %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return Period(date(first, 9, 1), date(second, 8, 31), _("Năm học %(year)s") % {"year": text})


def current_school_year(today):
    first = today.year if today.month >= 9 else today.year - 1
    return school_year(f"{first}-{first + 1}")


def recent_school_years(today, count=5):
    """`2025-2026`-style labels of the current school year and the `count - 1` before it,
    newest first (the desk's choice of year for the evidence sheet)."""
    first = current_school_year(today).start.year
    return [f"{year}-{year + 1}" for year in range(first, first - count, -1)]


def date_range(start_text, end_text):
    try:
        start, end = date.fromisoformat(start_text), date.fromisoformat(end_text)
    except (TypeError, ValueError) as error:
        raise BadPeriod(_("Ngày phải có dạng NNNN-TT-NN.")) from error
    if end < start:
        raise BadPeriod(_("Ngày kết thúc phải sau ngày bắt đầu."))
    if (end - start).days > MAX_RANGE_DAYS or start.year < FIRST_YEAR or end.year > LAST_YEAR:
        raise BadPeriod(_("Khoảng thời gian quá dài hoặc ngoài phạm vi."))
    return Period(start, end, f"{start:%d/%m/%Y} – {end:%d/%m/%Y}")


def period_from(params, today):
    """The period of a request's GET parameters (`year`, or `from` and `to`)."""
    if params.get("from") or params.get("to"):
        return date_range(params.get("from", ""), params.get("to", ""))
    if params.get("year"):
        return school_year(params["year"])
    return current_school_year(today)
