"""Building a pack into media storage and recording it (the task and the demo use this)."""

import logging
import os
import tempfile
import uuid

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from content_models.models import LessonPage
from content_models.models.offline_packs import OfflinePack, PackStatus
from content_models.offline.builder import build_pack, fingerprint, select_lessons
from content_models.offline.sources import PackError, lessons_of
from content_models.offline.writers import write_pack

logger = logging.getLogger("hlm.offline")


def pack_key(source, originals=False):
    """The fields that name "the same pack" of `source`: its page, or for a search result the
    fields of its stand-in source (`pack_row_fields()`, defined in the search room); and
    whether it carries originals instead of light versions."""
    fields = getattr(source, "pack_row_fields", None)
    return {**(fields() if fields else {"source_page": source}), "originals": originals}


def fail_pack(source, pack_format, error, originals=False):
    """Record `error` on the pack of `source` still BUILDING (a job that found it could not
    build at all, before claiming the row), so the admin shows why, not "building" forever."""
    OfflinePack.objects.filter(
        **pack_key(source, originals), format=pack_format, status=PackStatus.BUILDING
    ).update(status=PackStatus.FAILED, error=str(error)[:2000])


def claim_pack(source, pack_format, lessons, originals=False):
    """`(row, True)` when a READY pack of this content (same fingerprint) exists; otherwise
    `(row, False)` with the row new, or reset to BUILDING: a pack requested from the admin, or
    a failed, stale or abandoned build, is built again by whoever claims it."""
    content_print = fingerprint(source, lessons, pack_format)
    key = pack_key(source, originals)
    pack = OfflinePack.objects.filter(**key, format=pack_format, fingerprint=content_print).first()
    if pack is not None and pack.status == PackStatus.READY:
        return pack, True
    if pack is None:
        pack = OfflinePack.objects.create(
            **key,
            title="" if key.get("source_page") else source.title[:255],
            format=pack_format,
            fingerprint=content_print,
            lesson_count=len(lessons),
        )
    else:
        OfflinePack.objects.filter(pk=pack.pk).update(
            status=PackStatus.BUILDING, error="", progress=0, lesson_count=len(lessons)
        )
    return pack, False


def pack_file_response(pack):
    """The pack's file as a download (404 when the file is missing from storage)."""
    try:
        handle = pack.file.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=pack.download_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _current_lessons(source, lessons, chosen):
    """The lessons `source` would hold now: its own for a page, for a search result (`chosen`
    by the caller) the same lessons if still live and public, in the same order."""
    if not chosen:
        return lessons_of(source)
    live = LessonPage.objects.live().public().in_bulk([lesson.pk for lesson in lessons])
    return [live[lesson.pk] for lesson in lessons if lesson.pk in live]


def build_and_store(
    source, pack_format, *, max_lessons=None, max_bytes=None, lessons=None, originals=False
):
    """The READY pack of `source` in `pack_format`, built now unless one with the same content
    fingerprint is already ready. Raises PackError (recorded on the pack row as FAILED) for a
    source that cannot be packed. Older packs of the same source and format are removed once
    the new one is ready. `lessons` are given for a search result's stand-in source;
    `originals` packs the original media instead of their light versions (a separate pack).
    """
    chosen = lessons is not None
    source = source if chosen else source.specific
    max_lessons = max_lessons or settings.HLM_OFFLINE_PACK_MAX_LESSONS
    max_bytes = max_bytes or settings.HLM_OFFLINE_PACK_MAX_BYTES
    if not chosen:
        lessons = select_lessons(source, max_lessons)
    pack, ready = claim_pack(source, pack_format, lessons, originals)
    if ready:
        return pack
    step = max(1, len(lessons) // 20)

    def progress(done, total):
        if done % step == 0 or done == total:
            OfflinePack.objects.filter(pk=pack.pk).update(progress=done)

    try:
        built = build_pack(
            source,
            pack_format,
            max_lessons=max_lessons,
            max_bytes=max_bytes,
            lessons=lessons,
            progress=progress,
            originals=originals,
        )
        with tempfile.TemporaryDirectory(prefix="hlm-pack-") as folder:
            path = os.path.join(folder, f"pack.{pack_format}")
            size = write_pack(built, pack_format, path)
            if size > max_bytes:
                raise PackError(
                    _("Gói ngoại tuyến nặng %(size)s byte, vượt giới hạn %(limit)s byte.")
                    % {"size": size, "limit": max_bytes}
                )
            with open(path, "rb") as handle:
                name = default_storage.save(
                    f"offline_packs/{uuid.uuid4().hex}.{pack_format}", File(handle)
                )
    except Exception as error:
        OfflinePack.objects.filter(pk=pack.pk).update(
            status=PackStatus.FAILED, error=str(error)[:2000]
        )
        raise
    with transaction.atomic():
        pack.file = name
        pack.size = size
        pack.lesson_count = pack.progress = len(lessons)
        pack.built_at = timezone.now()
        pack.error = ""
        pack.status = PackStatus.READY
        pack.save()
        pack.lessons.set(lessons)
        # A lesson changed while the pack was being built: this pack is stale already.
        current = _current_lessons(source, lessons, chosen)
        if fingerprint(source, current, pack_format) != pack.fingerprint:
            OfflinePack.objects.filter(pk=pack.pk).update(status=PackStatus.STALE)
            pack.status = PackStatus.STALE
        else:
            for older in OfflinePack.objects.filter(
                **pack_key(source, originals), format=pack_format
            ).exclude(pk=pack.pk):
                older.delete()
    logger.info(
        "Offline pack %s of page %s: %s lessons, %s bytes",
        pack_format,
        source.pk,
        len(lessons),
        size,
    )
    return pack
