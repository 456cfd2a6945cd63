"""Queries of the page models: what a public page shows, fetched in a fixed number of queries.

The page classes (`pages.py`) use these through their managers (`PageManager.from_queryset`);
nothing here imports the page classes, which are looked up in the app registry where a query
needs another model. Why each piece exists and what it saves: docs/pages.md.

Building a queryset costs Python time on every request (each subquery is a queryset of its
own, each annotation is resolved against the outer query), often more than running it. The
subqueries that depend only on the models are therefore built once per process
(`functools.cache`): Django copies an expression whenever a query uses it, so one instance
serves every request. See docs/pages.md, "Page cost".
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from wagtail.models import Page
from wagtail.query import PageQuerySet as WagtailPageQuerySet

from content_models.models.expressions import (
    JSONArrayAgg,
    app_model,
    private_q,
    references_q,
    terms_json,
    usage_total,
    with_card_renditions,
)
from content_models.models.prepared import PreparedQuery, set_prefetched

DERIVATIVES_SHOWN = 6  # derivatives listed on a lesson page


# The columns of `wagtailcore_page` a link to a page reads: its URL (Wagtail's `get_url` needs
# the URL path; the content type and locale make it specific and localised), its title, and
# the newest-first order of lists. Cards add their own model's (`CARD_FIELDS`).
PAGE_LINK_FIELDS = (
    "id",
    "content_type",
    "locale",
    "path",
    "depth",
    "url_path",
    "title",
    "live",
    "first_published_at",
)


class PageQuerySet(WagtailPageQuerySet):
    """Wagtail's page queryset, with `.public()` done inside the query (`private_q`)."""

    # What cards of this model read of its own table, beside `PAGE_LINK_FIELDS`
    # (components/*_card.html); anything else stays deferred (docs/pages.md).
    CARD_FIELDS = ()

    def card_columns(self):
        """Only the columns a card reads (a card reading another costs a query per card,
        which tests/cms/test_page_queries.py catches)."""
        return self.only(*PAGE_LINK_FIELDS, *self.CARD_FIELDS)

    def private_q(self):
        return private_q()

    def published(self):
        """Live pages nobody needs a password or login to see."""
        return self.live().public()

    def for_page_view(self):
        """The query a served page is read with: its own fields plus what its template shows.

        Page types override `page_view_fields` and `page_view_children`; the routing
        (`BasePage.route`) reads the page served with `page_view_page`.
        """
        prefetches = [
            models.Prefetch(relation, queryset=rows.all())
            for relation, rows in self.page_view_children()
        ]
        return self.page_view_fields().prefetch_related(*prefetches)

    def page_view_fields(self):
        """The page-view query without its related rows (built once per model by
        `page_view_page`)."""
        return self

    def page_view_children(self):
        """(relation, queryset) of the rows of one-to-many relations the page view shows, e.g.
        ("attachments", the attachments with their documents): prefetched with the page."""
        return ()


@functools.cache
def _published_pages(model):
    return model._default_manager.published().defer_streamfields()


def published_pages(model):
    """`model.objects.published().defer_streamfields()`, built once per process (a new clone
    each call)."""
    return _published_pages(model).all()


@functools.cache
def _published_links(model):
    return model._default_manager.published().only(*PAGE_LINK_FIELDS)


def published_links(model):
    """Live, public pages of `model` with only what a link to them reads (`PAGE_LINK_FIELDS`),
    built once per process (a new clone each call)."""
    return _published_links(model).all()


@functools.cache
def _published_cards(model):
    return model._default_manager.published().for_cards()


def published_cards(model):
    """`model.objects.published().for_cards()`, built once per process (a new clone each
    call); filter, order and slice it as any queryset."""
    return _published_cards(model).all()


@functools.cache
def _pages_by_id(factory, model):
    pages = factory(model).defer_streamfields()
    return PreparedQuery(lambda ids: pages.filter(pk__in=ids))


def in_order(factory, model, ids):
    """The pages of `factory(model)` (`published_links`, `published_pages`) among `ids`, in
    that order, stream fields left unread: one compiled-once query per number of ids."""
    unique = tuple(dict.fromkeys(ids))
    if not unique:
        return []
    pages = {page.pk: page for page in _pages_by_id(factory, model).run(unique)}
    return [pages[pk] for pk in ids if pk in pages]


@functools.cache
def _page_view_queries(model):
    """The page view of `model` as compiled-once queries: the page by id, then the rows of
    each of its `page_view_children` relations by the page's id."""
    queryset = model._default_manager.all()
    fields = queryset.page_view_fields()
    children = []
    for relation, rows in queryset.page_view_children():
        parent_field = model._meta.get_field(relation).field.name
        children.append(
            (
                relation,
                PreparedQuery(lambda pk, rows=rows, to=parent_field: rows.filter(**{to: pk})),
            )
        )
    return PreparedQuery(lambda pk: fields.filter(pk=pk)), children


