"""Fixtures for search tests: lessons published the real way, the real Elasticsearch server.

* Tests without the `search` marker run against the database backend only: ELASTICSEARCH_URL
  is blanked for them, whatever the environment says.
* `@pytest.mark.search` tests need ELASTICSEARCH_URL (the CI exports it); without it they are
  skipped. The `es` fixture gives each test a throwaway index prefix
  (`hlmtest-<session>-<n>-`), creates the indices and deletes them afterwards.
* `catalogue` publishes one of the catalogues of tests/search/catalogue.py: the backend one
  unless the module overrides `catalogue_lessons`; `es_catalogue` does the same after `es`.
  A module with `CATALOGUE_SCOPE = "module"` publishes it once for all its tests
  (`CATALOGUE_LESSONS` names the set; tests/module_data.py, docs/testing.md).
* `indexed_pack_content` is the offline pack tests' content (three lessons, a course, a
  collection), published with its on-commit work run so the lessons are in the search table.
"""

import itertools
import os
import uuid

from django.conf import settings
from django.test import override_settings

import pytest
from elasticsearch import Elasticsearch

from content_models.models import (
    Grade,
    Licence,
    ProgrammeLevel,
    ResourceType,
    Subject,
    ensure_site_structure,
)
from search.backends.elasticsearch import index as es_index
from search.documents import alias_name, get_client
from search.indexer import drain as run_drain
from search.maintenance import elasticsearch_ids
from search.outbox import enqueue_ids
from tests.conftest import make_centre_a, restore_migration_data
from tests.content_models.offline_content import pack_content
from tests.factories.pages import CoursePageFactory, LessonPageFactory
from tests.module_data import module_catalogue
from tests.search.catalogue import BACKEND_CATALOGUE, publish_catalogue
from tests.search.state import reset_search_state

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
SESSION = uuid.uuid4().hex[:8]
_counter = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def _remove_session_indices():
    """Whatever a failed test left behind under this session's prefix goes at the end."""
    yield
    if ES_URL:
        client = Elasticsearch(ES_URL, request_timeout=30)
        names = list(client.indices.get(index=f"hlmtest-{SESSION}-*").body)
        if names:
            client.indices.delete(index=",".join(names), ignore_unavailable=True)
        client.close()


@pytest.fixture(autouse=True)
def _search_environment(request, settings):
    if request.node.get_closest_marker("search"):
        if not ES_URL:
            pytest.skip("ELASTICSEARCH_URL is not set (the CI sets it)")
        settings.ELASTICSEARCH_URL = ES_URL
    else:
        settings.ELASTICSEARCH_URL = ""
    yield
    reset_search_state()


