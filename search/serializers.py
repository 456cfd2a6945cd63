"""Page → search document: the one function every path uses (drain, rebuild, benchmark).

A document is a plain dict (the Elasticsearch `_source` plus folded fields); the database
table stores the same dict. Only live, public, unexpired, non-alias lessons and courses get a
document: `load_documents()` answers None for anything else, which the indexer turns into a
delete (FAULTS.md row 14).
"""

import unicodedata

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page

from content_models.choices import Language
from content_models.models import CentreLibraryPage, CoursePage, LessonPage
from content_models.text import fold

KINDS = {"lesson": LessonPage, "course": CoursePage}
BODY_EXCERPT_CHARS = 3000  # original body text kept for snippets; the folded body is whole
MAX_BODY_CHARS = 200_000  # a pathological page cannot produce a megabyte-sized document


def kind_of(page):
    return "course" if isinstance(page, CoursePage) else "lesson"


def material_queryset(model):
    """Indexable pages of one model, with everything the serializer reads prefetched."""
    now = timezone.now()
    qs = (
        model.objects.live()
        .public()
        .filter(alias_of__isnull=True)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .select_related("licence", "centre__province")
        .prefetch_related("programme_levels", "subjects", "grades")
    )
    if model is LessonPage:
        qs = qs.select_related("resource_type").prefetch_related(
            "attachments__document", "tagged_items__tag"
        )
    return qs


class CentreResolver:
    """Centre of a page whose own `centre` is empty: the centre of its library page."""

    def __init__(self):
        self._by_path = None

    def __call__(self, page):
        if page.centre_id:
            return page.centre
        if self._by_path is None:
            libraries = CentreLibraryPage.objects.select_related("centre__province")
            self._by_path = {lib.path: lib.centre for lib in libraries}
        return self._by_path.get(page.path[: -Page.steplen])


def _nfc(text):
    return unicodedata.normalize("NFC", str(text or "")).strip()


def _searchable(page, field_name):
    field = page._meta.get_field(field_name)
    parts = field.get_searchable_content(getattr(page, field_name))
    return _nfc(" ".join(str(p) for p in parts if p))[:MAX_BODY_CHARS]


def _terms(items):
    return sorted(items, key=lambda term: (getattr(term, "sort_order", 0), term.name))


def serialize(page, resolve_centre=None):
    """The search document of an indexable lesson or course (checked by the caller)."""
    kind = kind_of(page)
    centre = (resolve_centre or CentreResolver())(page)
    province = centre.province if centre else None
    levels = _terms(page.programme_levels.all())
    subjects = _terms(page.subjects.all())
    grades = sorted(g.number for g in page.grades.all())
    licence = page.licence
    if kind == "lesson":
        body = _searchable(page, "body")
        objectives = _nfc(page.learning_objectives)
        attachments = [_nfc(a.display_title) for a in page.attachments.all()]
        keywords = [_nfc(item.tag.name) for item in page.tagged_items.all()]
        resource_type = page.resource_type
        language = page.language or Language.VI
        authors = _nfc(page.authors)
    else:
        body = _nfc(_searchable(page, "introduction") + " " + _searchable(page, "units"))
        objectives, attachments, keywords, resource_type = "", [], [], None
        language, authors = Language.VI, ""
    published = page.first_published_at
    title = _nfc(page.title)
    summary = _nfc(page.summary)
    labels = [t.name for t in levels + subjects] + [f"Lớp {g}" for g in grades]
    labels += [x.name for x in (resource_type, centre, province) if x]
    doc = {
        "page_id": page.pk,
        "kind": kind,
        "title": title,
        "url": page.get_url() or page.url_path,
        "summary": summary,
        "objectives": objectives,
        "body_excerpt": body[:BODY_EXCERPT_CHARS],
        "attachments": attachments,
        "keywords": keywords,
        "authors": authors,
        "level": [t.slug for t in levels],
        "level_names": [t.name for t in levels],
        "subject": [t.slug for t in subjects],
        "subject_names": [t.name for t in subjects],
        "grade": [str(g) for g in grades],
        "type": resource_type.slug if resource_type else None,
        "type_name": resource_type.name if resource_type else "",
        "licence": licence.slug,
        "licence_name": licence.name,
        "reusable": "1" if licence.allows_derivatives else "0",
        "centre": centre.slug if centre else None,
        "centre_name": centre.name if centre else "",
        "province": province.slug if province else None,
        "province_name": province.name if province else "",
        "language": language,
        "year": str(timezone.localtime(published).year) if published else None,
        "first_published_at": published.isoformat() if published else None,
        "last_published_at": page.last_published_at.isoformat()
        if page.last_published_at
        else None,
        "expire_at": page.expire_at.isoformat() if page.expire_at else None,
        "view_count": page.view_count,
        "duration_minutes": getattr(page, "duration_minutes", None),
        # Folded copies: matched by the folded analyser; never returned to users.
        "title_folded": fold(title),
        "summary_folded": fold(summary),
        "objectives_folded": fold(objectives),
        "body_folded": fold(body),
        "attachments_folded": [fold(a) for a in attachments],
        "keywords_folded": [fold(k) for k in keywords],
        "labels_folded": fold(" ".join([*labels, authors])),
    }
    return doc


def iter_documents(model, chunk_size=500, queryset=None):
    """(page_id, document) for every indexable page of `model`, streamed in chunks."""
    resolve_centre = CentreResolver()
    qs = queryset if queryset is not None else material_queryset(model)
    for page in qs.order_by("pk").iterator(chunk_size=chunk_size):
        yield page.pk, serialize(page, resolve_centre)


def load_documents(page_ids):
    """{page_id: document or None} for the given ids, re-read from the database now.

    None means "must not be in the index" (deleted, unpublished, private, expired, alias, or
    not a lesson/course at all), so the indexer deletes it: the database always wins.
    """
    page_ids = list(set(page_ids))
    found = dict.fromkeys(page_ids)
    resolve_centre = CentreResolver()
    for model in KINDS.values():
        for page in material_queryset(model).filter(pk__in=page_ids):
            found[page.pk] = serialize(page, resolve_centre)
    return found


def indexable_count():
    return sum(material_queryset(model).count() for model in KINDS.values())


def indexable_ids():
    ids = set()
    for model in KINDS.values():
        ids.update(material_queryset(model).values_list("pk", flat=True))
    return ids
