"""Write and read backup archives (see the package docstring)."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
DATABASE_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why (shown to the operator)."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor():
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(_("Không hỗ trợ sao lưu cơ sở dữ liệu loại %s.") % vendor)
    return vendor


def _pg_args():
    db = connection.settings_dict
    args = ["--host", db.get("HOST") or "localhost", "--username", db.get("USER") or ""]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    return args, {"PGPASSWORD": db.get("PASSWORD") or ""}


def _pg_tool(name):
    """The newest Debian-layout PostgreSQL client tool, or the one on PATH."""
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    tool = str(candidates[-1]) if candidates else shutil.which(name)
    if tool is None:
        raise BackupError(_("Không tìm thấy %s (gói postgresql-client).") % name)
    return tool


def _run(command, env=None):
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **(env or {})}
    )
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name}: {done.stderr.strip()[-500:]}")


def dump_database(target):
    vendor = _vendor()
    if vendor == "postgresql":
        args, env = _pg_args()
        _run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(target),
                *args,
                connection.settings_dict["NAME"],
            ],
            env,
        )
    else:
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # consistent while the site runs
        finally:
            destination.close()
    return vendor


def media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def counts():
    """What a restore must find again: lessons, attachments, documents, images."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from content_models.models import LessonAttachment, LessonPage

    return {
        "lessons": LessonPage.objects.count(),
        "live_lessons": LessonPage.objects.live().count(),
        "attachments": LessonAttachment.objects.count(),
        "documents": get_document_model().objects.count(),
        "images": get_image_model().objects.count(),
    }


def write_backup(destination):
    """Write the archive to `destination` (a .tar path); returns the manifest."""
    destination = Path(destination)
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        vendor = _vendor()
        database = Path(work) / DATABASE_MEMBER[vendor]
        dump_database(database)
        files = media_files()
        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "engine": vendor,
            "database": DATABASE_MEMBER[vendor],
            "database_sha256": sha256(database),
            "counts": counts(),
            "media": {str(path.relative_to(root)): sha256(path) for path in files},
        }
        partial = destination.with_name(destination.name + ".part")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=manifest["database"])
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(root)}")
        partial.replace(destination)  # never a half-written archive under the final name
    return manifest


def read_manifest(archive):
    try:
        member = archive.extractfile("manifest.json")
    except KeyError as error:
        raise BackupError(_("Tệp không phải bản sao lưu: thiếu manifest.json.")) from error
    manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("Phiên bản bản sao lưu không hỗ trợ: %s.") % manifest.get("format"))
    return manifest


def _database_is_empty():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "wagtailcore_page" not in tables:
            return True
        cursor.execute("SELECT COUNT(*) FROM wagtailcore_page")
        return cursor.fetchone()[0] == 0


def restore_backup(source, force=False):
    """Check the archive, then load the database and media; returns the manifest."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(_("Không có tệp %s.") % source)
    try:
        with tarfile.open(source, "r") as archive, tempfile.TemporaryDirectory() as work:
            return _restore_from(archive, Path(work), force)
    except tarfile.TarError as error:
        raise BackupError(_("Tệp sao lưu hỏng: %s.") % error) from error


def _restore_from(archive, work, force):
    manifest = read_manifest(archive)
    vendor = _vendor()
    if manifest["engine"] != vendor:
        raise BackupError(
            _("Bản sao lưu của %(source)s không khôi phục được vào %(target)s.")
            % {"source": manifest["engine"], "target": vendor}
        )
    if not force and not _database_is_empty():
        raise BackupError(
            _("Cơ sở dữ liệu đích đã có dữ liệu; khôi phục vào một cơ sở dữ liệu trống.")
        )
    archive.extractall(work, filter="data")
    problems = []
    if sha256(work / manifest["database"]) != manifest["database_sha256"]:
        problems.append(manifest["database"])
    for name, digest in manifest["media"].items():
        path = work / "media" / name
        if not path.is_file() or sha256(path) != digest:
            problems.append(f"media/{name}")
    if problems:
        raise BackupError(_("Sai mã kiểm tra, không khôi phục gì: %s") % ", ".join(problems[:10]))
    _load_database(work / manifest["database"], vendor)
    root = Path(settings.MEDIA_ROOT)
    for name in manifest["media"]:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(work / "media" / name, target)
    return manifest


def _load_database(dump, vendor):
    if vendor == "postgresql":
        args, env = _pg_args()
        connection.close()
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--clean",
                "--if-exists",
                "--exit-on-error",
                "--dbname",
                connection.settings_dict["NAME"],
                *args,
                str(dump),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
