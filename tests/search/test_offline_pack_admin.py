"""The admin screen of an offline pack of a search result (search/offline_admin.py): estimate
first, build in the background, recorded and listed with the other packs, marked stale when a
lesson in it changes; a teacher's search is held to their own centre."""

import io
import zipfile

from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from content_models.models import LessonPage
from content_models.models.offline_packs import OfflinePack, PackStatus

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem"
URL = "/admin/goi-ngoai-tuyen/tim-kiem/"


def logged_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def post(client, action, q="", filters="", pack_format="zip"):
    return client.post(URL, {"q": q, "filters": filters, "format": pack_format, action: "1"})


def test_editor_estimates_builds_lists_and_downloads_a_search_pack(
    client, editor, indexed_pack_content, django_capture_on_commit_callbacks
):
    _collection, _course, lessons = indexed_pack_content
    logged_in(client, editor)
    assert URL.encode() in client.get(reverse("offline_packs_admin:index")).content
    assert client.get(URL).status_code == 200

    response = post(client, "estimate", q="quang hop")
    text = response.content.decode().replace("\xa0", " ")
    assert "Kết quả tìm kiếm: quang hop" in text and "1 bài học, khoảng" in text
    assert not OfflinePack.objects.exists()  # an estimate builds nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "build", q="quang hop")
    assert response.status_code == 302
    pack = OfflinePack.objects.get()
    assert pack.status == PackStatus.READY and pack.source_page is None
    assert pack.search_query == "q=quang+hop" and pack.centre is None
    assert list(pack.lessons.values_list("pk", flat=True)) == [lessons[1].pk]

    listing = client.get(reverse("offline_packs_admin:index")).content.decode()
    assert "Kết quả tìm kiếm: quang hop" in listing and "Sẵn sàng" in listing
    response = client.get(reverse("offline_packs_admin:download", args=[pack.pk]))
    assert 'filename="tim-kiem.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert [name for name in archive.namelist() if name.startswith("lessons/")]
    # Not a public download: only collection and course packs are offered to learners.
    assert client.get(reverse("public:offline_pack", args=[pack.pk])).status_code == 404

    # Asking again for the same content reuses it; an edited lesson marks it stale.
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "build", q="quang hop")
    assert OfflinePack.objects.get().pk == pack.pk
    lesson = LessonPage.objects.get(pk=lessons[1].pk)
    lesson.summary = "Tóm tắt đã sửa."
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()
    pack.refresh_from_db()
    assert pack.status == PackStatus.STALE and not pack.file
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "build", q="quang hop")
    rebuilt = OfflinePack.objects.get()  # the stale row is replaced by the new build
    assert rebuilt.status == PackStatus.READY and rebuilt.pk != pack.pk


def test_bad_filters_and_empty_results_are_refused_in_the_form(
    client, editor, indexed_pack_content
):
    logged_in(client, editor)
    for filters, message in (("nope=1", "Không có bộ lọc"), ("grade", "tên=giá trị")):
        response = post(client, "estimate", filters=filters)
        assert message in response.content.decode()
    response = post(client, "build", q="đạo hàm", filters="grade=12")
    assert "không thấy bài học" in response.content.decode()
    assert not OfflinePack.objects.exists()


def test_a_teachers_search_pack_is_held_to_their_centre(
    client, teacher_a, teacher_b, editor, centre_a, centre_b, indexed_pack_content,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    logged_in(client, teacher_a)
    response = post(client, "build", filters=f"centre={centre_b.slug}")
    assert "trung tâm mình" in response.content.decode()
    assert not OfflinePack.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, "build").status_code == 302
    pack = OfflinePack.objects.get()
    assert pack.status == PackStatus.READY and pack.lesson_count == 3
    assert pack.centre == centre_a and f"centre={centre_a.slug}" in pack.search_query

    download = reverse("offline_packs_admin:download", args=[pack.pk])
    assert client.get(download).status_code == 200
    client.logout()
    logged_in(client, teacher_b)
    assert (
        "Kết quả tìm kiếm" not in client.get(reverse("offline_packs_admin:index")).content.decode()
    )
    assert client.get(download).status_code == 404
    client.logout()
    assert logged_in(client, editor).get(download).status_code == 200


def test_a_search_that_no_longer_fits_fails_its_job_with_the_reason(
    client, editor, indexed_pack_content, settings, django_capture_on_commit_callbacks
):
    logged_in(client, editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client, "build")
    assert OfflinePack.objects.get().status == PackStatus.BUILDING
    settings.HLM_OFFLINE_PACK_MAX_LESSONS = 2  # by the time the job runs, the cap is lower
    for callback in callbacks:
        callback()
    pack = OfflinePack.objects.get()
    assert pack.status == PackStatus.FAILED and "vượt giới hạn" in pack.error
    assert pack.error in client.get(reverse("offline_packs_admin:index")).content.decode()


def test_an_admin_in_english_gets_the_same_one_pack_in_vietnamese(
    client, editor, indexed_pack_content, django_capture_on_commit_callbacks
):
    """The pack's title and pages are in the site's language whatever the admin speaks, and
    the row the screen records is the one the job fills (not a second one)."""
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    logged_in(client, editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "build", q="quang hop")
    assert response.status_code == 302
    pack = OfflinePack.objects.get()
    assert pack.status == PackStatus.READY
    assert pack.title == "Kết quả tìm kiếm: quang hop"
