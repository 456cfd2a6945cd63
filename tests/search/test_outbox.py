"""Sync that loses nothing: outbox rows written with the change, drained to the table."""

from django.db import transaction

from wagtail.models import PageViewRestriction

import pytest

from content_models.models import Centre, LessonPage, Subject
from search.backends.database import store as db_store
from search.models import OutboxEntry, SearchEntry
from search.serializers import load_documents

pytestmark = pytest.mark.django_db


def entry(page):
    return SearchEntry.objects.filter(page_id=page.pk).exclude(kind="").first()


def pending(page=None):
    qs = OutboxEntry.objects.filter(done_at__isnull=True)
    return qs.filter(page_id=page.pk) if page else qs


def test_publish_rolled_back_leaves_no_row(make_lesson):
    lesson = make_lesson("Phân số", publish=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        lesson.get_latest_revision().publish()
        assert pending(lesson).exists()
        raise RuntimeError("the publishing transaction fails")
    assert not OutboxEntry.objects.filter(page_id=lesson.pk).exists()
    assert not LessonPage.objects.get(pk=lesson.pk).live


def test_publish_is_indexed_after_commit(make_lesson, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lesson = make_lesson("Phương trình bậc hai")
    assert entry(lesson).data["title"] == "Phương trình bậc hai"
    row = OutboxEntry.objects.get(page_id=lesson.pk)
    assert row.done_at is not None and not row.pending_db and row.reason == "publish"


def test_one_drain_per_transaction(make_lesson, django_capture_on_commit_callbacks):
    lessons = [make_lesson(f"Bài {n}", publish=False) for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for lesson in lessons:
            lesson.get_latest_revision().publish()
    ours = [c for c in callbacks if c.__module__ == "search.outbox"]
    assert len(ours) == 1
    assert SearchEntry.objects.filter(page_id__in=[x.pk for x in lessons]).count() == 3


def test_a_drain_dropped_by_a_rollback_is_scheduled_again(
    make_lesson, django_capture_on_commit_callbacks
):
    """The drain scheduled inside a savepoint goes when the savepoint rolls back; the next
    change of the same transaction must schedule its own, not count on the dropped one."""
    dropped, kept = make_lesson("Bài hủy", publish=False), make_lesson("Bài giữ", publish=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            dropped.get_latest_revision().publish()
            raise RuntimeError("the savepoint is rolled back with its drain")
        kept.get_latest_revision().publish()
    assert len([c for c in callbacks if c.__module__ == "search.outbox"]) == 1
    assert entry(kept) is not None and not pending(kept).exists()
    assert entry(dropped) is None and not OutboxEntry.objects.filter(page_id=dropped.pk).exists()


def test_unpublish_delete_and_move(make_lesson, centre_b, drain):
    kept, hidden, deleted = (make_lesson(t) for t in ("Giữ lại", "Ẩn đi", "Xóa đi"))
    drain()
    hidden.unpublish()
    deleted_id = deleted.pk
    deleted.delete()
    kept.move(centre_b.library_page, pos="last-child")
    reasons = set(pending().values_list("reason", flat=True))
    assert reasons == {"unpublish", "delete", "move"}
    drain()
    assert entry(hidden) is None
    assert not SearchEntry.objects.filter(page_id=deleted_id).exclude(kind="").exists()
    moved = entry(kept).data
    assert moved["url"].startswith(centre_b.library_page.url)
    assert moved["centre_name"] == "Trung tâm GDTX tỉnh Lào Cai"  # its own centre field stays


def test_taxonomy_rename_reindexes_users(make_lesson, drain):
    lesson = make_lesson("Số học", subjects=["Toán"])
    drain()
    subject = Subject.objects.get(name="Toán")
    subject.name = "Toán học"
    subject.save()
    assert pending(lesson).filter(reason="taxonomy").exists()
    drain()
    assert entry(lesson).data["subject_names"] == ["Toán học"]
    assert "toan hoc" in entry(lesson).folded_body


def test_centre_and_province_renames_reach_lessons(make_lesson, centre_a, drain):
    lesson = make_lesson("Địa lí địa phương")
    drain()
    centre = Centre.objects.get(pk=centre_a.pk)
    centre.name = "Trung tâm GDNN-GDTX Lào Cai"
    centre.save()
    province = centre.province
    province.name = "Tỉnh Lào Cai"
    province.save()
    drain()
    data = entry(lesson).data
    assert data["centre_name"] == "Trung tâm GDNN-GDTX Lào Cai"
    assert data["province_name"] == "Tỉnh Lào Cai"


def test_deleting_a_term_drops_it_from_facets(make_lesson, drain):
    lesson = make_lesson("Kỹ năng số cơ bản", subjects=["Kỹ năng số", "Tin học"])
    drain()
    Subject.objects.get(name="Kỹ năng số").delete()
    drain()
    assert entry(lesson).data["subject_names"] == ["Tin học"]


def test_privacy_on_a_parent_hides_its_lessons(make_lesson, centre_a, drain):
    lesson = make_lesson("Bài nội bộ")
    drain()
    restriction = PageViewRestriction.objects.create(
        page=centre_a.library_page, restriction_type="login"
    )
    drain()
    assert entry(lesson) is None
    restriction.delete()
    drain()
    assert entry(lesson) is not None


def test_stale_version_never_overwrites_newer_state(make_lesson):
    """docs/faults.md row 18: whichever write arrives last, the newest version stays."""
    lesson = make_lesson("Phiên bản mới")
    new = load_documents([lesson.pk])
    old = {lesson.pk: dict(new[lesson.pk], title="Phiên bản cũ", title_folded="phien ban cu")}
    db_store.apply_documents(new, {lesson.pk: 20})
    db_store.apply_documents(old, {lesson.pk: 10})
    assert entry(lesson).data["title"] == "Phiên bản mới"
    db_store.apply_documents({lesson.pk: None}, {lesson.pk: 30})
    db_store.apply_documents(new, {lesson.pk: 25})
    assert entry(lesson) is None


def test_delete_while_index_job_in_flight_wins(make_lesson, drain):
    lesson = make_lesson("Sắp bị xóa")
    first_row = pending(lesson).get()
    LessonPage.objects.get(pk=lesson.pk).delete()
    # The drain only picks up the publish row (as if the delete row were not visible yet):
    # the page is re-read now, found gone, and deleted.
    drain(page_ids=[lesson.pk], batch_size=1, max_batches=1)
    first_row.refresh_from_db()
    assert first_row.done_at is not None
    assert entry(lesson) is None
    drain()
    assert not pending().exists()


def test_saved_twice_indexes_the_latest(make_lesson, drain):
    lesson = make_lesson("Lần một")
    lesson.title = "Lần hai"
    lesson.save_revision().publish()
    assert pending(lesson).count() == 2
    drain()
    assert entry(lesson).data["title"] == "Lần hai"
    assert entry(lesson).version == OutboxEntry.objects.filter(page_id=lesson.pk).latest("id").id


def test_reconcile_finds_and_fixes_drift(make_lesson, drain):
    from search.maintenance import drift, reconcile

    a, b = make_lesson("Bài A"), make_lesson("Bài B")
    drain()
    SearchEntry.objects.filter(page_id=a.pk).delete()  # lost write
    LessonPage.objects.filter(pk=b.pk).update(live=False)  # change that skipped the signals
    found = drift(include_elasticsearch=False)["database"]
    assert found == {"missing": [a.pk], "extra": [b.pk]}
    reconcile(include_elasticsearch=False)
    drain()
    assert drift(include_elasticsearch=False)["database"] == {"missing": [], "extra": []}
