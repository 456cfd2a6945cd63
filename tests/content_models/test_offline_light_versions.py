"""Offline packs carry the light versions of media unless built with originals
(docs/light-versions.md), and the figures for packs of 100 and 1,000 lessons."""

import io
import os
import shutil
import zipfile

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

import pytest

from content_models.models.offline_packs import OfflinePack, PackStatus
from content_models.offline.builder import build_pack
from content_models.offline.service import build_and_store
from content_models.offline.writers import write_pack
from media.light.tasks import make_light_version
from media.models import LightStatus
from tests.content_models.offline_content import pack_content, print_pack_figures

LIGHT_PDF = b"%PDF-1.5\n% light version of the worksheet\n%%EOF\n"


@pytest.fixture
def content(site_tree, centre_a):
    _home, library = site_tree
    collection, course, lessons = pack_content(centre_a, library)
    worksheet = lessons[0].attachments.get().document
    worksheet.light_file.save("light.pdf", ContentFile(LIGHT_PDF), save=False)
    worksheet.light_size = len(LIGHT_PDF)
    worksheet.light_mime_type = "application/pdf"
    worksheet.light_status = LightStatus.READY
    worksheet.save(update_fields=["light_file", "light_size", "light_mime_type", "light_status"])
    return collection, worksheet


def pack_files(path):
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name) for name in archive.namelist() if name.startswith("files/")
        }


@pytest.mark.django_db
def test_pack_carries_the_light_version_and_originals_on_request(content, tmp_path):
    collection, worksheet = content
    original = worksheet.file.open("rb").read()
    write_pack(build_pack(collection, "zip"), "zip", tmp_path / "light.zip")
    (light_file,) = pack_files(tmp_path / "light.zip").values()
    assert light_file == LIGHT_PDF
    write_pack(build_pack(collection, "zip", originals=True), "zip", tmp_path / "full.zip")
    (full_file,) = pack_files(tmp_path / "full.zip").values()
    assert full_file == original != LIGHT_PDF


@pytest.mark.django_db
def test_command_originals_flag(content, tmp_path):
    collection, worksheet = content
    original = worksheet.file.open("rb").read()
    for flag, expected in (((), LIGHT_PDF), (("--originals",), original)):
        output = tmp_path / f"goi{len(flag)}.zip"
        call_command(
            "build_offline_pack",
            "--collection",
            collection.slug,
            "--format",
            "zip",
            "--output",
            str(output),
            *flag,
            stdout=io.StringIO(),
        )
        assert list(pack_files(output).values()) == [expected]


@pytest.mark.django_db
def test_admin_builder_may_choose_originals_as_a_pack_of_its_own(
    client, editor, content, django_capture_on_commit_callbacks
):
    """The admin's "originals" box: estimated and built with the original files, recorded as
    a pack beside the light one, offered to learners after it, and rebuilt as originals."""
    collection, worksheet = content
    assert client.login(username=editor.username, password="mat-khau-thu-nghiem")
    url = reverse("offline_packs_admin:create")
    light = client.post(url, {"source": collection.pk, "format": "zip", "estimate": "1"})
    full = client.post(
        url, {"source": collection.pk, "format": "zip", "originals": "on", "estimate": "1"}
    )
    assert full.context["estimate"].files_bytes == worksheet.file_size
    assert light.context["estimate"].files_bytes == len(LIGHT_PDF)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"source": collection.pk, "format": "zip", "build": "1"})
        client.post(
            url, {"source": collection.pk, "format": "zip", "originals": "on", "build": "1"}
        )
    light_pack = OfflinePack.objects.get(originals=False)
    full_pack = OfflinePack.objects.get(originals=True)
    assert light_pack.status == full_pack.status == PackStatus.READY
    for pack, expected in ((light_pack, LIGHT_PDF), (full_pack, worksheet.file.open("rb").read())):
        with pack.file.open("rb") as handle:
            assert list(pack_files(handle).values()) == [expected]
    listing = client.get(reverse("offline_packs_admin:index")).content.decode()
    assert "(tệp gốc)" in listing
    page = client.get(collection.url).content.decode()
    light_link = reverse("public:offline_pack", args=[light_pack.pk])
    full_link = reverse("public:offline_pack", args=[full_pack.pk])
    assert light_link in page and full_link in page
    assert page.index(light_link) < page.index(full_link)  # the light one first

    # A lesson edited: both packs go stale, and each is rebuilt as it was (light, originals).
    lesson = light_pack.lessons.first()
    lesson.summary = "Tóm tắt đã sửa."
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()
    assert not OfflinePack.objects.filter(pk__in=[light_pack.pk, full_pack.pk]).exists()
    assert set(OfflinePack.objects.values_list("originals", "status")) == {
        (False, PackStatus.READY),
        (True, PackStatus.READY),
    }


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("gs"), reason="Ghostscript missing: .ci/media-tools.sh")
def test_a_changed_light_version_makes_the_packs_carrying_it_stale(content, settings):
    collection, worksheet = content
    other_pack = build_and_store(collection, "zim")
    pack = build_and_store(collection, "zip")
    assert pack.status == other_pack.status == PackStatus.READY
    settings.HLM_LIGHT_PDF_MIN_BYTES = 0
    make_light_version.call(worksheet.pk)  # the real job: a new light version, or none
    worksheet.refresh_from_db()
    assert worksheet.light_file.name != "light_versions/light.pdf"
    assert set(OfflinePack.objects.values_list("status", flat=True)) == {PackStatus.STALE}


@pytest.mark.benchmark
@pytest.mark.skipif(
    not os.environ.get("HLM_LARGE_BENCHMARKS"),
    reason="about a minute on 2 cores: set HLM_LARGE_BENCHMARKS=1 to run it",
)
@pytest.mark.django_db
def test_benchmark_pack_of_1000_lessons(centre_a, tmp_path, capsys):
    print_pack_figures(centre_a.library_page, 1000, 1000, tmp_path, capsys)
