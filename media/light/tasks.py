"""The background job that makes (or refreshes) a document's light version.

Started from `media/signal_handlers.py` after an upload or a file replacement commits. It
never raises: whatever goes wrong is recorded on the document (`light_status = failed` and a
sentence in `light_error`, shown in the admin), so a broken or hostile file costs one bounded
job and nothing else; the lesson using it is published as usual. The job is idempotent: it
works in a temporary folder, stores the result under a new name, and records it only if the
document still has the same original. See docs/light-versions.md.
"""

import logging
import os
import shutil
import tempfile
import uuid

from django.conf import settings
from django.core.files import File
from django.utils import translation
from django.utils.translation import gettext as _

from django_tasks import task

from ..models import CustomDocument, LightStatus
from ..validators import PDFIUM_LOCK
from . import converters
from .runner import Limits, ToolError
from .signals import light_version_changed

logger = logging.getLogger("hlm.media")

# Kept only when at most this share of the original's size ("substantially smaller").
KEEP_RATIO = 0.75
LIGHT_FIELDS = ("light_file", "light_size", "light_mime_type", "light_status", "light_error")


def light_kind(document):
    """ "video", "audio", "pdf" or None: which light version this document may get."""
    mime = document.mime_type or ""
    if mime.startswith("video/"):
        return "video"
    if mime.startswith("audio/"):
        return "audio"
    if mime == "application/pdf" and (document.file_size or 0) >= settings.HLM_LIGHT_PDF_MIN_BYTES:
        return "pdf"
    return None


def pdf_page_count(path):
    import pypdfium2

    with PDFIUM_LOCK:
        pdf = pypdfium2.PdfDocument(path)
        try:
            return len(pdf)
        finally:
            pdf.close()


def job_limits(original_size):
    return Limits(
        seconds=settings.HLM_LIGHT_TIMEOUT_SECONDS,
        memory_bytes=settings.HLM_LIGHT_MEMORY_BYTES,
        output_bytes=max(original_size, 0) + 16 * 1024 * 1024,
    )


def _record(document_id, original_name, **fields):
    """Write the outcome unless the document's file changed meanwhile (then a newer job owns
    it); update(), not save(), so no post_save starts another job. True when written."""
    values = dict.fromkeys(LIGHT_FIELDS, "")
    values["light_size"] = None
    values.update(fields)
    return bool(CustomDocument.objects.filter(pk=document_id, file=original_name).update(**values))


def _delete_light(storage, name, document_id=None):
    """Delete an old light version; with `document_id`, tell listeners the document's light
    version changed (a new one replaced it, or it is gone)."""
    if name:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete the old light version %s", name)
        if document_id is not None:
            light_version_changed.send(sender=CustomDocument, document_id=document_id)


def _local_copy(document, folder):
    path = os.path.join(folder, f"original.{document.extension}")
    with document.file.open("rb") as source, open(path, "wb") as target:
        shutil.copyfileobj(source, target, 1024 * 1024)
    return path


def convert(kind, source_path, output_folder, limits):
    """(path, mime type) of the light version made from `source_path`; ToolError on failure."""
    if kind == "video":
        output = os.path.join(output_folder, "light.mp4")
        return output, converters.light_video(source_path, output, limits)
    if kind == "audio":
        output = os.path.join(output_folder, "light.mp3")
        return output, converters.light_audio(source_path, output, limits)
    output = os.path.join(output_folder, "light.pdf")
    return output, converters.light_pdf(source_path, output, limits, page_count=pdf_page_count)


@task()
def make_light_version(document_id):
    """Make the light version of one document; returns its new status (or None)."""
    document = CustomDocument.objects.filter(pk=document_id).first()
    if document is None or not document.file:
        return None
    original_name = document.file.name
    old_light = document.light_file.name
    storage = document.light_file.storage
    kind = light_kind(document)
    if kind is None:  # replaced by a kind of file that gets none: clear what was there
        if _record(document_id, original_name):
            _delete_light(storage, old_light, document_id)
        return None
    with translation.override(settings.LANGUAGE_CODE):
        return _make(document, kind, original_name, old_light, storage)


def _make(document, kind, original_name, old_light, storage):
    document_id = document.pk
    with tempfile.TemporaryDirectory(prefix="hlm-light-") as folder:
        try:
            source_path = _local_copy(document, folder)
            original_size = os.path.getsize(source_path)
            output, mime = convert(kind, source_path, folder, job_limits(original_size))
            light_size = os.path.getsize(output)
        except ToolError as error:
            logger.warning("No light version of document %s: %s", document_id, error)
            if _record(
                document_id,
                original_name,
                light_status=LightStatus.FAILED,
                light_error=str(error)[:500],
            ):
                _delete_light(storage, old_light, document_id)
            return LightStatus.FAILED
        except Exception:  # storage or disk trouble: recorded, never raised into the upload
            logger.exception("Light version of document %s failed", document_id)
            if _record(
                document_id,
                original_name,
                light_status=LightStatus.FAILED,
                light_error=_("Lỗi không mong đợi khi tạo bản nhẹ; xem nhật ký máy chủ."),
            ):
                _delete_light(storage, old_light, document_id)
            return LightStatus.FAILED
        if light_size > original_size * KEEP_RATIO:
            if _record(
                document_id,
                original_name,
                light_status=LightStatus.NOT_SMALLER,
                light_size=light_size,
            ):
                _delete_light(storage, old_light, document_id)
            return LightStatus.NOT_SMALLER
        extension = os.path.splitext(output)[1]
        with open(output, "rb") as handle:
            name = storage.save(f"light_versions/{uuid.uuid4().hex}{extension}", File(handle))
    if not _record(
        document_id,
        original_name,
        light_file=name,
        light_size=light_size,
        light_mime_type=mime,
        light_status=LightStatus.READY,
    ):
        _delete_light(storage, name)  # the original was replaced while this job ran
        return None
    _delete_light(storage, old_light)
    light_version_changed.send(sender=CustomDocument, document_id=document_id)
    logger.info(
        "Light version of document %s: %s → %s bytes", document_id, original_size, light_size
    )
    return LightStatus.READY
