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

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, Coalesce, JSONObject, Length, Substr
from django.db.models.query import ModelIterable

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.query import PageQuerySet as WagtailPageQuerySet

from media.renditions import PRESETS

DERIVATIVES_SHOWN = 6  # derivatives listed on a lesson page


def _model(name):
    return apps.get_model("content_models", name)


class JSONArrayAgg(models.Aggregate):
    """The aggregated values as one JSON array (SQLite `json_group_array`, PostgreSQL
    `jsonb_agg`), so a page's vocabulary terms come with the page instead of one query each."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


@functools.cache
def private_q(path="path"):
    """Pages at or below a page with a view restriction, as one SQL condition (`path` names
    the page's tree path from the model queried, e.g. "page__path" from an attachment).

    Wagtail's own `PageQuerySet.private_q()` reads every restriction first (a query each time
    `.public()` is used); this `EXISTS` subquery lets the database do it inside the page query.
    A restriction applies to its page and every page whose tree path starts with that page's.
    """
    return Q(
        Exists(
            PageViewRestriction.objects.filter(
                page__path=Substr(OuterRef(path), 1, Length("page__path"))
            )
        )
    )


def pages_on_path(page, path_components):
    """`page`'s ancestors, `page` itself and the pages below it named by `path_components`,
    in one query, root first; the chain stops at the first slug with no page.

    Each page carries `has_view_restriction`, so the routing that uses this chain also knows
    whether any page above the one served restricts who may see it.
    """
    ancestor_paths = [
        page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)
    ]
    below = Q()
    for offset, slug in enumerate(path_components, start=1):
        below |= Q(depth=page.depth + offset, slug=slug)
    rows = (
        Page.objects.filter(Q(path__in=ancestor_paths) | (Q(path__startswith=page.path) & below))
        .annotate(
            has_view_restriction=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))
        )
        .order_by("depth", "path")
    )
    chain = []
    for row in rows:
        if row.depth <= page.depth:
            chain.append(row)
            continue
        parent = chain[-1]
        wanted = path_components[row.depth - page.depth - 1]
        # Several pages below may share a slug at one depth (two centres' lessons): keep the
        # child of the page already on the chain.
        if (
            parent.depth == row.depth - 1
            and row.path.startswith(parent.path)
            and row.slug == wanted
        ):
            chain.append(row)
    return chain


def chosen_ids(raw_items):
    """Page ids in the stored form of page choosers: a StreamField's `raw_data`, or a
    ListBlock's raw value (`{"value": id}` items, or bare ids in data older than Wagtail 2.16).

    Reading ids this way leaves the chooser blocks unresolved: they would fetch every chosen
    page, drafts included, before the live ones are fetched again.
    """
    ids = []
    for item in raw_items or []:
        value = item.get("value") if isinstance(item, dict) else item
        if isinstance(value, int):
            ids.append(value)
    return ids


def referencing_q(page, *models_):
    """Pages of `models_` whose content links to `page` (Wagtail's reference index)."""
    references = (
        ReferenceIndex.get_references_to(page)
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            content_type__in=[ContentType.objects.get_for_model(model) for model in models_],
        )
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )
    return Q(pk__in=references)


def _sum(queryset, field):
    """A one-row, one-column queryset: the sum of `field` over `queryset` (for a Subquery)."""
    return queryset.order_by().annotate(total=Func(F(field), function="SUM")).values("total")


def _terms_json(model, relation, **fields):
    """Subquery: the terms of `model.relation` (a many-to-many) of each row, as JSON objects."""
    return _terms_subquery(model, relation, tuple(fields.items()))


@functools.cache
def _terms_subquery(model, relation, fields):
    fields = dict(fields)
    field = model._meta.get_field(relation)
    owner, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    return Subquery(
        field.remote_field.through.objects.filter(**{owner: OuterRef("pk")})
        .values(owner)
        .annotate(
            items=JSONArrayAgg(
                JSONObject(**{key: f"{target}__{name}" for key, name in fields.items()})
            )
        )
        .values("items"),
        output_field=models.JSONField(),
    )


def terms_from_json(model, rows):
    """Instances of a vocabulary `model` from the JSON objects of `_terms_json`, in the
    vocabulary's own order; fields not in the JSON stay deferred."""
    if not rows:
        return []
    names = [field.attname for field in model._meta.concrete_fields if field.attname in rows[0]]
    terms = [model.from_db(None, names, [row[name] for name in names]) for row in rows]
    ordering = model._meta.ordering
    return sorted(terms, key=lambda term: tuple(getattr(term, key) for key in ordering))


