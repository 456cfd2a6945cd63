"""Pages → search documents: the one path every writer uses (drain, rebuild, benchmark).

A document is a plain dict: the Elasticsearch `_source` plus folded copies of its text; the
database table stores the same dict. Documents are built in batches from `.values()` rows and
a few bulk lookups instead of Wagtail page instances: a rebuild must turn ≥ 2,000 lessons a
second into documents, and instantiating pages, their StreamField blocks and HTML parsers costs
~13 ms per lesson. Two pieces of Wagtail are therefore reproduced here, deliberately small:

* body text: every string of the StreamField's stored JSON except block ids, types and option
  keys, with HTML tags removed (Wagtail's `get_searchable_content` gives the same words);
* the URL: Wagtail's `get_url()` rule (relative with one site, absolute with several),
  computed from `url_path` and `Site.get_site_root_paths()` once per batch.

Only live, public, unexpired, non-alias lessons and courses get a document: `load_documents`
answers None for anything else, which the indexer turns into a delete (docs/faults.md row 14).
"""

import html
import json
import re
import unicodedata

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Page, Site

from content_models import formulas
from content_models.choices import Language
from content_models.models import (
    Centre,
    CentreLibraryPage,
    CoursePage,
    Grade,
    LessonAttachment,
    LessonPage,
    LessonTag,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
    grade_label,
)
from content_models.text import fold
from search.repair.spelling import joined_forms

KIND_MODELS = {"lesson": LessonPage, "course": CoursePage}
BODY_EXCERPT_CHARS = 1500  # original body text kept for snippets; the folded body is whole
MAX_BODY_CHARS = 200_000  # a pathological page cannot produce a megabyte-sized document
COMMON = ["id", "title", "url_path", "path", "first_published_at", "last_published_at",
          "expire_at", "summary", "licence_id", "centre_id", "view_count"]  # fmt: skip
FIELDS = {
    "lesson": [*COMMON, "learning_objectives", "resource_type_id", "language", "authors",
               "duration_minutes"],
    "course": [*COMMON, "introduction"],
}  # fmt: skip
# StreamFields are read as their stored JSON text: no StreamValue is built for them.
STREAMS = {"lesson": "body", "course": "units"}
# Keys of block values that hold options, ids or addresses, never words.
SKIP_KEYS = {"id", "type", "size", "language", "alignment", "format", "url", "image", "page",
             "document", "first_row_is_table_header", "first_col_is_header", "mergedCells",
             "cell"}  # fmt: skip
TAG_RE = re.compile(r"<[^>]+>")


def kind_of(page):
    return "course" if isinstance(page, CoursePage) else "lesson"


def material_queryset(model):
    """Indexable pages of one model (live, public, not expired, not an alias)."""
    now = timezone.now()
    return (
        model.objects.live()
        .public()
        .filter(alias_of__isnull=True)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    )


# --- text helpers -----------------------------------------------------------------------
def _nfc(text):
    return unicodedata.normalize("NFC", str(text or "")).strip()


def _strip_tags(text):
    return html.unescape(TAG_RE.sub(" ", text)) if "<" in text or "&" in text else text


def _collect(value, out):
    if isinstance(value, str):
        if value and not value.startswith(("http://", "https://", "/")):
            out.append(_strip_tags(value))
    elif isinstance(value, dict):
        if "type" in value and "value" in value:  # a StreamField child
            _collect(formulas.readable_block(value["type"], value["value"]), out)
        else:
            for key, item in value.items():
                if key not in SKIP_KEYS:
                    _collect(item, out)
    elif isinstance(value, list):
        for item in value:
            _collect(item, out)


def stream_text(value):
    """Searchable words of a StreamField value (lazy StreamValue, raw list or JSON text)."""
    raw = getattr(value, "raw_data", value)
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = [raw]
    out = []
    _collect(list(raw or []), out)
    return " ".join(" ".join(out).split())


