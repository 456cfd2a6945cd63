"""`manage.py backup` and `manage.py restore`: a real archive restored into a fresh database
and media folder by a separate process, which finds every lesson, attachment and search hit.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from content_models.models import LessonAttachment
from tests.cms.conftest import make_document, make_image, publish
from tests.cms.scratch import scratch_database_url
from tests.factories.pages import LessonPageFactory

REPO = Path(__file__).resolve().parents[2]
# serialized_rollback: the flush after each test must not recreate content types that the
# next serialized-rollback test (live server, browser) restores with their ids.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def saved_content(centre_a):
    lesson = LessonPageFactory(
        parent=centre_a.library_page,
        title="Phương trình bậc hai sao lưu",
        cover_image=make_image("Ảnh bìa sao lưu"),
    )
    document = make_document("Phiếu học tập sao lưu", b"%PDF-1.4\nsao luu\n%%EOF\n", "phieu.pdf")
    LessonAttachment.objects.create(page=lesson, document=document)
    publish(lesson)
    return lesson, document


def restored_env(url, media):
    # The development settings read MEDIA_ROOT from the environment (the test settings
    # pick a temporary folder of their own).
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "ELASTICSEARCH_URL": "",
        "PYTHONPATH": str(REPO),
    }


CHECK = """
import hashlib, json
from content_models.models import LessonAttachment, LessonPage
from search.service import get_search_service
from search.types import SearchQuery
lesson = LessonPage.objects.live().get(title="Phương trình bậc hai sao lưu")
attachment = LessonAttachment.objects.get(page=lesson)
with attachment.document.file.open("rb") as handle:
    digest = hashlib.sha256(handle.read()).hexdigest()
hits = get_search_service().search(SearchQuery(text="phuong trinh bac hai sao luu"))
print(json.dumps({
    "digest": digest,
    "cover": lesson.cover_image.file.storage.exists(lesson.cover_image.file.name),
    "hits": [hit.page_id for hit in hits.hits],
    "lesson": lesson.pk,
}))
"""


def test_backup_then_restore_into_a_fresh_database_finds_everything(saved_content, tmp_path):
    lesson, document = saved_content
    archive = tmp_path / "hlm.tar"
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["counts"]["live_lessons"] == 1
    assert manifest["counts"]["attachments"] == 1
    assert document.file.name in manifest["media"]

    with scratch_database_url(tmp_path) as url:
        env = restored_env(url, tmp_path / "restored-media")
        restore = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert restore.returncode == 0, restore.stderr
        assert "Khớp với bản sao lưu" in restore.stdout
        check = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", CHECK],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert check.returncode == 0, check.stderr
        found = json.loads(check.stdout.strip().splitlines()[-1])
    original = hashlib.sha256(b"%PDF-1.4\nsao luu\n%%EOF\n").hexdigest()
    assert found["digest"] == original
    assert found["cover"] is True
    assert found["lesson"] == lesson.pk
    assert lesson.pk in found["hits"]


def test_restore_refuses_a_tampered_archive_and_writes_nothing(saved_content, tmp_path):
    _lesson, document = saved_content
    archive = tmp_path / "hlm.tar"
    call_command("backup", output=str(archive))
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == f"media/{document.file.name}":
                data = data.replace(b"sao luu", b"gia mao")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with scratch_database_url(tmp_path) as url:
        media = tmp_path / "restored-media"
        restore = subprocess.run(
            [sys.executable, "manage.py", "restore", str(tampered)],
            env=restored_env(url, media),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert restore.returncode == 1
    assert "Sai mã kiểm tra" in restore.stderr and document.file.name in restore.stderr
    assert not media.exists() or not any(media.rglob("*.pdf"))


def test_restore_refuses_a_database_that_has_content(saved_content, tmp_path):
    archive = tmp_path / "hlm.tar"
    call_command("backup", output=str(archive))
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore", str(archive))


@pytest.mark.parametrize("content", [b"", b"not a tar archive at all"])
def test_restore_refuses_what_is_not_a_backup(tmp_path, content):
    path = tmp_path / "hong.tar"
    path.write_bytes(content)
    with pytest.raises(CommandError):
        call_command("restore", str(path))
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("restore", str(tmp_path / "missing.tar"))


def test_backup_does_not_overwrite_an_existing_file(tmp_path):
    existing = tmp_path / "hlm.tar"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="đã có"):
        call_command("backup", output=str(existing))
    assert existing.read_bytes() == b"keep me"
    assert settings.MEDIA_ROOT  # the media folder is not touched either
