"""Queries compiled once per process (content_models/models/prepared.py): the same rows and
instances as the queryset they come from, compiled once per shape, and refused when the SQL
would not be the same for other values."""

from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, ReferenceIndex

import pytest

from content_models.models import LessonPage, ReuseRecord
from content_models.models.prepared import PreparedQuery
from content_models.models.querysets import in_order, page_view_page, published_links
from content_models.reuse_ledger import _REUSE_ROWS, _reuse_rows, reuse_credit
from tests.cms.test_page_queries import make_catalogue

pytestmark = pytest.mark.django_db


def public_fields(instance):
    return {name: value for name, value in vars(instance).items() if not name.startswith("_")}


@pytest.fixture
def catalogue(centre_a, taxonomy):
    catalogue = make_catalogue(centre_a, taxonomy)
    catalogue.add(3)
    return catalogue


@pytest.fixture
def compiles(monkeypatch):
    """How many times Django compiles a SELECT."""
    counted = {"n": 0}
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        counted["n"] += 1
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return counted


def test_page_view_page_reads_what_for_page_view_reads(catalogue):
    lesson = catalogue.lesson
    expected = LessonPage.objects.for_page_view().get(pk=lesson.pk)
    page = page_view_page(LessonPage, lesson.pk)
    assert type(page) is LessonPage
    assert public_fields(page) == public_fields(expected)
    # select_related rows and the annotations (view totals, terms, keywords)
    assert page.licence == expected.licence and page.centre.province == expected.centre.province
    assert page.keyword_data and page.level_data == expected.level_data
    with CaptureQueriesContext(connection) as queries:
        attachments = list(page.attachments.all())
        documents = [attachment.document.title for attachment in attachments]
    assert not queries.captured_queries  # prefetched, documents included
    assert [public_fields(a) for a in attachments] == [
        public_fields(a) for a in expected.attachments.all()
    ]
    assert documents and all(attachment.page is page for attachment in attachments)
    assert page_view_page(LessonPage, 10**9) is None


def test_a_page_view_is_compiled_once(catalogue, compiles):
    first, second = catalogue.lesson, catalogue.lessons[0]
    page_view_page(LessonPage, first.pk)
    compiled = compiles["n"]
    with CaptureQueriesContext(connection) as queries:
        page = page_view_page(LessonPage, second.pk)
    assert compiles["n"] == compiled  # the other lesson: the same SQL, new values
    assert len(queries.captured_queries) == 2  # the page, its attachments
    assert page.pk == second.pk and page.title == second.title


def test_runs_of_values_compile_once_per_length(catalogue, compiles):
    ids = [lesson.pk for lesson in catalogue.lessons]
    assert [p.pk for p in in_order(published_links, LessonPage, ids[::-1])] == ids[::-1]
    compiled = compiles["n"]
    assert [p.pk for p in in_order(published_links, LessonPage, ids)] == ids
    assert [p.title for p in in_order(published_links, LessonPage, [ids[1], ids[0], 10**9])] == [
        catalogue.lessons[1].title,
        catalogue.lessons[0].title,
    ]
    assert compiles["n"] == compiled + 0  # three ids each time
    assert [p.pk for p in in_order(published_links, LessonPage, ids[:2])] == ids[:2]
    assert compiles["n"] > compiled  # two ids: another shape
    assert in_order(published_links, LessonPage, []) == []


def test_values_rows_and_none_as_a_shape(catalogue, centre_b):
    source = catalogue.lesson
    derivative = catalogue.lessons[0]
    ReuseRecord.objects.update_or_create(
        derivative=derivative,
        defaults={"source": source, "reusing_centre": centre_b, "published_on": date.today()},
    )
    credit = reuse_credit(source)
    assert credit["reuses"] == 1 and credit["centres"] == 1
    assert credit["links"] == [
        {"page_id": derivative.pk, "title": derivative.title, "centre": centre_b.name}
    ]
    assert _REUSE_ROWS.run(source.pk, source.centre_id) == list(
        _reuse_rows(source.pk, source.centre_id)
    )
    # Without a centre, `exclude(reusing_centre_id=None)` is another statement: every reuse
    # by a centre counts (the three other derivatives are centre A's).
    rows = _REUSE_ROWS.run(source.pk, None)
    assert rows == list(_reuse_rows(source.pk, None))
    assert len(rows) == 3 and len(_REUSE_ROWS._compiled) == 2


def test_a_value_that_reaches_the_sql_changed_is_refused(db):
    # The reference index keeps ids as text: a number given becomes "15000".
    query = PreparedQuery(lambda pk: ReferenceIndex.objects.filter(to_object_id=pk))
    with pytest.raises(ImproperlyConfigured, match="changed"):
        query.run(1)


def test_a_string_inside_a_pattern_is_replaced_at_each_run(catalogue):
    below = PreparedQuery(lambda path: Page.objects.filter(path__startswith=path).values("pk"))
    library = catalogue.centre.library_page
    expected = set(
        Page.objects.descendant_of(library, inclusive=True).values_list("pk", flat=True)
    )
    assert {row["pk"] for row in below.run(library.path)} == expected
    assert {row["pk"] for row in below.run(library.path[:4])} > expected
    with pytest.raises(ValueError, match="letters and digits"):
        below.run(library.path[:4] + "%")


def test_sql_that_depends_on_the_values_is_refused(db):
    def build(pk):  # a different statement for larger numbers
        pages = Page.objects.filter(pk=pk)
        return pages.filter(depth__gt=1) if pk > 18_000 else pages

    with pytest.raises(ImproperlyConfigured, match="SQL changes"):
        PreparedQuery(build).run(1)


def test_a_value_left_out_of_the_sql_is_refused(db):
    query = PreparedQuery(lambda pk: Page.objects.all())
    with pytest.raises(ImproperlyConfigured, match="never reaches"):
        query.run(1)


def test_values_are_numbers_or_strings_and_an_empty_run_finds_nothing(db):
    query = PreparedQuery(lambda ids: Page.objects.filter(pk__in=ids))
    assert query.run(()) == []
    root = Page.objects.order_by("path").first()
    assert [page.pk for page in query.run((root.pk,))] == [root.pk]
    with pytest.raises(ImproperlyConfigured, match="numbers or strings"):
        PreparedQuery(lambda live: Page.objects.filter(live=live)).run(True)
