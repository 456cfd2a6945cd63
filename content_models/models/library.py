"""The pages around the learning materials: Home → Library → Centre library (one per centre,
where its teachers write lessons and courses, `pages.py`); Library → Collection.

What each page shows and how many queries it takes: docs/pages.md.
"""

from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, models
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from content_models.blocks import RICH_TEXT_FEATURES, CollectionItemsStreamBlock
from content_models.forms import CentreScopedPageForm, ChosenItemsPageForm
from content_models.models.expressions import chosen_ids
from content_models.models.mixins import BasePage, CoverImageMixin
from content_models.models.pages import CoursePage, LessonPage
from content_models.models.prepared import PreparedQuery
from content_models.models.querysets import (
    CentreLibraryPageQuerySet,
    CollectionPageQuerySet,
    LessonPageQuerySet,
    PreparedPages,
    centre_usage_totals,
    centres_with_counts,
    in_order,
    levels_with_counts,
    published_cards,
    subjects_below,
    subjects_with_counts,
)
from content_models.models.taxonomy import ProgrammeLevel, Subject
from content_models.open_graph import og_image_url

HOME_CARDS = 6
LESSONS_PER_PAGE = 12


def _db(page):
    """The database `page` was read from (where queries about it run)."""
    return page._state.db or DEFAULT_DB_ALIAS


def paginate(request, queryset, per_page=LESSONS_PER_PAGE):
    """A page of `queryset` for GET `page`; bad or out-of-range numbers are clamped, never 500."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class HomePage(BasePage):
    """The site's front page: search first, browse, featured collections."""

    introduction = models.TextField(_("giới thiệu"), blank=True)
    featured_collections = StreamField(
        [("collection", blocks.PageChooserBlock(page_type="content_models.CollectionPage"))],
        verbose_name=_("bộ sưu tập nổi bật"),
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("featured_collections"),
    ]
    # Only pages the user may know of (content_models/permissions.py).
    base_form_class = ChosenItemsPageForm

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content_models.LibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        db = _db(self)
        subjects = list(subjects_with_counts(db))
        newest, popular = LessonPageQuerySet.split_newest_and_popular(
            _HOME_LESSONS.run(using=db), HOME_CARDS
        )
        library = _LIVE_LIBRARY.run(using=db)
        context.update(
            library=library[0] if library else None,
            levels=levels_with_counts(db),
            # Subjects without lessons only while no subject has any (a fresh site).
            subjects=[subject for subject in subjects if subject.lesson_count] or subjects,
            featured_collections=self.live_featured_collections(),
            newest_lessons=newest,
            popular_lessons=popular,
            # Pages with `centre_name` and `province_name` (the centre is not joined).
            centres=centres_with_counts(db),
        )
        return context

    def live_featured_collections(self):
        """The editors' featured collections that are live and public, else the 3 newest."""
        featured = in_order(
            published_cards, CollectionPage, chosen_ids(self.featured_collections.raw_data)
        )
        return featured or _NEWEST_COLLECTIONS.run(using=_db(self))


# Queries of the home, library and centre pages, compiled once per process (PreparedQuery,
# docs/pages.md "Page cost, third round").
_HOME_LESSONS = PreparedQuery(
    lambda: LessonPage.objects.published().newest_or_popular(
        HOME_CARDS, cards=published_cards(LessonPage)
    )
)
_LIVE_LIBRARY = PreparedQuery(lambda: LibraryPage.objects.live()[:1])
_NEWEST_COLLECTIONS = PreparedQuery(
    lambda: published_cards(CollectionPage).order_by("-first_published_at")[:3]
)


# The lessons below a library or a centre's library, newest first, a page at a time
# (`start`, `stop`: the shape of each page's query); the library's level and subject filters
# are term ids, None when not chosen.
def _lessons_below_query(path, level, subject, start, stop):
    lessons = published_cards(LessonPage).filter(path__startswith=path)
    if level is not None:
        lessons = lessons.filter(programme_levels=level)
    if subject is not None:
        lessons = lessons.filter(subjects=subject)
    return lessons.order_by("-first_published_at", "-pk")[start:stop]


_LESSONS_BELOW = PreparedQuery(_lessons_below_query)
_CENTRE_COURSES = PreparedQuery(
    lambda path: published_cards(CoursePage).filter(path__startswith=path).order_by("title")
)


