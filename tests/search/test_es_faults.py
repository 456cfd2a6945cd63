"""Rows 8, 9 and 15–20 of docs/faults.md against the real Elasticsearch server.

Network faults come from the real server itself (stopped with `.ci/elasticsearch.sh`) or from
a real HTTP proxy in front of it (es_proxy.py): the client code under test is never replaced.
"""

import logging
import os
import shlex
import subprocess
import threading
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.urls import reverse

import pytest

from content_models.models import LessonPage
from search import indexer, maintenance
from search.backends.elasticsearch import index as es_index
from search.backends.elasticsearch.backend import ElasticsearchBackend
from search.benchmark_data import generate_lessons
from search.documents import index_body
from search.models import IndexState, OutboxEntry
from search.outbox import enqueue_ids
from search.service import get_search_service
from search.types import SearchQuery
from tests.content_models.admin_forms import lesson_form_data
from tests.search.es_proxy import EsProxy

pytestmark = pytest.mark.search

REPO = Path(__file__).resolve().parents[2]
ES_CONTROL = os.environ.get("ES_CONTROL") or f"bash {REPO / '.ci' / 'elasticsearch.sh'}"


def es_control(action):
    subprocess.run(
        [*shlex.split(ES_CONTROL), action], check=True, timeout=300, capture_output=True
    )


def overflow_duration(lesson):
    """Store a duration Elasticsearch's `integer` rejects (SQLite keeps 64-bit integers)."""
    if connection.vendor != "sqlite":
        pytest.skip("needs a value the database accepts but Elasticsearch rejects")
    LessonPage.objects.filter(pk=lesson.pk).update(duration_minutes=3_000_000_000)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_row_8_publish_with_elasticsearch_stopped(es, make_lesson, client, admin_user):
    """Stop the real server, publish through the admin, see the warning and the pending row;
    start it, drain, and find zero drift."""
    lesson = make_lesson("Đạo hàm khi máy chủ dừng", publish=False)
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    data = lesson_form_data("Đạo hàm khi máy chủ dừng", lesson.slug)
    data["action-publish"] = "action-publish"
    es_control("stop")
    try:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert LessonPage.objects.get(pk=lesson.pk).live  # the commit succeeded
        messages = [str(m) for m in response.context["messages"]]
        assert any("chỉ mục tìm kiếm chưa cập nhật" in m for m in messages), messages
        row = OutboxEntry.objects.get(page_id=lesson.pk, done_at__isnull=True)
        assert row.pending_es and not row.pending_db and row.last_error
        assert IndexState.objects.get(target="elasticsearch").failing
        # Row 9 with the server stopped: the database answers at once, marked degraded.
        started = time.monotonic()
        results = get_search_service().search(SearchQuery(text="dao ham"))
        assert time.monotonic() - started < 2
        assert results.degraded and results.backend == "database"
        assert [h.page_id for h in results.hits] == [lesson.pk]
        home = client.get(reverse("wagtailadmin_home"))
        assert 'data-search-pending="1"' in home.content.decode()
    finally:
        es_control("start")
    call_command("search_index", "drain")
    assert not OutboxEntry.objects.filter(done_at__isnull=True).exists()
    drift = maintenance.drift()
    assert drift["elasticsearch"] == {"missing": [], "extra": []}
    assert es.ids() == {lesson.pk}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_row_8_control_publish_with_elasticsearch_up_shows_no_warning(
    es, make_lesson, client, admin_user
):
    lesson = make_lesson("Phân số khi máy chủ chạy", publish=False)
    client.force_login(admin_user)
    data = lesson_form_data("Phân số khi máy chủ chạy", lesson.slug)
    data["action-publish"] = "action-publish"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert not any("chỉ mục tìm kiếm" in m for m in messages), messages
    assert not OutboxEntry.objects.filter(done_at__isnull=True).exists()
    assert es.ids() == {lesson.pk}