def page_view_page(model, pk):
    """The page `pk` of `model` as `model.objects.for_page_view()` reads it, None when there
    is none, in compiled-once queries (content_models/models/prepared.py)."""
    page_query, children = _page_view_queries(model)
    pages = page_query.run(pk)
    if not pages:
        return None
    page = pages[0]
    for relation, rows in children:
        set_prefetched(page, relation, rows.run(pk))
    return page


class PreparedPages:
    """The rows of a PreparedQuery as a `Paginator` reads them: the count from `queryset` (the
    same rows, through the ORM), each page's slice from the compiled-once query, its LIMIT and
    OFFSET as its shape (the first `STORED_ROWS` rows: later pages are compiled each time)."""

    STORED_ROWS = 60

    def __init__(self, query, queryset, *values, using=DEFAULT_DB_ALIAS):
        self.query, self.queryset, self.values, self.using = query, queryset, values, using

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None or key.stop is None:
            return self.queryset[key]
        start, stop = key.start or 0, key.stop
        if stop <= start:  # the first page of an empty list
            return []
        if stop > self.STORED_ROWS:
            return list(self.queryset[start:stop])
        return self.query.run(*self.values, shape=(start, stop), using=self.using)


class LearningMaterialQuerySet(PageQuerySet):
    """Lessons and courses: cards and pages show their programme levels and subjects."""

    CARD_FIELDS = ("summary", "view_count", "cover_image", "licence", "centre")

    def with_terms(self):
        """`level_data` and `subject_data` (JSON) for `level_terms` / `subject_terms`."""
        return self.annotate(
            level_data=terms_json(
                self.model,
                "programme_levels",
                id="id",
                name="name",
                slug="slug",
                sort_order="sort_order",
            ),
            subject_data=terms_json(
                self.model, "subjects", id="id", name="name", slug="slug", sort_order="sort_order"
            ),
        )

    def with_grades(self):
        return self.annotate(grade_data=terms_json(self.model, "grades", id="id", number="number"))

    def for_cards(self):
        """What a card shows (components/*_card.html), for any number of cards in one query."""
        return with_card_renditions(
            self.select_related("licence", "centre", "cover_image").card_columns().with_terms()
        )

    def with_view_total(self):
        """`view_total`: every counted view of the page, from the daily table."""
        return self.annotate(view_total=usage_total("view", OuterRef("pk")))


class LessonPageQuerySet(LearningMaterialQuerySet):
    def for_cards(self):
        """Cards also show the size of the lesson's files (`attachments_size`, None without)."""
        return super().for_cards().annotate(attachments_size=_attachments_size())

    def newest_or_popular(self, count, cards=None):
        """Cards among the `count` newest or `count` most viewed, in one query for both
        (`split_newest_and_popular` tells them apart). `cards`: the card query to read them
        with (default `self.for_cards()`), e.g. the prebuilt `published_cards()` when `self`
        is `published()`."""
        newest = self.order_by("-first_published_at", "-pk").values("pk")[:count]
        popular = self.filter(view_count__gt=0).order_by("-view_count", "-pk").values("pk")[:count]
        cards = self.for_cards() if cards is None else cards
        return cards.filter(Q(pk__in=newest) | Q(pk__in=popular))

    @staticmethod
    def split_newest_and_popular(cards, count):
        """(the `count` newest, the `count` most viewed with a view) of `cards`."""
        by_date = sorted(cards, key=lambda page: (page.first_published_at, page.pk), reverse=True)
        by_views = sorted(cards, key=lambda page: (page.view_count, page.pk), reverse=True)
        return by_date[:count], [page for page in by_views if page.view_count][:count]

    def page_view_fields(self):
        tags = self.model._meta.get_field("keywords").through
        keywords = (
            tags.objects.filter(content_object=OuterRef("pk"))
            .values("content_object")
            .annotate(items=JSONArrayAgg("tag__name"))
            .values("items")
        )
        return (
            self.select_related("licence", "resource_type", "centre__province", "cover_image")
            .with_view_total()
            .with_terms()
            .with_grades()
            .annotate(keyword_data=Subquery(keywords, output_field=models.JSONField()))
        )

    def page_view_children(self):
        return (("attachments", _attachments_for_page_view()),)


