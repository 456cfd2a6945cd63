"""Elasticsearch documents, the one configured client, and the schema hash.

This is the only module that imports `elasticsearch.dsl` (docs/conventions.md §10); the query
backend takes `Q` and `Search` from here. Lessons and courses have one Document each, with the
same mapping (`MaterialDocument`), in versioned indices `<prefix>lessons-v1-<timestamp>` and
`<prefix>courses-v1-<timestamp>` behind the aliases `<prefix>lessons` and `<prefix>courses`; all
reads and writes go through the alias (InvenioRDM). The mapping is explicit and strict; its hash
is stored in the index's `_meta`, so an index built from another mapping is detected
(docs/faults.md row 19) instead of being written to.
"""

import copy
import hashlib
import json
import threading

from django.utils import timezone

from elasticsearch.dsl import (
    Date,
    Document,
    Integer,
    Keyword,
    MetaField,
    Q,
    Search,
    Text,
    connections,
)

from search import conf
from search.analysis import ANALYSIS, AUTOCOMPLETE_PREFIXES, EXACT_ANALYZER, FOLDED_ANALYZER

__all__ = ["DOCUMENTS", "Q", "Search", "get_client", "index_body"]

SCHEMA_VERSION = 3


def _label():
    """A keyword kept for display only: neither searched nor aggregated."""
    return Keyword(index=False, doc_values=False)


def _facet():
    """A facet: aggregated on every search, so its global ordinals are built at refresh."""
    return Keyword(eager_global_ordinals=True)


def _folded(**kwargs):
    return Text(analyzer=FOLDED_ANALYZER, **kwargs)


class MaterialDocument(Document):
    """Fields shared by lessons and courses; one `_id` per Wagtail page id."""

    page_id = Integer()
    kind = Keyword()
    title = Text(analyzer=EXACT_ANALYZER)
    title_folded = _folded(index_prefixes=AUTOCOMPLETE_PREFIXES)
    url = _label()
    summary = Text(analyzer=EXACT_ANALYZER)
    summary_folded = _folded()
    objectives = Text(index=False)
    body_excerpt = Text(index=False)
    attachments = _label()
    keywords = Keyword()
    authors = Text(index=False)
    tags_folded = _folded()  # keywords and the names of the lesson's terms, centre, province
    content_folded = _folded()  # all searchable text: decides which documents match
    # Facets: URL values as keywords; Vietnamese labels alongside for display.
    level = _facet()
    level_names = _label()
    subject = _facet()
    subject_names = _label()
    grade = _facet()
    type = _facet()
    type_name = _label()
    licence = _facet()
    licence_name = _label()
    reusable = _facet()
    centre = _facet()
    centre_name = _label()
    province = _facet()
    province_name = _label()
    language = _facet()
    year = _facet()
    first_published_at = Date()
    last_published_at = Date()
    expire_at = Date()
    view_count = Integer()
    duration_minutes = Integer()

    class Meta:
        dynamic = MetaField("strict")
        # The folded copies stay in `_source`: filtering them out on every write cost a
        # rebuild ~6% of its rate, and hits fetch only the fields they show (HIT_SOURCE).


class LessonDocument(MaterialDocument):
    """A LessonPage in `<prefix>lessons`."""

    kind_name = "lesson"


class CourseDocument(MaterialDocument):
    """A CoursePage in `<prefix>courses`."""

    kind_name = "course"


DOCUMENTS = {"lesson": LessonDocument, "course": CourseDocument}


def alias_name(kind):
    return f"{conf.index_prefix()}{kind}s"


def new_index_name(kind):
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    return f"{alias_name(kind)}-v{SCHEMA_VERSION}-{stamp}"


def _mapping():
    # to_dict() may share the DSL's own dicts: copy before anyone adds `_meta` to it.
    return copy.deepcopy(MaterialDocument._doc_type.mapping.to_dict())


def schema_hash():
    """Hash of everything that makes an index incompatible: mapping, analysis, shards."""
    schema = {"mapping": _mapping(), "analysis": ANALYSIS, "shards": 1, "v": SCHEMA_VERSION}
    return hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()[:16]


def index_body(bulk_load=False):
    """Settings and mappings for a new index; `bulk_load` turns refresh off while filling."""
    mappings = _mapping()
    mappings["_meta"] = {"schema_version": SCHEMA_VERSION, "schema_hash": schema_hash()}
    index_settings = {
        "number_of_shards": 1,
        "number_of_replicas": conf.replicas(),
        "refresh_interval": "-1" if bulk_load else "1s",
        # While a rebuild fills a new index, fsync the translog in the background, not per
        # bulk request; the index only becomes live (alias swap) after a refresh and a count.
        "translog": {"durability": "async" if bulk_load else "request"},
        "analysis": ANALYSIS,
    }
    return {"settings": index_settings, "mappings": mappings}


_lock = threading.Lock()
_configured = {"key": None}


def get_client():
    """The one configured client (elasticsearch.dsl connection "default").

    User-facing calls use its short timeout and no retries (a slow server must not hold a
    request); bulk work derives a patient copy with `indexing_client()`.
    """
    url = conf.elasticsearch_url()
    if not url:
        raise RuntimeError("ELASTICSEARCH_URL is not set")
    key = (url, conf.request_timeout())
    with _lock:
        if _configured["key"] != key:
            connections.create_connection(
                alias="default",
                hosts=[url],
                request_timeout=key[1],
                retry_on_timeout=False,
                max_retries=0,
            )
            _configured["key"] = key
    return connections.get_connection("default")


def indexing_client(timeout=60):
    """The same connection with a long timeout and transport retries, for bulk work."""
    return get_client().options(request_timeout=timeout, max_retries=3, retry_on_timeout=True)
