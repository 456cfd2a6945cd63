"""Attachment paths of an import file: resolved inside the file's folder, checked, stored.

A path is relative to the folder of the import file and may not leave it (`../`, absolute
paths, symlinks pointing outside are refused), so an import file cannot pull arbitrary files
of the server into the public repository.
"""

import hashlib
import mimetypes
from pathlib import Path, PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from media.models import CustomDocument


class AttachmentError(Exception):
    """A Vietnamese reason why an attachment path cannot be imported."""


def resolve_attachment(base_dir, value):
    """The absolute path of `value` inside `base_dir`, or AttachmentError."""
    value = value.strip()
    if "\x00" in value:
        raise AttachmentError(_("đường dẫn tệp đính kèm chứa ký tự không hợp lệ"))
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    if posix.is_absolute() or windows.is_absolute() or windows.drive:
        raise AttachmentError(
            _("tệp đính kèm “%(path)s” phải là đường dẫn tương đối so với thư mục của tệp nhập")
            % {"path": value}
        )
    if ".." in posix.parts or ".." in windows.parts:
        raise AttachmentError(
            _("tệp đính kèm “%(path)s” nằm ngoài thư mục của tệp nhập (không được dùng “..”)")
            % {"path": value}
        )
    base = Path(base_dir).resolve()
    path = (base / Path(*windows.parts)).resolve()
    if not path.is_relative_to(base):
        raise AttachmentError(
            _("tệp đính kèm “%(path)s” trỏ ra ngoài thư mục của tệp nhập") % {"path": value}
        )
    if not path.exists():
        raise AttachmentError(_("không tìm thấy tệp đính kèm “%(path)s”") % {"path": value})
    if not path.is_file():
        raise AttachmentError(_("“%(path)s” không phải là một tệp") % {"path": value})
    return path


def _media_validator():
    """The media app's content validator (the same one admin uploads go through)."""
    try:
        from media import validators
    except ImportError:
        return None
    return getattr(validators, "validate_document_file", None)


def check_attachment(path, shown):
    """Refuse a file the repository would refuse on upload; returns the sniffed MIME type."""
    size = path.stat().st_size
    if size == 0:
        raise AttachmentError(_("tệp đính kèm “%(path)s” rỗng") % {"path": shown})
    limit = getattr(settings, "HLM_MAX_DOCUMENT_BYTES", None)
    if limit and size > limit:
        raise AttachmentError(
            _("tệp đính kèm “%(path)s” lớn %(size)s MB, vượt giới hạn %(limit)s MB")
            % {"path": shown, "size": round(size / 2**20, 1), "limit": round(limit / 2**20, 1)}
        )
    extension = path.suffix.lower().lstrip(".")
    allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    if allowed and extension not in allowed:
        raise AttachmentError(
            _("tệp đính kèm “%(path)s” có định dạng không được phép (cho phép: %(allowed)s)")
            % {"path": shown, "allowed": ", ".join(allowed)}
        )
    validator = _media_validator()
    if validator is None:  # media app without content sniffing: size and extension only
        return mimetypes.guess_type(path.name)[0] or ""
    with path.open("rb") as handle:
        try:
            result = validator(File(handle, name=path.name))
        except ValidationError as error:
            raise AttachmentError(
                _("tệp đính kèm “%(path)s” bị từ chối: %(reason)s")
                % {"path": shown, "reason": " ".join(error.messages)}
            ) from error
    return result if isinstance(result, str) else mimetypes.guess_type(path.name)[0] or ""


def file_sha1(path):
    """Same digest as Wagtail's `hash_filelike`, so stored documents can be matched."""
    digest = hashlib.sha1()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def store_document(path, collection, user=None, mime_type="", stored=None):
    """A CustomDocument for `path` in `collection`, reusing one with the same content.

    `stored` collects the storage names written, so a rolled-back import can remove them.
    """
    digest = file_sha1(path)
    existing = CustomDocument.objects.filter(collection=collection, file_hash=digest).first()
    if existing is not None:
        return existing
    document = CustomDocument(
        title=path.stem.replace("_", " ")[:255],
        collection=collection,
        uploaded_by_user=user,
        mime_type=(mime_type or "")[:100],
    )
    with path.open("rb") as handle:
        document.file.save(path.name, File(handle), save=False)
    if stored is not None:
        stored.append(document.file.name)
    document.file_size = path.stat().st_size
    document.file_hash = digest
    document.save()
    return document