@functools.cache
def _attachments_for_page_view():
    """A lesson page's attachments with their documents and download totals."""
    return (
        app_model("LessonAttachment")
        .objects.select_related("document")
        .annotate(download_total=usage_total("download", OuterRef("document_id")))
    )


@functools.cache
def _attachments_size():
    """Subquery: the total size of each lesson's files."""
    sizes = (
        app_model("LessonAttachment")
        .objects.filter(page=OuterRef("pk"))
        .values("page")
        .annotate(total=Sum("document__file_size"))
        .values("total")
    )
    return Subquery(sizes)


class CoursePageQuerySet(LearningMaterialQuerySet):
    def page_view_fields(self):
        return (
            self.select_related("licence", "centre__province", "cover_image")
            .with_view_total()
            .with_terms()
            .with_grades()
        )


@functools.cache
def _centre_lesson_count():
    counts = (
        app_model("LessonPage")
        .objects.published()
        .filter(centre=OuterRef("centre"))
        .order_by()  # page querysets are ordered by path: keep it out of the GROUP BY
        .values("centre")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


class CentreLibraryPageQuerySet(PageQuerySet):
    def with_lesson_counts(self):
        """`lesson_count`: live, public lessons crediting each page's centre."""
        return self.annotate(lesson_count=_centre_lesson_count())

    def centre_list(self):
        """Live, public centre libraries with `lesson_count`, `centre_name` and
        `province_name`, most lessons first (the home page's list of centres)."""
        return (
            self.published()
            .with_lesson_counts()
            .annotate(centre_name=F("centre__name"), province_name=F("centre__province__name"))
            .order_by("-lesson_count", "title")
        )

    def page_view_fields(self):
        return self.select_related("centre__province")


def centre_usage_totals(library):
    """(views of the live, public lessons below `library`, downloads of their files; a file
    attached twice counts once), from the daily usage table in one query.

    The page's own tree path is a literal here: as a subquery correlated with the page query,
    the same figures made SQLite re-read the lessons for every daily row (over a second on the
    demo's year of figures). See docs/usage-and-reports.md.
    """
    using = library._state.db or DEFAULT_DB_ALIAS
    totals = dict(_CENTRE_USAGE_TOTALS.run(library.path, using=using))
    return totals.get("view", 0), totals.get("download", 0)


def _centre_usage_query(path):
    lessons = app_model("LessonPage").objects.published().filter(path__startswith=path)
    attached = (
        app_model("LessonAttachment")
        .objects.filter(page__live=True, page__path__startswith=path)
        .exclude(private_q("page__path"))
    )
    return (
        app_model("DailyUsage")
        .objects.filter(
            Q(kind="view", item_id__in=lessons.values("pk"))
            | Q(kind="download", item_id__in=attached.values("document"))
        )
        .order_by()
        .values("kind")
        .annotate(n=Sum("count"))
        .values_list("kind", "n")
    )


_CENTRE_USAGE_TOTALS = PreparedQuery(_centre_usage_query)


class CollectionPageQuerySet(PageQuerySet):
    CARD_FIELDS = ("cover_image", "search_description", "introduction")

    def for_cards(self):
        return with_card_renditions(self.select_related("cover_image").card_columns())

    def page_view_fields(self):
        return self.select_related("cover_image")


@functools.cache
def _term_lesson_count():
    live = app_model("LessonPage").objects.published().values("pk")
    return Count("lessonpage", filter=Q(lessonpage__in=live), distinct=True)


class TermQuerySet(models.QuerySet):
    """Programme levels and subjects."""

    def with_lesson_counts(self):
        """`lesson_count`: live, public lessons of each term (terms in their own order)."""
        # Explicit order: Django leaves Meta.ordering out of GROUP BY queries.
        return self.annotate(lesson_count=_term_lesson_count()).order_by("sort_order", "name")

    def used_by(self, lessons):
        """Terms that at least one of `lessons` (a queryset) carries."""
        return self.filter(lessonpage__in=lessons.values("pk")).distinct()


# The home page's counts and a centre's subjects: the same statement on every request, so it
# is compiled once (PreparedQuery); the counts themselves are read on each request.
_LEVELS_WITH_COUNTS = PreparedQuery(
    lambda: app_model("ProgrammeLevel").objects.with_lesson_counts()
)
_SUBJECTS_WITH_COUNTS = PreparedQuery(lambda: app_model("Subject").objects.with_lesson_counts())
_CENTRES_WITH_COUNTS = PreparedQuery(lambda: app_model("CentreLibraryPage").objects.centre_list())
_SUBJECTS_BELOW = PreparedQuery(
    lambda path: app_model("Subject").objects.used_by(
        app_model("LessonPage").objects.published().filter(path__startswith=path)
    )
)


def levels_with_counts(using=DEFAULT_DB_ALIAS):
    """Programme levels with `lesson_count`, in their order."""
    return _LEVELS_WITH_COUNTS.run(using=using)


def subjects_with_counts(using=DEFAULT_DB_ALIAS):
    """Subjects with `lesson_count`, in their order."""
    return _SUBJECTS_WITH_COUNTS.run(using=using)


def centres_with_counts(using=DEFAULT_DB_ALIAS):
    """Live, public centre libraries with `lesson_count`, `centre_name` and `province_name`,
    most lessons first."""
    return _CENTRES_WITH_COUNTS.run(using=using)


def subjects_below(path, using=DEFAULT_DB_ALIAS):
    """The subjects of the live, public lessons below the page at tree path `path`."""
    return _SUBJECTS_BELOW.run(path, using=using)


def collections_including(page):
    """Live, public collections that list `page`, by title."""
    if page.pk is None:  # a preview before the first save: nothing can point at it yet
        return []
    content_type = ContentType.objects.get_for_model
    collections = app_model("CollectionPage")
    return _COLLECTIONS_INCLUDING.run(
        str(page.pk), content_type(Page).pk, (content_type(collections).pk,)
    )


def _collections_including(page_key, page_type, collection_types):
    collections = app_model("CollectionPage").objects.published()
    return collections.filter(references_q(page_key, page_type, collection_types)).order_by(
        "title"
    )


_COLLECTIONS_INCLUDING = PreparedQuery(_collections_including)


@functools.cache
def _pages_around_parts():
    """The parts of `pages_around`'s query that do not depend on the lesson (a filter on the
    annotated relations reuses their joins)."""
    derivatives = app_model("LessonPage").objects.published().order_by("title").values("pk")
    pages = (
        Page.objects.live()
        .exclude(private_q())
        .annotate(
            centre_name=F("lessonpage__centre__name"),
            derived_from_id=F("lessonpage__derived_from_id"),
            library_centre_id=F("centrelibrarypage__centre_id"),
            course_units=F("coursepage__units"),
        )
        .order_by("title", "path")
    )
    return derivatives, pages


def _pages_around_rows(lesson_id, lesson_key, page_type, referrer_types, derived_from, centre):
    """`pages_around`'s query. `lesson_key` is the lesson's id as the reference index keeps it
    (text), `page_type` the content type of pages and `referrer_types` those of courses and
    collections; `derived_from` and `centre` may be None."""
    derivatives, pages = _pages_around_parts()
    derivatives = derivatives.filter(derived_from=lesson_id)[:DERIVATIVES_SHOWN]
    wanted = Q(pk__in=derivatives) | references_q(lesson_key, page_type, referrer_types)
    if derived_from is not None:
        wanted |= Q(pk=derived_from)
    if centre is not None:
        wanted |= Q(centrelibrarypage__centre=centre)
    return pages.filter(wanted)


_PAGES_AROUND = PreparedQuery(_pages_around_rows)


def pages_around(lesson):
    """Live, public pages a lesson page links to, in one query: the lesson it derives from,
    its first derivatives, its centre's library page, and the courses and collections that
    include it (Wagtail's reference index). Base pages, with what the lesson page shows of
    them: `centre_name` of lessons, `course_units` of courses."""
    around = {
        "centre_page": None,
        "courses": [],
        "collections": [],
        "derived_from": None,
        "derivatives": [],
    }
    if lesson.pk is None:  # a preview before the first save: nothing can point at it yet
        return around
    courses = app_model("CoursePage")
    collections, libraries = app_model("CollectionPage"), app_model("CentreLibraryPage")
    content_type = ContentType.objects.get_for_model
    pages = _PAGES_AROUND.run(
        lesson.pk,
        str(lesson.pk),
        content_type(Page).pk,
        (content_type(courses).pk, content_type(collections).pk),
        lesson.derived_from_id,
        lesson.centre_id,
    )
    kinds = {
        ContentType.objects.get_for_model(model).pk: model
        for model in (courses, collections, libraries)
    }
    for page in pages:
        kind = kinds.get(page.content_type_id)
        if kind is courses:
            around["courses"].append(page)
        elif kind is collections:
            around["collections"].append(page)
        elif kind is libraries:
            if page.library_centre_id == lesson.centre_id and around["centre_page"] is None:
                around["centre_page"] = page
        else:
            if page.pk == lesson.derived_from_id:
                around["derived_from"] = page
            if page.derived_from_id == lesson.pk:
                around["derivatives"].append(page)
    around["derivatives"] = around["derivatives"][:DERIVATIVES_SHOWN]
    return around