class EsHelper:
    """The test's own indices on the real server, plus shortcuts."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.client = get_client()

    def create(self):
        es_index.invalidate_check()
        return es_index.ready_indices(self.client, create_missing=True)

    def refresh(self):
        self.client.indices.refresh(index=f"{self.prefix}*")

    def ids(self):
        self.refresh()
        return elasticsearch_ids(self.client)

    def source(self, page_id, kind="lesson"):
        return self.client.get(index=alias_name(kind), id=str(page_id)).body

    def delete_all(self):
        """Wildcard deletes are refused (action.destructive_requires_name): name each one."""
        names = list(self.client.indices.get(index=f"{self.prefix}*").body)
        if names:
            self.client.indices.delete(index=",".join(names), ignore_unavailable=True)


@pytest.fixture
def es(settings):
    prefix = f"hlmtest-{SESSION}-{next(_counter)}-"
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    helper = EsHelper(prefix)
    helper.create()
    yield helper
    helper.delete_all()


@pytest.fixture
def drain():
    """Drain everything now (what `search_index drain` does) and refresh the indices."""

    def _drain(**kwargs):
        kwargs.setdefault("force", True)
        report = run_drain(**kwargs)
        if settings.ELASTICSEARCH_URL:
            get_client().indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}*")
        return report

    return _drain


def terms(model, *names):
    return list(model.objects.filter(name__in=names))


def publish_lesson(centre, title, summary="Tài liệu học tập cho học viên.", publish=True, **kw):
    """A lesson of `centre` published through a revision (so Wagtail's signals fire)."""
    subjects = kw.pop("subjects", [])
    levels = kw.pop("levels", [])
    grades = kw.pop("grades", [])
    licence = kw.pop("licence", "CC BY 4.0")
    resource_type = kw.pop("resource_type", None)
    lesson = LessonPageFactory(
        parent=centre.library_page,
        title=title,
        summary=summary,
        licence=Licence.objects.get(name=licence),
        resource_type=ResourceType.objects.get(name=resource_type) if resource_type else None,
        live=False,
        **kw,
    )
    lesson.subjects.set(terms(Subject, *subjects))
    lesson.programme_levels.set(terms(ProgrammeLevel, *levels))
    lesson.grades.set(list(Grade.objects.filter(number__in=grades)))
    revision = lesson.save_revision()
    if publish:
        revision.publish()
    lesson.refresh_from_db()
    return lesson


@pytest.fixture
def make_lesson(centre_a):
    """make_lesson(title, summary=..., subjects=[...], levels=[...], grades=[...], ...):
    a lesson published through a revision (so Wagtail's signals fire)."""

    def _make(title, summary="Tài liệu học tập cho học viên.", publish=True, centre=None, **kw):
        return publish_lesson(centre or centre_a, title, summary, publish, **kw)

    return _make


@pytest.fixture
def make_course(centre_a):
    def _make(title, summary="Học phần gồm nhiều bài học.", **kw):
        course = CoursePageFactory(
            parent=centre_a.library_page, title=title, summary=summary, live=False, **kw
        )
        course.save_revision().publish()
        course.refresh_from_db()
        return course

    return _make


@pytest.fixture
def catalogue_lessons():
    """Keys of the lessons `catalogue` publishes; a module overrides it to pick another set."""
    return BACKEND_CATALOGUE


@pytest.fixture
def catalogue(request, catalogue_lessons, make_lesson, drain, _module_catalogue):
    """{key: lesson}: the catalogue's lessons, published and drained.

    In a module that sets `CATALOGUE_SCOPE = "module"` the lessons were published once, before
    the module's first test (`_module_catalogue`); each test gets them fetched afresh, and a
    `search` test gets them indexed into its own Elasticsearch indices by the outbox and the
    indexer, as a publish would.
    """
    shared = _module_catalogue
    if shared is None or not shared.serves(request.node):
        return publish_catalogue(catalogue_lessons, make_lesson, drain)
    lessons = shared.objects()
    assert tuple(lessons) == tuple(catalogue_lessons), "CATALOGUE_LESSONS differs"
    if request.node.get_closest_marker("search"):
        request.getfixturevalue("es")
        enqueue_ids([lesson.pk for lesson in lessons.values()], drain=False)
        drain()
    return lessons


def _build_module_catalogue(keys):
    """The catalogue published on the database backend only; a `search` test indexes it."""
    with override_settings(ELASTICSEARCH_URL=""):
        try:
            restore_migration_data()
            ensure_site_structure()
            centre = make_centre_a()
            return publish_catalogue(
                keys, lambda *a, **kw: publish_lesson(centre, *a, **kw), run_drain
            )
        finally:
            reset_search_state()


@pytest.fixture(scope="module", autouse=True)
def _module_catalogue(request):
    """A module with `CATALOGUE_SCOPE = "module"` publishes its catalogue once (see
    tests/module_data.py): it was the largest setup cost of the search tests, paid again by
    every test and parametrized case (docs/testing.md)."""
    keys = tuple(getattr(request.module, "CATALOGUE_LESSONS", BACKEND_CATALOGUE))
    yield from module_catalogue(request, lambda: _build_module_catalogue(keys), reset_search_state)


@pytest.fixture
def es_catalogue(es, catalogue):
    """The same catalogue, written to this test's own Elasticsearch indices too."""
    return catalogue


@pytest.fixture
def indexed_pack_content(site_tree, centre_a, django_capture_on_commit_callbacks):
    """(collection, course, lessons) of `pack_content`, searchable through the database
    backend: publishing's on-commit callbacks run, so the lessons reach the table."""
    _home, library = site_tree
    with django_capture_on_commit_callbacks(execute=True):
        return pack_content(centre_a, library)