class LibraryPage(RoutablePageMixin, BasePage):
    """The catalogue root: lists every published lesson with level and subject filters.

    The filters are GET `level` and `subject`, with the same parameter names and slugs as the
    search page's facets; the routes `chuong-trinh/<slug>/` and `mon/<slug>/` are landing pages
    of a programme level or a subject, with its filter pre-selected.
    """

    introduction = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["content_models.HomePage"]
    subpage_types = ["content_models.CentreLibraryPage", "content_models.CollectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("kho học liệu")

    @path("")
    def listing(self, request):
        return self.serve_listing(request)

    @path("chuong-trinh/<slug:slug>/", name="programme_level")
    def programme_level_landing(self, request, slug):
        level = ProgrammeLevel.objects.filter(slug=slug).first()
        if level is None:
            raise Http404(gettext("Không có chương trình này."))
        return self.serve_listing(request, level=level)

    @path("mon/<slug:slug>/", name="subject")
    def subject_landing(self, request, slug):
        subject = Subject.objects.filter(slug=slug).first()
        if subject is None:
            raise Http404(gettext("Không có môn học này."))
        return self.serve_listing(request, subject=subject)

    def serve_listing(self, request, level=None, subject=None):
        """The listing, or the landing page of the `level` or `subject` in the path; the other
        filter may still come from GET."""
        messages = []
        landing = level or subject
        if level is None:
            level = _term_from_get(request, ProgrammeLevel, "level", messages)
        if subject is None:
            subject = _term_from_get(request, Subject, "subject", messages)
        lessons = published_cards(LessonPage).descendant_of(self)
        search_params = {}
        if level is not None:
            lessons = lessons.filter(programme_levels=level)
            search_params["level"] = level.slug
        if subject is not None:
            lessons = lessons.filter(subjects=subject)
            search_params["subject"] = subject.slug
        lessons = lessons.order_by("-first_published_at", "-pk")
        if self.path:  # not a preview before the first save
            lessons = PreparedPages(
                _LESSONS_BELOW,
                lessons,
                self.path,
                level and level.pk,
                subject and subject.pk,
                using=_db(self),
            )
        return self.render(
            request,
            context_overrides={
                "lessons": paginate(request, lessons),
                "levels": ProgrammeLevel.objects.all(),
                "subjects": Subject.objects.all(),
                "selected_level": level,
                "selected_subject": subject,
                "landing": landing,
                "landing_level": landing if isinstance(landing, ProgrammeLevel) else None,
                "filter_messages": messages,
                "search_params": search_params,
            },
        )

    def get_library(self):
        return self if self.live else None

    def landing_url(self, term, request=None):
        """URL of the landing page of a programme level or a subject, or None."""
        # Pages list many terms: the library's own URL is worked out once per request.
        known = getattr(request, "_hlm_library_urls", None) if request is not None else None
        if known is None:
            known = {}
            if request is not None:
                request._hlm_library_urls = known
        if self.pk not in known:
            known[self.pk] = self.get_url(request)
        base = known[self.pk]
        if base is None:
            return None
        name = "programme_level" if isinstance(term, ProgrammeLevel) else "subject"
        return base + self.reverse_subpage(name, kwargs={"slug": term.slug})

    def get_sitemap_urls(self, request=None):
        """This page, plus the landing pages of the levels and subjects that have lessons."""
        entries = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base is None:
            return entries
        lessons = LessonPage.objects.published().descendant_of(self)
        for model, route in ((ProgrammeLevel, "programme_level"), (Subject, "subject")):
            for term in model.objects.used_by(lessons):
                location = base + self.reverse_subpage(route, kwargs={"slug": term.slug})
                entries.append({"location": location, "lastmod": self.last_published_at})
        return entries


def _term_from_get(request, model, key, messages):
    """The term named by GET `key`, or None; unknown values are ignored with a message."""
    value = request.GET.get(key, "").strip()
    if not value:
        return None
    term = model.objects.filter(slug=value[:255]).first()
    if term is None:
        messages.append(
            gettext("Không có %(kind)s “%(value)s”; bộ lọc này đã được bỏ qua.")
            % {"kind": model._meta.verbose_name, "value": value[:60]}
        )
    return term


class CentreLibraryPage(BasePage):
    """One centre's shelf; its teachers may add and edit pages below it only."""

    centre = models.OneToOneField(
        "content_models.Centre",
        verbose_name=_("trung tâm"),
        on_delete=models.PROTECT,
        related_name="library_page",
    )
    introduction = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("centre"), FieldPanel("introduction")]
    # Teachers may edit their library's introduction, never which centre it belongs to.
    base_form_class = CentreScopedPageForm

    objects = PageManager.from_queryset(CentreLibraryPageQuerySet)()

    parent_page_types = ["content_models.LibraryPage"]
    subpage_types = ["content_models.LessonPage", "content_models.CoursePage"]

    class Meta:
        verbose_name = _("thư viện trung tâm")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = published_cards(LessonPage).descendant_of(self)
        lessons = lessons.order_by("-first_published_at", "-pk")
        if self.path:  # not a preview before the first save
            lessons = PreparedPages(
                _LESSONS_BELOW, lessons, self.path, None, None, using=_db(self)
            )
        page_of_lessons = paginate(request, lessons)
        courses = (  # none in a preview before the first save
            _CENTRE_COURSES.run(self.path, using=_db(self)) if self.path else []
        )
        views, downloads = self.usage_totals()
        context.update(
            centre=self.centre,
            lessons=page_of_lessons,
            courses=courses,
            figures={
                "lessons": page_of_lessons.paginator.count,
                "courses": len(courses),
                "views": views,
                "downloads": downloads,
            },
            subjects_covered=self.subjects_covered(),
        )
        return context

    def subjects_covered(self):
        """Subjects of the live, public lessons below this page."""
        if not self.path:  # a preview before the first save: no lessons below yet
            return []
        return subjects_below(self.path, using=_db(self))

    def usage_totals(self):
        """(views of the centre's live lessons, downloads of their files)."""
        return centre_usage_totals(self) if self.pk else (0, 0)


class CollectionPage(CoverImageMixin, BasePage):
    """An editor's curated, ordered set of lessons and courses."""

    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)
    items = StreamField(CollectionItemsStreamBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("items"),
        FieldPanel("cover_image"),
    ]
    # Only images and pages the user may choose (content_models/permissions.py).
    base_form_class = ChosenItemsPageForm
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    objects = PageManager.from_queryset(CollectionPageQuerySet)()

    parent_page_types = ["content_models.LibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bộ sưu tập")
        verbose_name_plural = _("bộ sưu tập")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(items=self.live_items(), og_image=og_image_url(self.cover_image, request))
        return context

    def live_items(self):
        """The live, public lessons and courses of the collection, in the editors' order, with
        what their cards show."""
        ids = chosen_ids(self.items.raw_data)
        pages = {
            page.pk: page
            for model in (LessonPage, CoursePage)
            for page in in_order(published_cards, model, ids)
        }
        return [pages[pk] for pk in ids if pk in pages]