# --- lookups shared by a batch ----------------------------------------------------------
class Vocabulary:
    """Every vocabulary term, centre and library once, and the site roots for URLs."""

    def __init__(self):
        self.levels = {t.pk: t for t in ProgrammeLevel.objects.all()}
        self.subjects = {t.pk: t for t in Subject.objects.all()}
        self.grades = {g.pk: g.number for g in Grade.objects.all()}
        self.types = {t.pk: t for t in ResourceType.objects.all()}
        self.licences = {t.pk: t for t in Licence.objects.all()}
        self.provinces = {t.pk: t for t in Province.objects.all()}
        self.centres = {c.pk: c for c in Centre.objects.all()}
        self.library_centre = dict(CentreLibraryPage.objects.values_list("path", "centre_id"))
        self.sites = list(Site.get_site_root_paths())
        self.serve_prefix = reverse("wagtail_serve", args=("x/",))[:-2]
        self.tz = timezone.get_current_timezone()

    def url(self, url_path):
        for site in self.sites:
            if url_path.startswith(site.root_path):
                relative = self.serve_prefix + url_path[len(site.root_path) :]
                return relative if len(self.sites) == 1 else site.root_url + relative
        return url_path

    def centre(self, row):
        centre_id = row["centre_id"] or self.library_centre.get(row["path"][: -Page.steplen])
        return self.centres.get(centre_id)


def _relations(kind, ids):
    """{name: {page_id: [related ids or texts]}} for a batch of page ids."""
    model = KIND_MODELS[kind]
    rel = {}
    for name, column in (("programme_levels", "programmelevel_id"), ("subjects", "subject_id"),
                         ("grades", "grade_id")):  # fmt: skip
        through = model._meta.get_field(name).remote_field.through
        pairs = through.objects.filter(**{f"{model._meta.model_name}_id__in": ids})
        rel[name] = _group(pairs.values_list(f"{model._meta.model_name}_id", column))
    if kind == "lesson":
        attachments = LessonAttachment.objects.filter(page_id__in=ids).order_by("sort_order")
        rel["attachments"] = _group(
            (pk, title or doc_title)
            for pk, title, doc_title in attachments.values_list(
                "page_id", "title", "document__title"
            )
        )
        tags = LessonTag.objects.filter(content_object_id__in=ids).order_by("tag__name")
        rel["keywords"] = _group(tags.values_list("content_object_id", "tag__name"))
    return rel


def _group(pairs):
    grouped = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def _rows(qs, kind):
    return qs.values(*FIELDS[kind], stream=Cast(STREAMS[kind], TextField()))


def _terms(ids, table):
    terms = [table[i] for i in ids if i in table]
    return sorted(terms, key=lambda t: (getattr(t, "sort_order", 0), t.name))


def _iso(value):
    return value.isoformat() if value else None