@functools.cache
def _card_renditions():
    """Subquery: the existing renditions of each row's cover image in the card preset's
    sizes, as JSON objects (`CardIterable` hands them to the image)."""
    renditions = get_image_model().get_rendition_model()
    return Subquery(
        renditions.objects.filter(
            image=OuterRef("cover_image"), filter_spec__in=PRESETS["card"].specs
        )
        .values("image")
        .annotate(
            items=JSONArrayAgg(
                JSONObject(
                    id="id",
                    image_id="image_id",
                    filter_spec="filter_spec",
                    focal_point_key="focal_point_key",
                    file="file",
                    width="width",
                    height="height",
                )
            )
        )
        .values("items"),
        output_field=models.JSONField(),
    )


class CardIterable(ModelIterable):
    """Pages of `for_cards()`: each cover image gets its card renditions from the card query
    (`card_renditions`) as Wagtail's `prefetched_renditions`, so `{% responsive_image %}`
    reads neither the rendition cache nor the database. Renditions of other sizes are not
    among them: Wagtail would create them again, so cards only ask for the "card" preset."""

    def __iter__(self):
        rendition_model = None
        for page in super().__iter__():
            rows = page.__dict__.get("card_renditions")
            image = page.__dict__.get("cover_image_id") and getattr(page, "cover_image", None)
            if rows and image is not None:
                if rendition_model is None:
                    rendition_model = get_image_model().get_rendition_model()
                # from_db() takes the values in the model's field order.
                names = [
                    field.attname
                    for field in rendition_model._meta.concrete_fields
                    if field.attname in rows[0]
                ]
                image.prefetched_renditions = [
                    rendition_model.from_db(None, names, [row[name] for name in names])
                    for row in rows
                ]
            yield page


class PageQuerySet(WagtailPageQuerySet):
    """Wagtail's page queryset, with `.public()` done inside the query (`private_q`)."""

    def private_q(self):
        return private_q()

    def published(self):
        """Live pages nobody needs a password or login to see."""
        return self.live().public()

    def in_order(self, ids):
        """The pages of this queryset among `ids`, in that order (stream fields left unread)."""
        pages = self.defer_streamfields().in_bulk(ids)
        return [pages[pk] for pk in ids if pk in pages]

    def for_page_view(self):
        """The query a served page is read with: its own fields plus what its template shows.

        Page types override `page_view_fields` and `page_view_prefetches`; the routing
        (`BasePage.route`) reads the page served with `page_view_queryset`.
        """
        return self.page_view_fields().prefetch_related(*self.page_view_prefetches())

    def page_view_fields(self):
        """The page-view query without its prefetches (built once per model by
        `page_view_queryset`)."""
        return self

    def page_view_prefetches(self):
        """`Prefetch` objects of the page view, new ones each call: Django writes hints into a
        prefetch's queryset when it runs, so they are never shared between requests."""
        return []


@functools.cache
def _published_pages(model):
    return model._default_manager.published().defer_streamfields()


def published_pages(model):
    """`model.objects.published().defer_streamfields()`, built once per process (a new clone
    each call)."""
    return _published_pages(model).all()


@functools.cache
def _published_cards(model):
    return model._default_manager.published().for_cards()


def published_cards(model):
    """`model.objects.published().for_cards()`, built once per process (a new clone each
    call); filter, order and slice it as any queryset."""
    return _published_cards(model).all()


@functools.cache
def _page_view_fields(model):
    return model._default_manager.all().page_view_fields()


def page_view_queryset(model):
    """`model.objects.for_page_view()`, its annotations and joins built once per process (a
    new clone each call): building them cost more than running the query."""
    fields = _page_view_fields(model)
    return fields.all().prefetch_related(*fields.page_view_prefetches())


def _usage_total(kind, item_ids):
    """Subquery: the sum of the daily counts of `kind` for the items `item_ids` (an OuterRef
    or a values() queryset), read from `DailyUsage` (docs/usage-and-reports.md)."""
    if isinstance(item_ids, OuterRef):
        return _usage_total_of_row(kind, item_ids.name)
    return _usage_total_expression(kind, item_ids)


@functools.cache
def _usage_total_of_row(kind, outer_field):
    return _usage_total_expression(kind, OuterRef(outer_field))


def _usage_total_expression(kind, item_ids):
    rows = _model("DailyUsage").objects.filter(kind=kind)
    rows = (
        rows.filter(item_id__in=item_ids)
        if hasattr(item_ids, "query")
        else rows.filter(item_id=item_ids)
    )
    return Coalesce(Subquery(_sum(rows, "count"), output_field=IntegerField()), 0)


def with_card_renditions(queryset):
    """`queryset` (of pages with a cover image) with the card renditions of the cover."""
    queryset = queryset.annotate(card_renditions=_card_renditions())
    queryset._iterable_class = CardIterable
    return queryset


