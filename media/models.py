"""Custom Wagtail image and document models (set before the first migrate).

Validation of uploads lives in `validators.py` (content sniffing in `sniffing.py`); previews
and renditions are made off the request by `tasks.py`, started from `signal_handlers.py`.
Stored files always get a generated name (`<uuid>.<sniffed extension>`): the name a teacher
gave a file is kept only as the title, never as a path.
"""

import contextlib
import hashlib
import posixpath
import unicodedata
import uuid
from urllib.parse import quote

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from media.text import fold

from . import sniffing

# Browsers render these safely on their own (no script runs in them), so they may open inline.
INLINE_MIME_PREFIXES = ("audio/", "video/")
INLINE_MIME_TYPES = {"application/pdf"} | set(sniffing.IMAGE_MIME_TYPES)
UNSAFE_FILENAME_CHARACTERS = '/\\:*?"<>|'


def generated_file_name(filename, mime_type=""):
    """`<uuid>.<extension>`: the extension from the sniffed type, else a known one from the
    name, else `bin`. Nothing of the submitted name survives except a vetted extension."""
    kind = sniffing.KIND_BY_MIME.get(mime_type)
    if kind is not None:
        extension = kind.extension
    else:
        extension = posixpath.splitext(filename or "")[1].lower().lstrip(".")
        extension = {"jpeg": "jpg"}.get(extension, extension)
        if extension not in {known.extension for known in sniffing.ALL_KINDS}:
            extension = "bin"
    return f"{uuid.uuid4().hex}.{extension}"


class LightStatus(models.TextChoices):
    """Where a document's light version stands (see docs/light-versions.md)."""

    PENDING = "pending", _("Đang chờ tạo bản nhẹ")
    READY = "ready", _("Có bản nhẹ")
    NOT_SMALLER = "not_smaller", _("Bản nhẹ không nhỏ hơn đáng kể")
    FAILED = "failed", _("Lỗi tạo bản nhẹ")


def get_document_upload_to(instance, filename):
    """Module-level so migrations can reference it (as Wagtail's images do)."""
    return instance.get_upload_to(filename)