def _document(kind, row, rel, vocab):
    pk = row["id"]
    centre = vocab.centre(row)
    province = vocab.provinces.get(centre.province_id) if centre else None
    levels = _terms(rel["programme_levels"].get(pk, ()), vocab.levels)
    subjects = _terms(rel["subjects"].get(pk, ()), vocab.subjects)
    grades = sorted(vocab.grades[g] for g in rel["grades"].get(pk, ()) if g in vocab.grades)
    licence = vocab.licences[row["licence_id"]]
    if kind == "lesson":
        body = stream_text(row["stream"])
        objectives = _nfc(row["learning_objectives"])
        attachments = [_nfc(a) for a in rel["attachments"].get(pk, ())]
        keywords = [_nfc(k) for k in rel["keywords"].get(pk, ())]
        resource_type = vocab.types.get(row["resource_type_id"])
        language, authors = row["language"] or Language.VI, _nfc(row["authors"])
    else:
        body = _strip_tags(row["introduction"] or "") + " " + stream_text(row["stream"])
        objectives, attachments, keywords, resource_type = "", [], [], None
        language, authors = Language.VI, ""
    body = _nfc(body)[:MAX_BODY_CHARS]
    title, summary = _nfc(row["title"]), _nfc(row["summary"])
    published = row["first_published_at"]
    with translation.override("vi"):  # the index speaks Vietnamese whatever the request's language
        labels = [t.name for t in subjects] + [grade_label(g) for g in grades]
    labels += [x.name for x in (centre, province) if x]
    # Programme level and resource type names rank but do not match: their words ("Chương
    # trình", "trình độ", "Tài liệu") would match most queries. A query naming them is
    # satisfied by the facet instead (search/facet_names.py, docs/search-repair.md).
    ranked_only = [t.name for t in levels] + ([resource_type.name] if resource_type else [])
    title_folded, summary_folded = fold(title), fold(summary)
    matched_tags = [fold(t) for t in [*keywords, *labels]]
    tags_folded = matched_tags + [fold(t) for t in ranked_only]
    # "Ê-đê" is also indexed as "ede", "K'Ho" as "kho" (search/repair/spelling.py).
    joined = " ".join(joined_forms(" ".join([title, summary, *keywords, objectives, body])))
    return {
        "page_id": pk,
        "kind": kind,
        "title": title,
        "url": vocab.url(row["url_path"]),
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
        "year": str(published.astimezone(vocab.tz).year) if published else None,
        "first_published_at": _iso(published),
        "last_published_at": _iso(row["last_published_at"]),
        "expire_at": _iso(row["expire_at"]),
        "view_count": row["view_count"],
        "duration_minutes": row.get("duration_minutes"),
        # Folded copies: matched by the folded analyser; never returned to users.
        # content_folded holds all the searchable text and alone decides what matches (one
        # posting list per query word); title, summary and tags (keywords and the names of
        # the classification) are short fields that only rank the best matches (see
        # backends/elasticsearch/backend.py). One value per part, so that phrases do not cross
        # parts.
        "title_folded": title_folded,
        "summary_folded": summary_folded,
        "tags_folded": tags_folded,
        "content_folded": [
            t
            for t in [
                title_folded,
                summary_folded,
                *matched_tags,
                joined,
                *(fold(t) for t in [objectives, *attachments, authors, body]),
            ]
            if t
        ],
    }


def serialize_rows(kind, rows, vocab=None):
    """{page_id: document} for `_rows()` of indexable pages."""
    vocab = vocab or Vocabulary()
    rel = _relations(kind, [row["id"] for row in rows]) if rows else {}
    return {row["id"]: _document(kind, row, rel, vocab) for row in rows}


def iter_documents(model, chunk_size=500, queryset=None):
    """(page_id, document) for every indexable page of `model`, streamed in chunks."""
    kind = "course" if model is CoursePage else "lesson"
    vocab = Vocabulary()
    qs = queryset if queryset is not None else material_queryset(model)
    chunk = []
    for row in _rows(qs.order_by("pk"), kind).iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) >= chunk_size:
            yield from serialize_rows(kind, chunk, vocab).items()
            chunk = []
    if chunk:
        yield from serialize_rows(kind, chunk, vocab).items()


def load_documents(page_ids):
    """{page_id: document or None} for the given ids, re-read from the database now.

    None means "must not be in the index" (deleted, unpublished, private, expired, alias, or
    not a lesson/course at all), so the indexer deletes it: the database always wins.
    """
    page_ids = list({int(pk) for pk in page_ids})
    found = dict.fromkeys(page_ids)
    vocab = Vocabulary()
    for kind, model in KIND_MODELS.items():
        for start in range(0, len(page_ids), 500):
            ids = page_ids[start : start + 500]
            rows = list(_rows(material_queryset(model).filter(pk__in=ids), kind))
            found.update(serialize_rows(kind, rows, vocab))
    return found


def serialize(page):
    """The document of one indexable page, or None (used by "related materials")."""
    return load_documents([page.pk])[page.pk]


def indexable_count():
    return sum(material_queryset(model).count() for model in KIND_MODELS.values())


def indexable_ids():
    ids = set()
    for model in KIND_MODELS.values():
        ids.update(material_queryset(model).values_list("pk", flat=True))
    return ids
