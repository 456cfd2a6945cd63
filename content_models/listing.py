"""The public catalogue: lesson querysets, the filtered library listing and landing pages.

The library page lists live, public lessons with server-side filters (GET `level`, `subject`,
the same parameter names and slugs as the search page's facets). Its routes
`chuong-trinh/<slug>/` and `mon/<slug>/` are landing pages with the filter pre-selected.
"""

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from content_models.models.pages import LessonAttachment, LessonPage, LibraryPage
from content_models.models.taxonomy import ProgrammeLevel, Subject

LESSONS_PER_PAGE = 12


def public_lessons(within=None):
    """Live, public lessons with what a lesson card shows, fetched in a fixed number of queries.

    `attachments_size` is the total size of the lesson's files in bytes (None without files).
    """
    attachments_size = (
        LessonAttachment.objects.filter(page=OuterRef("pk"))
        .values("page")
        .annotate(total=Sum("document__file_size"))
        .values("total")
    )
    lessons = LessonPage.objects.live().public()
    if within is not None:
        lessons = lessons.descendant_of(within)
    return (
        lessons.select_related("licence", "centre", "centre__province", "cover_image")
        .prefetch_related("programme_levels", "subjects", "cover_image__renditions")
        .annotate(attachments_size=Subquery(attachments_size))
    )


def attach_sizes(pages):
    """Set `attachments_size` on the lessons among `pages` (for cards built from other lists)."""
    lessons = [page for page in pages if isinstance(page, LessonPage)]
    sizes = dict(
        LessonAttachment.objects.filter(page__in=lessons)
        .values("page")
        .annotate(total=Sum("document__file_size"))
        .values_list("page", "total")
    )
    for lesson in lessons:
        lesson.attachments_size = sizes.get(lesson.pk)
    return pages


def paginate(request, queryset, per_page=LESSONS_PER_PAGE):
    """A page of `queryset` for GET `page`; bad or out-of-range numbers are clamped, never 500."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def get_library(request=None):
    """The live library page (cached on the request: several tags ask for it)."""
    cached = getattr(request, "_hlm_library", None) if request is not None else None
    if cached is None:
        cached = LibraryPage.objects.live().first()
        if request is not None:
            request._hlm_library = cached
    return cached


def landing_url(library, term, request=None):
    """URL of the landing page of a programme level or a subject, or None."""
    if library is None:
        return None
    name = "programme_level" if isinstance(term, ProgrammeLevel) else "subject"
    base = library.get_url(request)
    if base is None:
        return None
    return base + library.reverse_subpage(name, kwargs={"slug": term.slug})


def _term_from_get(request, model, key, messages):
    """The term named by GET `key`, or None; unknown values are ignored with a message."""
    value = request.GET.get(key, "").strip()
    if not value:
        return None
    term = model.objects.filter(slug=value[:255]).first()
    if term is None:
        messages.append(
            _("Không có %(kind)s “%(value)s”; bộ lọc này đã được bỏ qua.")
            % {"kind": model._meta.verbose_name, "value": value[:60]}
        )
    return term


def serve_library(library, request, level_slug=None, subject_slug=None):
    """The library listing, or a landing page when a level or subject slug is in the path."""
    messages = []
    landing = None
    if level_slug is not None:
        landing = level = ProgrammeLevel.objects.filter(slug=level_slug).first()
        if level is None:
            raise Http404(_("Không có chương trình này."))
    else:
        level = _term_from_get(request, ProgrammeLevel, "level", messages)
    if subject_slug is not None:
        landing = subject = Subject.objects.filter(slug=subject_slug).first()
        if subject is None:
            raise Http404(_("Không có môn học này."))
    else:
        subject = _term_from_get(request, Subject, "subject", messages)

    lessons = public_lessons(within=library)
    if level is not None:
        lessons = lessons.filter(programme_levels=level)
    if subject is not None:
        lessons = lessons.filter(subjects=subject)
    lessons = lessons.distinct().order_by("-first_published_at", "-pk")

    search_params = {}
    if level is not None:
        search_params["level"] = level.slug
    if subject is not None:
        search_params["subject"] = subject.slug
    return library.render(
        request,
        context_overrides={
            "lessons": paginate(request, lessons),
            "levels": ProgrammeLevel.objects.all(),
            "subjects": Subject.objects.all(),
            "selected_level": level,
            "selected_subject": subject,
            "landing": landing,
            "landing_level": landing if level_slug is not None else None,
            "filter_messages": messages,
            "search_params": search_params,
        },
    )


def landing_sitemap_urls(library, request=None):
    """Sitemap entries for the landing pages of levels and subjects that have lessons."""
    base = library.get_full_url(request)
    if base is None:
        return []
    lessons = LessonPage.objects.live().public().descendant_of(library).values("pk")
    entries = []
    for model, route in ((ProgrammeLevel, "programme_level"), (Subject, "subject")):
        for term in model.objects.filter(lessonpage__in=lessons).distinct():
            location = base + library.reverse_subpage(route, kwargs={"slug": term.slug})
            entries.append({"location": location, "lastmod": library.last_published_at})
    return entries
