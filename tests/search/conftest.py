"""Fixtures for search tests: lessons published the real way, the real Elasticsearch server.

* Tests without the `search` marker run against the database backend only: ELASTICSEARCH_URL
  is blanked for them, whatever the environment says.
* `@pytest.mark.search` tests need ELASTICSEARCH_URL (the CI exports it); without it they are
  skipped. The `es` fixture gives each test a throwaway index prefix
  (`hlmtest-<session>-<n>-`), creates the indices and deletes them afterwards.
"""

import itertools
import os
import uuid

import pytest

from content_models.models import Grade, Licence, ProgrammeLevel, ResourceType, Subject
from tests.factories.pages import CoursePageFactory, LessonPageFactory

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
SESSION = uuid.uuid4().hex[:8]
_counter = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def _remove_session_indices():
    """Whatever a failed test left behind under this session's prefix goes at the end."""
    yield
    if ES_URL:
        from elasticsearch import Elasticsearch

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
    from search import es_index, facets, synonyms
    from search.backends import elastic
    from search.service import breaker

    breaker.reset()
    es_index.invalidate_check()
    elastic._verified["ok"] = False
    facets.invalidate()
    synonyms.invalidate()


class EsHelper:
    """The test's own indices on the real server, plus shortcuts."""

    def __init__(self, prefix):
        from search.documents import get_client

        self.prefix = prefix
        self.client = get_client()

    def create(self):
        from search import es_index

        es_index.invalidate_check()
        return es_index.ready_indices(self.client, create_missing=True)

    def refresh(self):
        self.client.indices.refresh(index=f"{self.prefix}*")

    def ids(self):
        from search.maintenance import elasticsearch_ids

        self.refresh()
        return elasticsearch_ids(self.client)

    def source(self, page_id, kind="lesson"):
        from search.documents import alias_name

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
    from search.indexer import drain as run

    def _drain(**kwargs):
        kwargs.setdefault("force", True)
        report = run(**kwargs)
        from django.conf import settings

        if settings.ELASTICSEARCH_URL:
            from search.documents import get_client

            get_client().indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}*")
        return report

    return _drain


def terms(model, *names):
    return list(model.objects.filter(name__in=names))


@pytest.fixture
def make_lesson(centre_a):
    """make_lesson(title, summary=..., subjects=[...], levels=[...], grades=[...], ...):
    a lesson published through a revision (so Wagtail's signals fire)."""

    def _make(title, summary="Tài liệu học tập cho học viên.", publish=True, centre=None, **kw):
        centre = centre or centre_a
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
def catalogue(make_lesson, drain):
    """Six published lessons across subjects, levels, grades and licences, drained."""
    lessons = {
        "quadratic": make_lesson(
            "Phương trình bậc hai",
            "Giải phương trình bậc hai một ẩn.",
            subjects=["Toán"],
            levels=["Chương trình GDTX cấp THPT"],
            grades=[10],
        ),
        "derivative": make_lesson(
            "Đạo hàm và ứng dụng",
            "Khái niệm đạo hàm, quy tắc tính đạo hàm.",
            subjects=["Toán"],
            levels=["Chương trình GDTX cấp THPT"],
            grades=[11],
        ),
        "fractions": make_lesson(
            "Phân số",
            "Cộng trừ phân số cho lớp xóa mù chữ.",
            subjects=["Toán"],
            levels=["Xóa mù chữ giai đoạn 2"],
            grades=[5],
        ),
        "peace": make_lesson(
            "Hòa bình và hợp tác",
            "Lịch sử thế giới sau chiến tranh.",
            subjects=["Lịch sử"],
            levels=["Chương trình GDTX cấp THPT"],
            grades=[12],
        ),
        "flowers": make_lesson(
            "Hoa và cây cảnh",
            "Kỹ thuật trồng hoa cho nông dân.",
            subjects=["Nông nghiệp và chuyển giao công nghệ"],
            levels=["Tư vấn hướng nghiệp và nghề phổ thông"],
            licence="CC BY-ND 4.0",
        ),
        "english": make_lesson(
            "Tiếng Anh giao tiếp cơ bản",
            "Chào hỏi và giới thiệu bản thân.",
            subjects=["Tiếng Anh"],
            levels=["Chương trình GDTX cấp THCS"],
            grades=[6],
        ),
    }
    drain()
    return lessons
