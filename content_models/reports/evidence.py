"""A teacher's evidence sheet (minh chứng BDTX / thi đua) for a period: the lessons they first
published in it, the reuses of their lessons by other centres, the reviews they did, and the
views and downloads of their lessons in the period. Only the teacher's own work; see
docs/usage-and-reports.md."""

from dataclasses import dataclass

from django.db.models import F, Min, Q

from wagtail.models import PageLogEntry

from content_models.models import Centre, LessonPage, ReuseRecord
from content_models.usage.totals import usage_by_page


@dataclass
class Evidence:
    teacher: str
    centres: list  # names of the teacher's centres and of the centres of their lessons
    period: object
    lessons: list  # (title, centre, first published on, views, downloads, reuses)
    reuses: list  # (source title, reusing centre, reusing teacher, published on)
    reviews: int
    views: int  # every lesson of the teacher, in the period
    downloads: int


def teacher_evidence(user, period):
    owned = LessonPage.objects.filter(owner=user).order_by()
    first_publish = dict(
        PageLogEntry.objects.filter(page_id__in=owned.values("pk"), action="wagtail.publish")
        .order_by()
        .values("page_id")
        .annotate(first=Min("timestamp"))
        .filter(first__gte=period.start_at, first__lt=period.end_before)
        .values_list("page_id", "first")
    )
    pages = dict(owned.values_list("pk", "title"))
    centres = dict(owned.values_list("pk", "centre__name"))
    usage = usage_by_page(pages, period)
    reuses = list(
        ReuseRecord.objects.filter(
            source__owner=user, published_on__gte=period.start, published_on__lte=period.end
        )
        .exclude(source_centre=F("reusing_centre"))
        .select_related("reusing_centre", "teacher")
        .order_by("published_on", "pk")
    )
    reused = {}
    for record in reuses:
        reused[record.source_id] = reused.get(record.source_id, 0) + 1
    lessons = sorted(
        (
            (
                pages[pk],
                centres[pk] or "",
                moment.astimezone(period.start_at.tzinfo).date(),
                *usage[pk],
                reused.get(pk, 0),
            )
            for pk, moment in first_publish.items()
        ),
        key=lambda row: (row[2], row[0]),
    )
    reviews = (
        PageLogEntry.objects.filter(
            user=user, action__in=("wagtail.workflow.approve", "wagtail.workflow.reject")
        )
        .filter(timestamp__gte=period.start_at, timestamp__lt=period.end_before)
        .count()
    )
    centre_names = (
        Centre.objects.filter(
            Q(teachers_group__in=user.groups.all()) | Q(pk__in=owned.values("centre"))
        )
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    return Evidence(
        teacher=user.get_full_name() or user.get_username(),
        centres=list(centre_names),
        period=period,
        lessons=lessons,
        reuses=[
            (
                r.source_title,
                r.reusing_centre.name if r.reusing_centre else "",
                (r.teacher.get_full_name() or r.teacher.get_username()) if r.teacher else "",
                r.published_on,
            )
            for r in reuses
        ],
        reviews=reviews,
        views=sum(views for views, _downloads in usage.values()),
        downloads=sum(downloads for _views, downloads in usage.values()),
    )