class LearningMaterialQuerySet(PageQuerySet):
    """Lessons and courses: cards and pages show their programme levels and subjects."""

    def with_terms(self):
        """`level_data` and `subject_data` (JSON) for `level_terms` / `subject_terms`."""
        return self.annotate(
            level_data=_terms_json(
                self.model,
                "programme_levels",
                id="id",
                name="name",
                slug="slug",
                sort_order="sort_order",
            ),
            subject_data=_terms_json(
                self.model, "subjects", id="id", name="name", slug="slug", sort_order="sort_order"
            ),
        )

    def with_grades(self):
        return self.annotate(
            grade_data=_terms_json(self.model, "grades", id="id", number="number")
        )

    def for_cards(self):
        """What a card shows (components/*_card.html), for any number of cards in one query."""
        return with_card_renditions(
            self.select_related("licence", "centre", "cover_image").with_terms()
        )

    def with_view_total(self):
        """`view_total`: every counted view of the page, from the daily table."""
        return self.annotate(view_total=_usage_total("view", OuterRef("pk")))


class LessonPageQuerySet(LearningMaterialQuerySet):
    def for_cards(self):
        """Cards also show the size of the lesson's files (`attachments_size`, None without)."""
        return super().for_cards().annotate(attachments_size=_attachments_size())

    def newest_and_popular(self, count, cards=None):
        """(the `count` newest, the `count` most viewed) cards, in one query for both.

        `cards`: the card query to read them with (default `self.for_cards()`), e.g. the
        prebuilt `published_cards()` when `self` is `published()`."""
        newest = self.order_by("-first_published_at", "-pk").values("pk")[:count]
        popular = self.filter(view_count__gt=0).order_by("-view_count", "-pk").values("pk")[:count]
        cards = self.for_cards() if cards is None else cards
        cards = list(cards.filter(Q(pk__in=newest) | Q(pk__in=popular)))
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

    def page_view_prefetches(self):
        return [models.Prefetch("attachments", queryset=_attachments_for_page_view().all())]


@functools.cache
def _attachments_for_page_view():
    """A lesson page's attachments with their documents and download totals."""
    return (
        _model("LessonAttachment")
        .objects.select_related("document")
        .annotate(download_total=_usage_total("download", OuterRef("document_id")))
    )


@functools.cache
def _attachments_size():
    """Subquery: the total size of each lesson's files."""
    sizes = (
        _model("LessonAttachment")
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
        _model("LessonPage")
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

    def page_view_fields(self):
        return self.select_related("centre__province")


def centre_usage_totals(library):
    """(views of the live, public lessons below `library`, downloads of their files; a file
    attached twice counts once), from the daily usage table in one query.

    The page's own tree path is a literal here: as a subquery correlated with the page query,
    the same figures made SQLite re-read the lessons for every daily row (over a second on the
    demo's year of figures). See docs/usage-and-reports.md.
    """
    lessons = _model("LessonPage").objects.published().filter(path__startswith=library.path)
    attached = (
        _model("LessonAttachment")
        .objects.filter(page__live=True, page__path__startswith=library.path)
        .exclude(private_q("page__path"))
    )
    totals = dict(
        _model("DailyUsage")
        .objects.filter(
            Q(kind="view", item_id__in=lessons.values("pk"))
            | Q(kind="download", item_id__in=attached.values("document"))
        )
        .order_by()
        .values("kind")
        .annotate(n=Sum("count"))
        .values_list("kind", "n")
    )
    return totals.get("view", 0), totals.get("download", 0)


class CollectionPageQuerySet(PageQuerySet):
    def for_cards(self):
        return with_card_renditions(self.select_related("cover_image"))

    def page_view_fields(self):
        return self.select_related("cover_image")


@functools.cache
def _term_lesson_count():
    live = _model("LessonPage").objects.published().values("pk")
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


def collections_including(page):
    """Live, public collections that list `page`, by title."""
    if page.pk is None:  # a preview before the first save: nothing can point at it yet
        return []
    collections = _model("CollectionPage").objects.published()
    return list(collections.filter(referencing_q(page, collections.model)).order_by("title"))


@functools.cache
def _pages_around_queries():
    """The parts of `pages_around`'s query that do not depend on the lesson (built once; a
    filter on the annotated relations reuses their joins)."""
    derivatives = _model("LessonPage").objects.published().order_by("title").values("pk")
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
    courses = _model("CoursePage")
    collections, libraries = _model("CollectionPage"), _model("CentreLibraryPage")
    derivatives, pages = _pages_around_queries()
    derivatives = derivatives.filter(derived_from=lesson.pk)[:DERIVATIVES_SHOWN]
    wanted = Q(pk__in=derivatives) | referencing_q(lesson, courses, collections)
    if lesson.derived_from_id:
        wanted |= Q(pk=lesson.derived_from_id)
    if lesson.centre_id:
        wanted |= Q(centrelibrarypage__centre=lesson.centre_id)
    pages = pages.filter(wanted)
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
