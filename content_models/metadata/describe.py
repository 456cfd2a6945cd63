"""One neutral description of a lesson, course or collection, written out by every format.

`describe_pages` describes the live, public pages of a batch with their vocabularies in a
fixed number of queries (the OAI-PMH lists call it per 100 records) and returns `MaterialRecord`s.
Drafts never reach a record: everything is read from the live page row, and links to other
pages (remix originals, course lessons, collection items) are kept only when those pages are
live and public too.
"""

import mimetypes
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.html import strip_tags

from wagtail.models import Page

from content_models.metadata.identifiers import oai_identifier, repository_id, short_link_path
from content_models.models import (
    CollectionPage,
    CoursePage,
    LessonAttachment,
    LessonPage,
    LessonTag,
)
from content_models.models.records import RecordKind

MODELS = {
    RecordKind.LESSON: LessonPage,
    RecordKind.COURSE: CoursePage,
    RecordKind.COLLECTION: CollectionPage,
}
KINDS = {model: kind for kind, model in MODELS.items()}


@dataclass(frozen=True)
class Term:
    """A vocabulary term as the formats need it: stable slug and Vietnamese name."""

    slug: str
    name: str


@dataclass(frozen=True)
class Link:
    """Another record this one points at (remix original, course lesson, collection item)."""

    kind: str
    pk: int
    oai_id: str
    url: str


@dataclass
class MaterialRecord:
    kind: str
    pk: int
    oai_id: str
    title: str
    description: str
    url: str  # the page's canonical URL (as in its JSON-LD, sitemap and feeds)
    short_url: str  # /l/<id>/: survives moves and renames
    first_published: datetime | None
    last_published: datetime | None
    language: str = ""
    authors: list = field(default_factory=list)
    centre: Term | None = None
    province: Term | None = None
    levels: list = field(default_factory=list)
    subjects: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    resource_type: Term | None = None
    keywords: list = field(default_factory=list)
    licence: Term | None = None
    licence_url: str = ""
    duration_minutes: int | None = None
    formats: list = field(default_factory=list)
    based_on: Link | None = None
    parts: list = field(default_factory=list)

    @property
    def year(self):
        return self.first_published.year if self.first_published else None


def kind_of(page):
    """The record kind of a page (specific or not), or None for other page types."""
    model = page.specific_class if isinstance(page, Page) else type(page)
    return KINDS.get(model)


def _term(obj):
    return Term(obj.slug, obj.name) if obj is not None else None


def _stream_page_ids(raw, key=None):
    """Page ids chosen in a StreamField's raw data (collection items, course unit lessons)."""
    ids = []
    for block in raw or []:
        value = block.get("value") if isinstance(block, dict) else None
        if key is not None:
            value = value.get(key) if isinstance(value, dict) else None
            for item in value or []:
                item = item.get("value") if isinstance(item, dict) else item
                if isinstance(item, int):
                    ids.append(item)
        elif isinstance(value, int):
            ids.append(value)
    return ids


def _linked_ids(page, kind):
    if kind == RecordKind.COURSE:
        return _stream_page_ids(page.units.raw_data, key="lessons")
    if kind == RecordKind.COLLECTION:
        return _stream_page_ids(page.items.raw_data)
    return [page.derived_from_id] if page.derived_from_id else []


def public_kinds(ids):
    """{page id: record kind} of the live, public lessons, courses and collections in `ids`."""
    if not ids:
        return {}
    types = {ContentType.objects.get_for_model(model).pk: kind for kind, model in MODELS.items()}
    rows = (
        Page.objects.live()
        .public()
        .filter(pk__in=set(ids), content_type__in=list(types))
        .values_list("pk", "content_type")
    )
    return {pk: types[content_type] for pk, content_type in rows}


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


def _link(kind, pk, request, repository):
    return Link(
        kind, pk, oai_identifier(kind, pk, repository), _absolute(request, short_link_path(pk))
    )


def load_pages(kind, ids):
    """{pk: page} of the live, public pages of `kind` among `ids`."""
    queryset = MODELS[kind].objects.live().public().filter(pk__in=list(ids))
    if kind != RecordKind.COLLECTION:
        queryset = queryset.select_related("licence", "centre__province")
    if kind == RecordKind.LESSON:
        queryset = queryset.select_related("resource_type")
    return queryset.in_bulk()


