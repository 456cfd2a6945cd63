"""The query parameters of the content API's lists, checked by hand with Vietnamese reasons.

Every filter value is resolved against its vocabulary: an unknown slug, a grade out of 1–12, a
language that is not offered, a malformed or future `modified_since`, a limit out of range, an
unknown parameter or a cursor not issued by this server is a 400 with `detail` saying which and
why, never an empty list that looks like an answer, and never a 500.

Cursors are keyset positions (the last page id sent), signed with Django's `signing` and bound
to the list and the filters they were issued for: a forged, altered or foreign cursor is a 400.
See docs/interfaces.md.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from ninja.errors import HttpError

from content_models.choices import Language
from content_models.models import (
    Centre,
    Grade,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
)
from content_models.models.records import OaiRecord

LIMIT_DEFAULT = 20
LIMIT_MAX = 100
MAX_VALUES = 10  # values of one filter (OR-ed)
MAX_VALUE_LENGTH = 200
CURSOR_SALT = "hlm.content-api.cursor"
CLOCK_SKEW = timedelta(minutes=5)  # a `modified_since` this far ahead is still accepted


@dataclass(frozen=True)
class Filter:
    """One filter: its vocabulary, the field of the vocabulary the value names, and the
    condition on a page given the matching terms."""

    label: str
    model: type
    lookup: str
    relation: str  # from a lesson or course to the vocabulary

    def terms(self, values):
        """{value: term id} of the values that name a term."""
        rows = self.model.objects.filter(**{f"{self.lookup}__in": values})
        return dict(rows.values_list(self.lookup, "pk"))


FILTERS = {
    "level": Filter(_("chương trình"), ProgrammeLevel, "slug", "programme_levels"),
    "subject": Filter(_("môn học"), Subject, "slug", "subjects"),
    "grade": Filter(_("lớp"), Grade, "number", "grades"),
    "type": Filter(_("loại học liệu"), ResourceType, "slug", "resource_type"),
    "licence": Filter(_("giấy phép"), Licence, "slug", "licence"),
    "centre": Filter(_("trung tâm"), Centre, "slug", "centre"),
    "province": Filter(_("tỉnh/thành phố"), Province, "slug", "centre__province"),
}
# What each list accepts beyond `limit` and `cursor`.
LESSON_FILTERS = (*FILTERS, "language", "modified_since")
COURSE_FILTERS = ("level", "subject", "grade", "licence", "centre", "province", "modified_since")
COLLECTION_FILTERS = ("modified_since",)
CENTRE_FILTERS = ("province",)


def bad_request(detail):
    return HttpError(400, detail)


@dataclass
class ListQuery:
    """A checked list request: the page conditions, the limit and where to start."""

    conditions: list = field(default_factory=list)
    limit: int = LIMIT_DEFAULT
    after: int = 0
    binding: str = ""  # digest of the list and its filters, carried by its cursors

    def apply(self, queryset):
        """The next page of `queryset` (limit + 1 rows, to know whether more follow)."""
        for condition in self.conditions:
            # A subquery per filter: a join would repeat a page carrying two chosen terms.
            queryset = queryset.filter(
                pk__in=queryset.model.objects.filter(condition).values("pk")
            )
        return queryset.filter(pk__gt=self.after).order_by("pk")[: self.limit + 1]

    def page(self, rows, key=lambda row: row.pk):
        """(the rows to send, the cursor of the next page or None)."""
        rows = list(rows)
        if len(rows) <= self.limit:
            return rows, None
        rows = rows[: self.limit]
        return rows, signing.dumps({"b": self.binding, "a": key(rows[-1])}, salt=CURSOR_SALT)


def _values(request, name):
    values = [value.strip() for value in request.GET.getlist(name)]
    values = [value for value in values if value]
    if len(values) > MAX_VALUES:
        raise bad_request(
            _("Tham số %(name)s nhận tối đa %(count)s giá trị.")
            % {"name": name, "count": MAX_VALUES}
        )
    if any(len(value) > MAX_VALUE_LENGTH for value in values):
        raise bad_request(_("Giá trị của tham số %(name)s quá dài.") % {"name": name})
    return values


def _grade_numbers(values):
    numbers = []
    for value in values:
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 12:
            raise bad_request(
                _("Lớp “%(value)s” không hợp lệ: lớp là một số từ 1 đến 12.") % {"value": value}
            )
        numbers.append(int(value))
    return numbers


def _filter_condition(name, values, relation=None):
    spec = FILTERS[name]
    keys = _grade_numbers(values) if name == "grade" else values
    found = spec.terms(keys)
    missing = [str(key) for key in keys if key not in found]
    if missing:
        raise bad_request(
            _("Không có %(label)s với mã “%(value)s”.")
            % {"label": spec.label, "value": missing[0]}
        )
    return Q(**{f"{relation or spec.relation}__in": list(found.values())})


def parse_modified_since(value):
    """An aware datetime from `YYYY-MM-DD` or ISO 8601 (no offset: UTC); 400 otherwise."""
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime(day.year, day.month, day.day) if day else None
    except ValueError:  # well formed but not a real date: 2026-02-30, 25:00
        moment = None
    if moment is None:
        raise bad_request(
            _(
                "modified_since “%(value)s” không phải là ngày giờ hợp lệ: dùng dạng "
                "YYYY-MM-DD hoặc YYYY-MM-DDThh:mm:ssZ."
            )
            % {"value": value[:40]}
        )
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    if moment > timezone.now() + CLOCK_SKEW:
        raise bad_request(
            _("modified_since “%(value)s” nằm trong tương lai.") % {"value": value[:40]}
        )
    return moment


def modified_since_condition(moment):
    """Pages whose record changed at or after `moment` (the OAI-PMH datestamp: publication,
    move, rename, vocabulary change), or published since then when they have no record yet."""
    changed = OaiRecord.objects.filter(datestamp__gte=moment, deleted=False).values("page_id")
    return Q(pk__in=changed) | Q(last_published_at__gte=moment)


def _limit(request):
    raw = request.GET.get("limit", "").strip()
    if not raw:
        return LIMIT_DEFAULT
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= LIMIT_MAX:
        raise bad_request(_("limit phải là một số từ 1 đến %(max)s.") % {"max": LIMIT_MAX})
    return int(raw)


def _binding(list_name, request, accepted):
    parts = [list_name]
    for name in sorted(accepted):
        parts.append(f"{name}={','.join(sorted(_values(request, name)))}")
    return hashlib.sha256("&".join(parts).encode()).hexdigest()[:16]


def _after(request, binding):
    raw = request.GET.get("cursor", "").strip()
    if not raw:
        return 0
    try:
        data = signing.loads(raw[:500], salt=CURSOR_SALT)
    except signing.BadSignature:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        raise bad_request(_("cursor không hợp lệ: hãy dùng next_cursor của trang trước."))
    if data.get("b") != binding:
        raise bad_request(
            _("cursor này thuộc về một danh sách hoặc bộ lọc khác: hãy bắt đầu lại từ trang đầu.")
        )
    return data["a"]


def parse_list(request, list_name, accepted, relations=None):
    """The checked `ListQuery` of a list request, or a 400 (HttpError) naming the problem.

    `relations` names the path to a vocabulary where the listed model is not a lesson or
    course (centres: `{"province": "province"}`).
    """
    relations = relations or {}
    unknown = sorted(set(request.GET) - {*accepted, "limit", "cursor"})
    if unknown:
        raise bad_request(
            _("Tham số không được hỗ trợ: %(names)s. Các tham số được nhận: %(accepted)s.")
            % {
                "names": ", ".join(name[:40] for name in unknown[:5]),
                "accepted": ", ".join([*accepted, "limit", "cursor"]),
            }
        )
    query = ListQuery(limit=_limit(request))
    for name in accepted:
        values = _values(request, name)
        if not values:
            continue
        if name == "language":
            wrong = [value for value in values if value not in Language.values]
            if wrong:
                raise bad_request(
                    _("Không có ngôn ngữ với mã “%(value)s”; các mã: %(codes)s.")
                    % {"value": wrong[0], "codes": ", ".join(Language.values)}
                )
            query.conditions.append(Q(language__in=values))
        elif name == "modified_since":
            if len(values) > 1:
                raise bad_request(_("modified_since chỉ nhận một giá trị."))
            query.conditions.append(modified_since_condition(parse_modified_since(values[0])))
        else:
            query.conditions.append(_filter_condition(name, values, relations.get(name)))
    query.binding = _binding(list_name, request, accepted)
    query.after = _after(request, query.binding)
    return query
