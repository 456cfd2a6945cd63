"""Admin screens of offline packs: estimate first, build in the background, progress, download;
editors for anything, teachers for their own centre only (content_models/offline/
admin_views.py, permissions.py)."""

import io
import zipfile

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest

from content_models.models.offline_packs import OfflinePack, PackStatus
from content_models.offline.estimate import estimate
from content_models.offline.sources import lessons_of
from media.models import LightStatus
from tests.content_models.offline_content import pack_content

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def content(site_tree, centre_a):
    _home, library = site_tree
    return pack_content(centre_a, library)


def logged_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def source_options(client):
    response = client.get(reverse("offline_packs_admin:create"))
    assert response.status_code == 200
    return {page.pk for page in response.context["form"].fields["source"].queryset}


def post(client, source, action, pack_format="zip"):
    return client.post(
        reverse("offline_packs_admin:create"),
        {"source": source.pk, "format": pack_format, action: "1"},
    )


def test_editor_sees_the_estimate_then_builds_and_downloads(
    client, editor, content, centre_a, django_capture_on_commit_callbacks
):
    collection, course, _lessons = content
    logged_in(client, editor)
    assert {collection.pk, course.pk, centre_a.library_page.pk} <= source_options(client)

    response = post(client, collection, "estimate")
    assert response.status_code == 200
    text = response.content.decode().replace("\xa0", " ")
    assert "3 bài học, khoảng" in text
    assert 'name="build"' in text
    assert not OfflinePack.objects.exists()  # an estimate builds nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, collection, "build")
    assert response.status_code == 302
    assert response["Location"] == reverse("offline_packs_admin:index")
    pack = OfflinePack.objects.get()
    assert pack.status == PackStatus.READY
    assert pack.progress == pack.lesson_count == 3

    listing = client.get(reverse("offline_packs_admin:index")).content.decode()
    download_url = reverse("offline_packs_admin:download", args=[pack.pk])
    assert "Sẵn sàng" in listing and download_url in listing
    response = client.get(download_url)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "index.html" in archive.namelist()


def test_building_pack_shows_its_progress_and_refreshes(client, editor, content):
    collection, _course, _lessons = content
    OfflinePack.objects.create(
        source_page=collection, format="zip", fingerprint="x", lesson_count=3, progress=1
    )
    text = logged_in(client, editor).get(reverse("offline_packs_admin:index")).content.decode()
    assert "Đang tạo" in text and "1/3 bài" in text
    assert '<meta http-equiv="refresh" content="5">' in text


def test_teacher_packs_only_their_own_centre(
    client, teacher_a, content, centre_a, centre_b, django_capture_on_commit_callbacks
):
    collection, course, _lessons = content
    logged_in(client, teacher_a)
    options = source_options(client)
    assert {course.pk, centre_a.library_page.pk} <= options
    assert collection.pk not in options  # collections are the editors'
    assert centre_b.library_page.pk not in options
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, course, "build").status_code == 302
    assert OfflinePack.objects.get().status == PackStatus.READY


def test_teacher_of_b_cannot_build_or_download_a_pack_of_a(
    client, teacher_b, editor, content, centre_a, django_capture_on_commit_callbacks
):
    _collection, course, _lessons = content
    with django_capture_on_commit_callbacks(execute=True):
        post(logged_in(client, editor), course, "build")
    pack = OfflinePack.objects.get()
    client.logout()

    logged_in(client, teacher_b)
    assert course.pk not in source_options(client)
    assert centre_a.library_page.pk not in source_options(client)
    for action in ("estimate", "build"):
        response = post(client, course, action)
        assert response.status_code == 200
        assert "source" in response.context["form"].errors
    assert OfflinePack.objects.count() == 1
    listing = client.get(reverse("offline_packs_admin:index")).content.decode()
    assert course.title not in listing
    response = client.get(reverse("offline_packs_admin:download", args=[pack.pk]))
    assert response.status_code == 404


def test_people_without_a_centre_or_the_editor_role_are_refused(
    client, django_user_model, content
):
    user = django_user_model.objects.create_user(
        username="khach", password=PASSWORD, is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    logged_in(client, user)
    for name in ("offline_packs_admin:index", "offline_packs_admin:create"):
        response = client.get(reverse(name))  # Wagtail turns PermissionDenied into this
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    client.logout()
    response = client.get(reverse("offline_packs_admin:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_estimate_counts_light_versions(content):
    collection, _course, lessons = content
    worksheet = lessons[0].attachments.get().document
    before = estimate(collection, max_lessons=1000)
    assert before.lesson_count == len(lessons_of(collection)) == 3
    assert before.files_bytes == worksheet.file_size
    worksheet.light_status = LightStatus.READY
    worksheet.light_file = "light_versions/x.pdf"
    worksheet.light_size = 10
    worksheet.save(update_fields=["light_status", "light_file", "light_size"])
    after = estimate(collection, max_lessons=1000)
    assert after.files_bytes == 10
    assert estimate(collection, max_lessons=1000, originals=True).files_bytes == (
        worksheet.file_size
    )