def _many(model, field, ids, *columns):
    """{page id: [rows]} of one many-to-many field for many pages, in one query.

    Read from the through table rather than through modelcluster's managers, which cost a
    millisecond each to set up: 100 records × 4 relations was most of a ListRecords page.
    """
    through = model._meta.get_field(field).remote_field.through
    source = f"{model._meta.model_name}_id"
    target = model._meta.get_field(field).remote_field.model._meta.model_name
    rows = through.objects.filter(**{f"{source}__in": ids}).order_by(
        *[
            f"{target}__{column}"
            for column in ("sort_order", "name", "number")
            if column in columns
        ]
    )
    found = {}
    for row in rows.values_list(source, *[f"{target}__{column}" for column in columns]):
        found.setdefault(row[0], []).append(row[1:])
    return found


def _relations(kind, ids):
    """The vocabularies, keywords and attachment types of many lessons or courses at once."""
    model = MODELS[kind]
    relations = {
        "levels": _many(model, "programme_levels", ids, "slug", "name", "sort_order"),
        "subjects": _many(model, "subjects", ids, "slug", "name", "sort_order"),
        "grades": _many(model, "grades", ids, "number"),
    }
    if kind == RecordKind.LESSON:
        keywords = {}
        for pk, name in (
            LessonTag.objects.filter(content_object_id__in=ids)
            .order_by("tag__name")
            .values_list("content_object_id", "tag__name")
        ):
            keywords.setdefault(pk, []).append(name)
        formats = {}
        attachments = LessonAttachment.objects.filter(page_id__in=ids).order_by("sort_order")
        for pk, mime, name in attachments.values_list(
            "page_id", "document__mime_type", "document__file"
        ):
            formats.setdefault(pk, []).append(mime or mimetypes.guess_type(name)[0])
        relations.update(keywords=keywords, formats=formats)
    return relations


NO_RELATIONS = {"levels": {}, "subjects": {}, "grades": {}, "keywords": {}, "formats": {}}


def describe_pages(pages, request=None, repository=None, related=True):
    """MaterialRecords of already loaded live pages (of any kinds), in the given order.

    `related=False` skips the vocabularies, keywords, attachments and links to other pages
    (what the citation does without): no query at all beyond the pages themselves.
    """
    repository = repository or repository_id(request)  # once, not once a page
    linked, by_kind = {}, {}
    for page in pages:
        by_kind.setdefault(kind_of(page), []).append(page.pk)
        for pk in _linked_ids(page, kind_of(page)):
            linked[pk] = None
    public = public_kinds(list(linked)) if related else {}
    relations = {
        kind: _relations(kind, ids) if related else NO_RELATIONS
        for kind, ids in by_kind.items()
        if kind != RecordKind.COLLECTION
    }
    return [
        _describe(page, request, repository, public, relations.get(kind_of(page)))
        for page in pages
    ]


def describe(page, request=None, repository=None, related=True):
    return describe_pages([page], request, repository, related)[0]


def _describe(page, request, repository, public, relations):
    kind = kind_of(page)
    record = MaterialRecord(
        kind=kind,
        pk=page.pk,
        oai_id=oai_identifier(kind, page.pk, repository),
        title=page.title,
        description=strip_tags(getattr(page, "summary", "") or getattr(page, "introduction", ""))
        .replace("\xa0", " ")
        .strip(),
        url=page.get_full_url(request) or _absolute(request, short_link_path(page.pk)),
        short_url=_absolute(request, short_link_path(page.pk)),
        first_published=page.first_published_at,
        last_published=page.last_published_at,
    )
    links = [
        _link(public[pk], pk, request, repository)
        for pk in _linked_ids(page, kind)
        if pk in public
    ]
    if kind == RecordKind.COLLECTION:
        record.parts = links
        record.formats = ["text/html"]
        return record
    centre = page.centre
    record.centre = _term(centre)
    record.province = _term(centre.province) if centre is not None else None
    record.levels = [
        Term(slug, name) for slug, name, _order in relations["levels"].get(page.pk, [])
    ]
    record.subjects = [
        Term(slug, name) for slug, name, _order in relations["subjects"].get(page.pk, [])
    ]
    record.grades = [number for (number,) in relations["grades"].get(page.pk, [])]
    record.licence = _term(page.licence)
    record.licence_url = page.licence.url
    record.formats = ["text/html"]
    if kind == RecordKind.COURSE:
        record.parts = links
        return record
    record.based_on = links[0] if links else None
    record.language = "" if page.language == "other" else page.language
    record.authors = list(page.author_list)
    record.resource_type = _term(page.resource_type)
    record.keywords = relations["keywords"].get(page.pk, [])
    record.duration_minutes = page.duration_minutes
    for mime in relations["formats"].get(page.pk, []):
        if mime and mime not in record.formats:
            record.formats.append(mime)
    return record
