"""Index health and synonyms in the Wagtail admin, database backend only."""

from django.urls import reverse

import pytest

from content_models.models.workflow import EDITORS_GROUP
from search.health import change_warning, index_health
from search.models import IndexState, OutboxEntry, SearchSynonym

pytestmark = pytest.mark.django_db


def test_editors_may_edit_synonyms(editor, client):
    assert editor.groups.filter(name=EDITORS_GROUP).exists()
    assert editor.has_perm("search.change_searchsynonym")
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_search_searchsynonym:list"))
    assert response.status_code == 200
    assert "THPT, trung học phổ thông" in response.content.decode()


def test_teachers_do_not_see_the_health_panel(teacher_a, editor, client, make_lesson):
    make_lesson("Bài chờ lập chỉ mục")  # drained by nobody: one pending row
    client.force_login(teacher_a)
    assert "data-search-pending" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-search-pending="1"' in page
    assert "Tình trạng chỉ mục tìm kiếm" in page


def test_health_reports_errors_per_page(make_lesson, drain):
    lesson = make_lesson("Bài lỗi")
    row = OutboxEntry.objects.get(page_id=lesson.pk)
    row.last_error = "database: disk I/O error"
    row.attempts = 2
    row.save()
    IndexState.objects.create(
        target="database", last_error="disk I/O error", last_error_at=row.created_at
    )
    health = index_health()
    assert health.pending == 1 and health.failing and not health.ok
    assert health.recent_errors[0]["page_id"] == lesson.pk
    assert "chưa cập nhật" in change_warning(lesson.pk)
    drain()
    assert change_warning(lesson.pk) is None
    assert index_health().pending == 0


def test_synonym_snippet_change_is_effective_at_once(make_lesson, drain):
    from search.service import get_search_service
    from search.types import SearchQuery

    make_lesson("Giáo dục thể chất")
    drain()
    assert get_search_service().search(SearchQuery(text="GDTC")).total == 0
    SearchSynonym.objects.create(terms="GDTC, giáo dục thể chất")
    assert get_search_service().search(SearchQuery(text="gdtc")).total == 1
