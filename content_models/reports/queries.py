"""The figures of a report, read in a fixed number of grouped queries whatever the period.

Sources (docs/usage-and-reports.md):
- created: the first revision of each lesson and course;
- submitted, approved, sent back, published: Wagtail's page log (`wagtail.workflow.start`,
  `…approve`, `…reject`, `wagtail.publish` — the first publish of a page counts as published);
- reviews done: approvals and rejections, credited to the reviewer;
- views and downloads: `MonthlyUsage` for the whole months of the period and `DailyUsage` for
  the days at its ends (`usage/reading.py`; downloads of a file go to the lesson it is attached
  to);
- reuses given and received: `ReuseRecord`, by date of first publication.
Teacher rows are keyed by the page owner (the submitter for submissions).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import CharField, F, Min, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from wagtail.models import PageLogEntry, Revision

from content_models.models import (
    Centre,
    CoursePage,
    LessonAttachment,
    LessonPage,
    ReuseRecord,
)
from content_models.usage.reading import sources, sum_by_item, sum_by_month

METRICS = [
    ("lessons_created", _("Bài học tạo mới")),
    ("courses_created", _("Học phần tạo mới")),
    ("submitted", _("Lượt gửi duyệt")),
    ("approved", _("Lượt được duyệt")),
    ("rejected", _("Lượt bị trả lại")),
    ("published", _("Bài công bố lần đầu")),
    ("views", _("Lượt xem")),
    ("downloads", _("Lượt tải")),
    ("reuses_given", _("Được trung tâm khác dùng lại")),
    ("reuses_received", _("Dùng lại của trung tâm khác")),
    ("reviews", _("Lượt duyệt đã làm")),
]
METRIC_KEYS = [key for key, _label in METRICS]
ACTIONS = {
    "wagtail.workflow.start": "submitted",
    "wagtail.workflow.approve": "approved",
    "wagtail.workflow.reject": "rejected",
}


@dataclass
class Row:
    """One line of a level: a province, a centre or a teacher, and its figures."""

    key: object
    name: str
    parent: str = ""
    figures: Counter = field(default_factory=Counter)

    def values(self):
        return [self.figures[key] for key in METRIC_KEYS]


@dataclass
class Report:
    period: object
    provinces: list
    centres: list
    teachers: list
    levels: list  # (centre, programme level, lessons first published)
    subjects: list  # (centre, subject, lessons first published)
    months: list  # ((year, month), lessons first published, views)
    top: list  # (title, centre, views)
    totals: Counter

    def level_rows(self):
        return {"provinces": self.provinces, "centres": self.centres, "teachers": self.teachers}


def _in_period(queryset, name, period):
    return queryset.filter(**{f"{name}__gte": period.start_at, f"{name}__lt": period.end_before})


def build_report(period, centres):
    """The report of `centres` (a Centre queryset) over `period`."""
    centres = {c.pk: c for c in Centre.objects.filter(pk__in=centres).select_related("province")}
    # The report's pages as subqueries, so the database joins them to the log, revisions and
    # daily rows instead of receiving lists of every page id (docs/usage-and-reports.md).
    page_sets = [
        model.objects.filter(centre_id__in=list(centres)).order_by().values("pk")
        for model in (LessonPage, CoursePage)
    ]
    pages = {}  # page id → (kind, centre id, owner id, title)
    for model, kind in ((LessonPage, "lesson"), (CoursePage, "course")):
        rows = model.objects.filter(centre_id__in=centres).order_by()
        for pk, centre_id, owner_id, title in rows.values_list(
            "pk", "centre_id", "owner_id", "title"
        ):
            pages[pk] = (kind, centre_id, owner_id, title)
    by_centre, by_teacher = defaultdict(Counter), defaultdict(Counter)
    teacher_centre = {}

    def credit(page_id, metric, n=1, teacher=None):
        kind, centre_id, owner_id, _title = pages[page_id]
        by_centre[centre_id][metric] += n
        teacher = teacher or owner_id
        if teacher:
            by_teacher[teacher][metric] += n
            teacher_centre.setdefault(teacher, centre_id)

    # Created: the first revision of each page falls in the period.
    firsts = (
        (
            Revision.objects.filter(
                _in_pages(
                    "object_id",
                    [
                        ids.annotate(text=Cast("pk", CharField())).values("text")
                        for ids in page_sets
                    ],
                ),
                base_content_type__model="page",
            )
            .order_by()
            .values("object_id")
            .annotate(first=Min("created_at"))
            .filter(first__gte=period.start_at, first__lt=period.end_before)
            .values_list("object_id", flat=True)
        )
        if pages
        else []
    )
    for object_id in firsts:
        page_id = int(object_id)
        credit(page_id, f"{pages[page_id][0]}s_created")

    # Workflow and first publications, from the page log.
    log = _in_period(
        PageLogEntry.objects.filter(_in_pages("page_id", page_sets)), "timestamp", period
    )
    for action, page_id, user_id in log.filter(action__in=ACTIONS).values_list(
        "action", "page_id", "user_id"
    ):
        metric = ACTIONS[action]
        credit(page_id, metric, teacher=user_id if metric == "submitted" else None)
        if metric in ("approved", "rejected") and user_id:
            by_teacher[user_id]["reviews"] += 1
            teacher_centre.setdefault(user_id, None)
    first_publish = (
        PageLogEntry.objects.filter(_in_pages("page_id", page_sets), action="wagtail.publish")
        .order_by()
        .values("page_id")
        .annotate(first=Min("timestamp"))
        .filter(first__gte=period.start_at, first__lt=period.end_before)
    )
    published = {row["page_id"]: row["first"] for row in first_publish}
    for page_id in published:
        credit(page_id, "published")

    # Views and downloads: whole months from the monthly sums, the days at the ends from the
    # daily rows. One query per page type and source: a single IN (subquery) lets the database
    # drive from the pages through the (kind, item, …) index; an OR of two would scan the period.
    usage = sources(period.start, period.end)
    views = {}
    for ids in page_sets:
        views.update(sum_by_item(usage, "view", ids))
    for page_id, n in views.items():
        credit(page_id, "views", n)
    attached = {}
    for document_id, page_id in (
        LessonAttachment.objects.filter(page__centre_id__in=list(centres))
        .order_by("page_id")
        .values_list("document_id", "page_id")
    ):
        attached.setdefault(document_id, page_id)
    downloads = sum_by_item(
        usage,
        "download",
        LessonAttachment.objects.filter(page__centre_id__in=list(centres))
        .order_by()
        .values("document_id"),
    ).items()
    for document_id, n in downloads:
        credit(attached[document_id], "downloads", n)

    # Reuses between different centres.
    reuses = ReuseRecord.objects.filter(
        published_on__gte=period.start, published_on__lte=period.end
    ).exclude(source_centre=F("reusing_centre"))
    for source_id, source_centre, reusing_centre, teacher_id in reuses.values_list(
        "source_id", "source_centre_id", "reusing_centre_id", "teacher_id"
    ):
        if source_centre in centres:
            by_centre[source_centre]["reuses_given"] += 1
            if source_id in pages and pages[source_id][2]:
                by_teacher[pages[source_id][2]]["reuses_given"] += 1
        if reusing_centre in centres:
            by_centre[reusing_centre]["reuses_received"] += 1
            if teacher_id:
                by_teacher[teacher_id]["reuses_received"] += 1
                teacher_centre.setdefault(teacher_id, reusing_centre)

    centre_rows = [
        Row(c.pk, c.name, c.province.name, by_centre[c.pk])
        for c in sorted(centres.values(), key=lambda c: (c.province.name, c.name))
    ]
    province_figures = defaultdict(Counter)
    province_names = {}
    for c in centres.values():
        province_figures[c.province_id].update(by_centre[c.pk])
        province_names[c.province_id] = c.province.name
    province_rows = [
        Row(pk, province_names[pk], "", province_figures[pk])
        for pk in sorted(province_names, key=province_names.get)
    ]
    # Names only, as Django's get_full_name() writes them (no model instances: thousands of
    # teachers in a province report).
    User = get_user_model()
    names = {
        pk: f"{first} {last}".strip() or username
        for pk, first, last, username in User.objects.filter(
            pk__in=[pk for pk in by_teacher if pk]
        ).values_list("pk", "first_name", "last_name", User.USERNAME_FIELD)
    }
    teacher_rows = []
    for user_id, figures in by_teacher.items():
        if user_id not in names or not any(figures.values()):
            continue
        centre = centres.get(teacher_centre.get(user_id))
        teacher_rows.append(Row(user_id, names[user_id], centre.name if centre else "", figures))
    teacher_rows.sort(key=lambda row: (row.parent, row.name))

    totals = Counter()
    for row in centre_rows:
        totals.update(row.figures)
    totals["reviews"] = sum(row.figures["reviews"] for row in teacher_rows)

    lessons_published = {pk for pk in published if pages[pk][0] == "lesson"}
    return Report(
        period=period,
        provinces=province_rows,
        centres=centre_rows,
        teachers=teacher_rows,
        levels=_breakdown("programme_levels", lessons_published, page_sets[0], pages, centres),
        subjects=_breakdown("subjects", lessons_published, page_sets[0], pages, centres),
        months=_months(period, published, usage, page_sets),
        top=sorted(
            ((pages[pk][3], centres[pages[pk][1]].name, n) for pk, n in views.items() if n),
            key=lambda row: -row[2],
        )[:10],
        totals=totals,
    )


def _breakdown(relation, published, lessons, pages, centres):
    """(centre name, term name, lessons) for the lessons first published in the period.

    The terms of every lesson of the centres are read through a subquery (`lessons`) and the
    published ones kept here: sending thousands of page ids as parameters cost more than the
    few extra rows (docs/usage-and-reports.md)."""
    field = LessonPage._meta.get_field(relation)
    through = field.remote_field.through
    source, target = field.m2m_column_name(), field.m2m_reverse_name()
    pairs = {
        (page_id, term_id)
        for page_id, term_id in through.objects.filter(**{f"{source}__in": lessons})
        .order_by()
        .values_list(source, target)
        if page_id in published
    }
    names = dict(
        field.remote_field.model.objects.filter(pk__in={term for _page, term in pairs})
        .order_by()
        .values_list("pk", "name")
    )
    grouped = Counter(
        (centres[pages[page_id][1]].name, names.get(term_id, "?")) for page_id, term_id in pairs
    )
    return [(centre, term, n) for (centre, term), n in sorted(grouped.items())]


def _in_pages(field_name, page_sets):
    """`field_name` is one of the pages of `page_sets` (subqueries of ids)."""
    condition = Q()
    for ids in page_sets:
        condition |= Q(**{f"{field_name}__in": ids})
    return condition


def _months(period, published, usage, page_sets):
    views = Counter()
    for ids in page_sets:
        views.update(sum_by_month(usage, "view", ids))
    first = Counter()
    for moment in published.values():
        local = moment.astimezone(period.start_at.tzinfo)
        first[(local.year, local.month)] += 1
    return [(month, first[month], views[month]) for month in period.months()]