@pytest.mark.django_db
def test_row_9_slow_elasticsearch_falls_back_within_the_timeout(es, catalogue, settings, drain):
    settings.ELASTICSEARCH_TIMEOUT = 1
    with EsProxy(settings.ELASTICSEARCH_URL) as proxy:
        settings.ELASTICSEARCH_URL = proxy.url
        proxy.delay = 5
        started = time.monotonic()
        results = get_search_service().search(SearchQuery(text="phan so"))
        elapsed = time.monotonic() - started
        assert results.degraded and results.backend == "database"
        assert results.messages[0].startswith("Tìm kiếm đang bị giới hạn")
        assert [h.title for h in results.hits] == ["Phân số"]
        assert elapsed < 2.5, elapsed
        started = time.monotonic()  # the breaker is open: no second wait
        assert get_search_service().search(SearchQuery(text="phan so")).degraded
        assert time.monotonic() - started < 0.5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_row_15_search_keeps_answering_during_a_rebuild(es, catalogue):
    backend = ElasticsearchBackend()
    backend.search(SearchQuery(text="toán"))  # warms the label and synonym caches
    old = es_index.concrete_indices(es.client, "lesson")
    generate_lessons(1500, centres=2, tag="row15")
    answers, errors, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(backend.search(SearchQuery(text="dao ham")).total)
            except Exception as exc:  # any failure during the rebuild is the bug
                errors.append(exc)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        report = maintenance.rebuild_elasticsearch(chunk_size=200)
    finally:
        stop.set()
        searcher.join()
    assert not errors and len(answers) > 5
    assert min(answers) >= 1  # "Đạo hàm và ứng dụng" is found before, during and after
    assert es_index.concrete_indices(es.client, "lesson") == [report.indices["lesson"]]
    assert old[0] not in es.client.indices.get(index=f"{es.prefix}*").body
    assert report.documents == LessonPage.objects.live().count()


@pytest.mark.django_db
def test_row_15_failed_rebuild_leaves_the_old_index_serving(es, catalogue):
    old = es_index.concrete_indices(es.client, "lesson")
    overflow_duration(catalogue["fractions"])
    with pytest.raises(maintenance.RebuildFailed):
        maintenance.rebuild_elasticsearch()
    assert es_index.concrete_indices(es.client, "lesson") == old
    assert set(es.client.indices.get(index=f"{es.prefix}lessons*").body) == set(old)
    assert ElasticsearchBackend().search(SearchQuery(text="phan so")).total == 1


@pytest.mark.django_db
def test_row_16_one_rejected_document_of_500(es, caplog, drain):
    ids = generate_lessons(500, centres=2, tag="row16")
    bad = LessonPage.objects.get(pk=ids[137])
    overflow_duration(bad)
    OutboxEntry.objects.all().delete()
    enqueue_ids(ids, drain=False)
    with caplog.at_level(logging.ERROR, logger="hlm.search"):
        report = drain(batch_size=500)
    assert report.es_indexed == 499 and report.es_failed == 1
    assert es.ids() == set(ids) - {bad.pk}
    assert str(bad.pk) in caplog.text and "3000000000" in caplog.text
    row = OutboxEntry.objects.get(page_id=bad.pk)
    assert row.done_at is None and row.pending_es and not row.pending_db
    assert row.attempts == 1 and "out of range of int" in row.last_error
    assert OutboxEntry.objects.filter(done_at__isnull=True).count() == 1
    assert IndexState.objects.get(target="elasticsearch").failing
    LessonPage.objects.filter(pk=bad.pk).update(duration_minutes=45)  # fixed by an editor
    drain()
    assert es.ids() == set(ids)


