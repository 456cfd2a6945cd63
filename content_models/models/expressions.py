"""Expressions the page queries are built from: view restrictions as one condition, terms and
cover renditions as JSON of each row, usage sums, reference lookups.

Each depends only on the models, so most are built once per process (`functools.cache`):
Django copies an expression whenever a query uses it, so one instance serves every request.
`querysets.py` puts them together per page type. See docs/pages.md, "Page cost".
"""

import functools

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, JSONObject, Length, Substr
from django.db.models.query import ModelIterable

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex

from content_models.models.prepared import PreparedQuery
from media.renditions import PRESETS


def app_model(name):
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
    ancestor_paths = tuple(
        page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)
    )
    depths = tuple(range(page.depth + 1, page.depth + 1 + len(path_components)))
    rows = _PATH_QUERY.run(ancestor_paths, depths, tuple(path_components))
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


def _pages_named(ancestor_paths, depths, slugs):
    """The pages at `ancestor_paths` and every page with one of `slugs` at its depth (pages
    of other branches too: `pages_on_path` keeps the ones on its chain)."""
    named = Q(path__in=ancestor_paths)
    for depth, slug in zip(depths, slugs, strict=True):
        named |= Q(depth=depth, slug=slug)
    return (
        Page.objects.filter(named)
        .annotate(
            has_view_restriction=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))
        )
        .order_by("depth", "path")
    )


_PATH_QUERY = PreparedQuery(_pages_named)


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
    page_type = ContentType.objects.get_for_model(Page).pk
    referrer_types = tuple(ContentType.objects.get_for_model(model).pk for model in models_)
    return references_q(str(page.pk), page_type, referrer_types)


def references_q(page_key, page_type, referrer_types):
    """`referencing_q` from plain values (for a PreparedQuery): `page_key` is the page's id as
    the reference index keeps it (text), `page_type` the content type id of pages,
    `referrer_types` those of the models linking to it."""
    references = (
        ReferenceIndex.objects.filter(
            to_content_type=page_type,
            to_object_id=page_key,
            base_content_type=page_type,
            content_type__in=referrer_types,
        )
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )
    return Q(pk__in=references)


def _sum(queryset, field):
    """A one-row, one-column queryset: the sum of `field` over `queryset` (for a Subquery)."""
    return queryset.order_by().annotate(total=Func(F(field), function="SUM")).values("total")


def terms_json(model, relation, **fields):
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
        for page in super().__iter__():
            yield self.finish(page)

    @staticmethod
    def finish(page):
        """Hands the card renditions read with `page` to its cover image (also called by
        PreparedQuery for card querysets)."""
        rows = page.__dict__.get("card_renditions")
        image = page.__dict__.get("cover_image_id") and getattr(page, "cover_image", None)
        if rows and image is not None:
            rendition_model = get_image_model().get_rendition_model()
            # from_db() takes the values in the model's field order.
            names = [
                field.attname
                for field in rendition_model._meta.concrete_fields
                if field.attname in rows[0]
            ]
            image.prefetched_renditions = [
                rendition_model.from_db(None, names, [row[name] for name in names]) for row in rows
            ]
        return page


def usage_total(kind, item_ids):
    """Subquery: the sum of the daily counts of `kind` for the items `item_ids` (an OuterRef
    or a values() queryset), read from `DailyUsage` (docs/usage-and-reports.md)."""
    if isinstance(item_ids, OuterRef):
        return _usage_total_of_row(kind, item_ids.name)
    return _usage_total_expression(kind, item_ids)


@functools.cache
def _usage_total_of_row(kind, outer_field):
    return _usage_total_expression(kind, OuterRef(outer_field))


def _usage_total_expression(kind, item_ids):
    rows = app_model("DailyUsage").objects.filter(kind=kind)
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