class TracksFileMixin:
    """Remembers the stored file name loaded from the database, so the post_save handler can
    tell a new or replaced file (which needs previews or renditions) from a metadata edit."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "file" in instance.__dict__:
            instance._loaded_file_name = instance.file.name
        return instance

    def file_changed(self):
        return getattr(self, "_loaded_file_name", None) != self.file.name

    def mark_file_seen(self):
        self._loaded_file_name = self.file.name


class CustomImage(TracksFileMixin, AbstractImage):
    """An uploaded picture: cover images and pictures inside lesson bodies."""

    admin_form_fields = Image.admin_form_fields

    def get_upload_to(self, filename):
        return posixpath.join("original_images", generated_file_name(filename))

    class Meta(AbstractImage.Meta):
        verbose_name = _("hình ảnh")
        verbose_name_plural = _("hình ảnh")
        permissions = [("choose_customimage", "Can choose image")]


class CustomRendition(AbstractRendition):
    """A resized copy of a CustomImage (WebP on the public site)."""

    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(TracksFileMixin, AbstractDocument):
    """An attachment of a lesson: PDF, office file, audio or video.

    `mime_type` is what the content sniffing found (not what the name claims); `thumbnail` is a
    first-page preview for PDFs; `download_count` is an anonymous counter. `sha256` is the
    checksum the content API publishes so a harvester can verify its copy (Wagtail's own
    `file_hash` is SHA-1, kept for its duplicate check); computed when a file is saved, and
    once, on first use, for files stored before the field existed (docs/interfaces.md).
    """

    file = models.FileField(upload_to=get_document_upload_to, verbose_name=_("file"))
    mime_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True, editable=False)
    thumbnail = models.ImageField(
        _("ảnh xem trước"), upload_to="document_thumbnails", blank=True, editable=False
    )
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True, editable=False)
    download_count = models.PositiveIntegerField(_("lượt tải"), default=0, editable=False)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True, editable=False)
    # The light version (360p video, low-bitrate sound, /ebook PDF) made by media/light/, kept
    # only when substantially smaller than the original: docs/light-versions.md.
    light_file = models.FileField(
        _("bản nhẹ"), upload_to="light_versions", blank=True, editable=False
    )
    light_size = models.PositiveBigIntegerField(
        _("dung lượng bản nhẹ"), null=True, blank=True, editable=False
    )
    light_mime_type = models.CharField(
        _("kiểu tệp bản nhẹ"), max_length=100, blank=True, editable=False
    )
    light_status = models.CharField(
        _("bản nhẹ"),
        max_length=16,
        choices=LightStatus.choices,
        blank=True,
        editable=False,
    )
    light_error = models.CharField(
        _("lỗi tạo bản nhẹ"), max_length=500, blank=True, editable=False
    )

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        permissions = [("choose_customdocument", "Can choose document")]

    def get_upload_to(self, filename):
        return posixpath.join("documents", generated_file_name(filename, self.mime_type))

    def clean(self):
        # Wagtail's clean() checks the extension of the submitted name; the form field has
        # already checked the content, and the stored name is generated, so skip it.
        pass

    def save(self, *args, **kwargs):
        if self.file and not self.mime_type:
            self.mime_type = self.sniff_mime_type()
        if self.file and self.file_size is None:
            # Upload views set this; imports and scripts that save a file directly do not.
            with contextlib.suppress(OSError):
                self.file_size = self.file.size
        update_fields = kwargs.get("update_fields")
        file_saved = update_fields is None or "file" in update_fields
        if self.file and file_saved and (not self.sha256 or self.file_changed()):
            self.sha256 = self.compute_sha256()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sha256"}
        super().save(*args, **kwargs)

    def compute_sha256(self):
        """The SHA-256 of the stored file, read in chunks; "" when the file cannot be read."""
        try:
            with self.open_file() as handle:
                handle.seek(0)
                return hashlib.file_digest(handle, "sha256").hexdigest()
        except (OSError, ValueError):
            return ""

    def get_sha256(self):
        """The stored checksum, computed and stored once for files saved before it existed
        (as Wagtail's `get_file_hash` does for its SHA-1)."""
        if not self.sha256 and self.file:
            self.sha256 = self.compute_sha256()
            if self.sha256:
                type(self).objects.filter(pk=self.pk).update(sha256=self.sha256)
        return self.sha256

    def sniff_mime_type(self):
        """For files stored without the form (imports, scripts): what the bytes are."""
        try:
            with self.open_file() as handle:
                kind = sniffing.sniff(handle)
        except (OSError, ValueError):
            return ""
        return kind.mime if kind else "application/octet-stream"

    @property
    def has_light_version(self):
        return self.light_status == LightStatus.READY and bool(self.light_file)

    @property
    def light_url(self):
        """Served by `media.views.serve_light_version` with the same privacy as the original."""
        if not self.has_light_version:
            return ""
        return reverse(
            "media:document_light", args=[self.pk, posixpath.basename(self.light_file.name)]
        )

    @property
    def light_download_filename(self):
        kind = sniffing.KIND_BY_MIME.get(self.light_mime_type)
        stem = posixpath.splitext(self.download_filename)[0]
        return f"{stem} (bản nhẹ).{kind.extension if kind else 'bin'}"

    @property
    def content_type(self):
        return self.mime_type or "application/octet-stream"

    @property
    def extension(self):
        kind = sniffing.KIND_BY_MIME.get(self.mime_type)
        return kind.extension if kind else self.file_extension or "bin"

    @property
    def download_filename(self):
        """The title as a file name (Vietnamese kept) with the sniffed extension."""
        title = unicodedata.normalize("NFC", self.title or "")
        cleaned = "".join(
            " " if char in UNSAFE_FILENAME_CHARACTERS or not char.isprintable() else char
            for char in title
        )
        stem = " ".join(cleaned.split()).strip(". ")[:150] or "tai-lieu"
        extension = f".{self.extension}"
        if stem.lower().endswith(extension):
            stem = stem[: -len(extension)]
        return f"{stem}{extension}"

    @property
    def opens_inline(self):
        mime_type = self.content_type
        return mime_type in INLINE_MIME_TYPES or mime_type.startswith(INLINE_MIME_PREFIXES)

    @property
    def content_disposition(self):
        return self.disposition_for(self.download_filename)

    @property
    def light_content_disposition(self):
        return self.disposition_for(self.light_download_filename)

    def disposition_for(self, filename):
        kind = "inline" if self.opens_inline else "attachment"
        # Old clients read the ASCII `filename`, current ones the UTF-8 `filename*`.
        ascii_name = fold(filename).encode("ascii", "ignore").decode()
        ascii_name = ascii_name.replace('"', "").replace("\\", "") or "download"
        return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