@pytest.mark.django_db
def test_row_17_429_during_reindex_is_retried_without_loss(es, settings):
    ids = generate_lessons(600, centres=2, tag="row17")
    with EsProxy(settings.ELASTICSEARCH_URL) as proxy:
        settings.ELASTICSEARCH_URL = proxy.url
        proxy.reject_bulk = 3
        report = maintenance.rebuild_elasticsearch(chunk_size=200)
        assert proxy.rejected == 3 and proxy.bulk_requests >= 3 + 3
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    assert report.documents == 600
    assert es.ids() == set(ids) == set(LessonPage.objects.live().values_list("pk", flat=True))


@pytest.mark.django_db
def test_row_17_429_during_drain_is_retried(es, settings, drain):
    ids = generate_lessons(50, centres=1, tag="row17d")
    enqueue_ids(ids, drain=False)
    with EsProxy(settings.ELASTICSEARCH_URL) as proxy:
        settings.ELASTICSEARCH_URL = proxy.url
        proxy.reject_bulk = 2
        report = indexer.drain(force=True)
        assert proxy.rejected == 2
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    assert report.es_indexed == 50 and report.es_failed == 0
    assert es.ids() == set(ids)


@pytest.mark.django_db
def test_row_18_out_of_order_writes_and_delete_in_flight(es, make_lesson, drain):
    from search.serializers import load_documents

    lesson = make_lesson("Bản mới nhất")
    newest = load_documents([lesson.pk])
    stale = {lesson.pk: dict(newest[lesson.pk], title="Bản cũ")}
    version = indexer.snapshot_version()  # versions are outbox row ids
    es_index.send(newest, {lesson.pk: version})
    ok, failed = es_index.send(stale, {lesson.pk: version - 1})  # late: refused, not an error
    assert ok == [lesson.pk] and not failed
    assert es.source(lesson.pk)["_source"]["title"] == "Bản mới nhất"
    # Saved twice and deleted while its index job is pending: the delete wins.
    lesson.title = "Bản sửa"
    lesson.save_revision().publish()
    LessonPage.objects.get(pk=lesson.pk).delete()
    assert OutboxEntry.objects.filter(page_id=lesson.pk, done_at__isnull=True).count() >= 3
    drain()
    assert lesson.pk not in es.ids()
    assert not OutboxEntry.objects.filter(done_at__isnull=True).exists()


@pytest.mark.django_db
def test_row_19_mapping_change_detected_and_never_written(es, make_lesson, drain, capsys):
    # An index made by an older deployment: another mapping, behind the alias.
    body = index_body()
    body["mappings"]["_meta"]["schema_hash"] = "0ld0ld0ld0ld0ld0"
    del body["mappings"]["properties"]["tags_folded"]
    old = f"{es.prefix}lessons-v0-old"
    es.client.indices.create(index=old, **body)
    es_index.swap_aliases(es.client, {"lesson": old})
    from search.checks import elasticsearch_checks

    errors = [e for e in elasticsearch_checks() if e.id == "search.E002"]
    assert errors and "rebuild" in errors[0].hint and old in errors[0].msg
    lesson = make_lesson("Bài sau khi đổi lược đồ")
    report = drain()
    assert report.es_indexed == 0
    row = OutboxEntry.objects.get(page_id=lesson.pk)
    assert row.pending_es and "rebuild" in row.last_error
    assert es.client.count(index=old).body["count"] == 0  # nothing written to the wrong mapping
    call_command("search_index", "status")
    assert "search_index rebuild" in capsys.readouterr().out
    call_command("search_index", "rebuild", "--target", "elasticsearch")
    assert elasticsearch_checks() == []
    drain()
    assert es.ids() == {lesson.pk}


@pytest.mark.django_db
def test_row_20_major_version_mismatch_is_reported_clearly(es):
    server = es_index.check_compatibility()
    assert server.startswith("8.")
    with pytest.raises(es_index.ServerIncompatible) as failure:
        es_index.check_compatibility(client_version=(9, 1, 0))
    message = str(failure.value)
    assert "9.1.0" in message and server in message and "elasticsearch==8.*" in message
