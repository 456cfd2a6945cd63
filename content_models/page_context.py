"""Template context of the public pages, one builder per page type.

`BasePage.get_context` calls `context_for`; the templates in themes/default/templates/pages/
read these names. Every query is bounded (cards are fetched with `public_lessons`).
"""

import logging

from django.db.models import Count, Q, Sum

from wagtail.images.models import SourceImageIOError

from content_models.lesson_context import containing_pages, lesson_context
from content_models.listing import attach_sizes, get_library, paginate, public_lessons
from content_models.models.pages import (
    CentreLibraryPage,
    CollectionPage,
    CoursePage,
    LessonAttachment,
    LessonPage,
)
from content_models.models.taxonomy import ProgrammeLevel, Subject
from media.models import CustomDocument
from media.renditions import SHARE

logger = logging.getLogger("hlm.public")

HOME_CARDS = 6
OG_IMAGE_SPEC = SHARE  # JPEG 1200×630: every link-preview crawler reads it


def og_image_url(image, request):
    """Absolute URL of the Open Graph picture, or None."""
    if image is None:
        return None
    try:
        return request.build_absolute_uri(image.get_rendition(OG_IMAGE_SPEC).url)
    except (SourceImageIOError, OSError, ValueError):
        logger.warning("Open Graph image %s could not be rendered", image.pk, exc_info=True)
        return None


def _with_lesson_counts(queryset, relation):
    live = LessonPage.objects.live().public().values("pk")
    # Explicit order: Django leaves Meta.ordering out of GROUP BY queries.
    return queryset.annotate(
        lesson_count=Count(relation, filter=Q(**{f"{relation}__in": live}), distinct=True)
    ).order_by("sort_order", "name")


def home_context(page, request):
    levels = list(_with_lesson_counts(ProgrammeLevel.objects.all(), "lessonpage"))
    subjects = list(_with_lesson_counts(Subject.objects.all(), "lessonpage"))
    used_subjects = [subject for subject in subjects if subject.lesson_count]
    featured_ids = [block.value.pk for block in page.featured_collections if block.value]
    featured = CollectionPage.objects.live().public().in_bulk(featured_ids)
    collections = [featured[pk] for pk in featured_ids if pk in featured]
    if not collections:
        newest = CollectionPage.objects.live().public().order_by("-first_published_at")
        collections = list(newest[:3])
    counts = dict(
        LessonPage.objects.live()
        .public()
        .values("centre")
        .annotate(n=Count("pk"))
        .values_list("centre", "n")
    )
    centres = list(CentreLibraryPage.objects.live().public().select_related("centre__province"))
    for centre_page in centres:
        centre_page.lesson_count = counts.get(centre_page.centre_id, 0)
    centres.sort(key=lambda centre_page: (-centre_page.lesson_count, centre_page.title))
    lessons = public_lessons()
    return {
        "library": get_library(request),
        "levels": levels,
        "subjects": used_subjects or subjects,
        "featured_collections": collections,
        "newest_lessons": lessons.order_by("-first_published_at", "-pk")[:HOME_CARDS],
        "popular_lessons": lessons.filter(view_count__gt=0).order_by("-view_count", "-pk")[
            :HOME_CARDS
        ],
        "centres": centres,
    }


def centre_context(page, request):
    lessons = public_lessons(within=page)
    lesson_ids = LessonPage.objects.live().public().descendant_of(page).values("pk")
    documents = LessonAttachment.objects.filter(page__in=lesson_ids).values("document")
    figures = {
        "lessons": lessons.count(),
        "courses": CoursePage.objects.live().public().descendant_of(page).count(),
        "views": LessonPage.objects.filter(pk__in=lesson_ids).aggregate(n=Sum("view_count"))["n"]
        or 0,
        "downloads": CustomDocument.objects.filter(pk__in=documents).aggregate(
            n=Sum("download_count")
        )["n"]
        or 0,
    }
    return {
        "centre": page.centre,
        "lessons": paginate(request, lessons.order_by("-first_published_at", "-pk")),
        "courses": CoursePage.objects.live()
        .public()
        .descendant_of(page)
        .select_related("licence", "cover_image")
        .prefetch_related("programme_levels", "subjects", "cover_image__renditions")
        .order_by("title"),
        "figures": figures,
        "subjects_covered": Subject.objects.filter(lessonpage__in=lesson_ids).distinct(),
        "library": get_library(request),
    }


def course_context(page, request):
    sequence = page.lesson_sequence()
    live = {lesson.pk: lesson for lesson in sequence}
    units = []
    for block in page.units:
        unit = block.value
        lessons = [live[lesson.pk] for lesson in unit["lessons"] if lesson and lesson.pk in live]
        units.append(
            {"title": unit["title"], "description": unit["description"], "lessons": lessons}
        )
    return {
        "units": units,
        "lesson_total": len(sequence),
        "first_lesson": sequence[0] if sequence else None,
        "collections": list(containing_pages(page, CollectionPage)),
        "og_image": og_image_url(page.cover_image, request),
    }


def collection_context(page, request):
    return {
        "items": attach_sizes(page.live_items()),
        "og_image": og_image_url(page.cover_image, request),
    }


def lesson_page_context(page, request):
    context = lesson_context(page, request)
    image = og_image_url(page.cover_image, request)
    context["og_image"] = image
    if image:
        context["json_ld_data"]["image"] = image
    return context


BUILDERS = {
    "HomePage": home_context,
    "CentreLibraryPage": centre_context,
    "CoursePage": course_context,
    "CollectionPage": collection_context,
    "LessonPage": lesson_page_context,
}


def context_for(page, request):
    builder = BUILDERS.get(type(page).__name__)
    return builder(page, request) if builder else {}
