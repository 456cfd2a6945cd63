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


def test_editors_turn_a_failed_query_into_a_synonym(editor, client):
    from search.models import SearchQueryLog

    log = SearchQueryLog.objects.create(
        day="2026-11-28", text="may vi tinh", outcome="zero", count=7
    )
    SearchQueryLog.objects.create(day="2026-11-28", text="hiem gap", outcome="zero", count=1)
    client.force_login(editor)
    page = client.get(reverse("search_query_log:index")).content.decode()
    assert page.index("may vi tinh") < page.index("hiem gap")  # most frequent first
    url = reverse("search_query_log:add_synonym", args=[log.pk])
    assert f'action="{url}"' in page
    response = client.post(url, {"meaning": "máy tính"})
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(terms="may vi tinh, máy tính").exists()
    client.post(url, {"meaning": "máy tính"})  # twice: refused, not duplicated
    assert SearchSynonym.objects.filter(terms__startswith="may vi tinh").count() == 1


def test_teachers_may_not_see_failed_queries_nor_add_synonyms(teacher_a, client):
    from search.models import SearchQueryLog

    log = SearchQueryLog.objects.create(day="2026-11-28", text="gdtc", outcome="zero", count=2)
    client.force_login(teacher_a)
    assert not teacher_a.has_perm("search.change_searchsynonym")
    index = client.get(reverse("search_query_log:index"))
    assert index.status_code in (302, 403)
    assert "gdtc" not in index.content.decode()
    response = client.post(
        reverse("search_query_log:add_synonym", args=[log.pk]), {"meaning": "giáo dục"}
    )
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard.
    assert response.status_code in (302, 403)
    assert response.get("Location") != reverse("search_query_log:index")
    assert not SearchSynonym.objects.filter(terms__startswith="gdtc").exists()
    assert "tu-khoa-tim-kiem" not in client.get(reverse("wagtailadmin_home")).content.decode()
