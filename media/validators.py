"""Upload validation by content: the allow-list, the pixel cap and a decode check.

Used by the admin upload forms (`forms.py`) and by anything that stores files on its own (the
lesson importer calls `validate_document_file`). Order matters and follows Wagtail's own
`WagtailImageField`: size first, then what the bytes are, then (images) the dimensions read
from the header, and only when those pass a decode of the picture, so a pixel bomb is refused
before a single pixel is decoded.
"""

import re
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from PIL import Image, UnidentifiedImageError

from . import sniffing

WAGTAIL_DEFAULT_MAX_PIXELS = 128_000_000
# pdfium is not thread-safe; one lock for every call into it in this process.
PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class ImageInfo:
    kind: sniffing.FileKind
    width: int
    height: int
    frames: int


def max_image_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) or WAGTAIL_DEFAULT_MAX_PIXELS


def _display_name(fileobj):
    name = getattr(fileobj, "hlm_original_name", None) or getattr(fileobj, "name", "") or ""
    return name.replace("\\", "/").rsplit("/", 1)[-1][:80] or _("(không tên)")


def _millions(pixels):
    value = pixels / 1_000_000
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def check_size(fileobj, limit):
    """Refuse a file larger than `limit` bytes, naming both sizes."""
    size = getattr(fileobj, "size", None)
    if limit and size is not None and size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s). Dung lượng tối đa là %(limit)s.")
            % {
                "name": _display_name(fileobj),
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            },
            code="file_too_large",
        )


def validate_document_file(fileobj):
    """Refuse anything outside the document allow-list; return the sniffed MIME type.

    PDFs are also opened with pdfium: a broken or password-protected PDF is refused here
    rather than failing later in the preview task or in the learner's browser.
    """
    check_size(fileobj, getattr(settings, "HLM_MAX_DOCUMENT_BYTES", None))
    kind = sniffing.sniff(fileobj)
    if kind is None:
        raise ValidationError(
            _(
                "Không nhận tệp “%(name)s”: nội dung của tệp là %(found)s%(claim)s. "
                "Chỉ nhận các định dạng: %(allowed)s."
            )
            % {
                "name": _display_name(fileobj),
                "found": sniffing.describe(fileobj),
                "claim": _claimed_suffix(fileobj),
                "allowed": sniffing.allowed_labels(sniffing.ALL_KINDS),
            },
            code="unsupported_document",
        )
    if kind is sniffing.PDF:
        pdf_page_count(fileobj)
    return kind.mime


def _claimed_suffix(fileobj):
    name = _display_name(fileobj)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in {kind.extension for kind in sniffing.ALL_KINDS} | {"jpeg"}:
        return _(" (tên tệp có đuôi .%(extension)s nhưng nội dung không phải vậy)") % {
            "extension": extension
        }
    return ""


def pdf_page_count(fileobj):
    """Number of pages; ValidationError when pdfium cannot open the PDF."""
    import pypdfium2

    fileobj.seek(0)
    source = fileobj.temporary_file_path() if hasattr(fileobj, "temporary_file_path") else None
    try:
        with PDFIUM_LOCK:
            pdf = pypdfium2.PdfDocument(source or fileobj.read())
            try:
                return len(pdf)
            finally:
                pdf.close()
    except pypdfium2.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            message = _("Tệp PDF “%(name)s” được đặt mật khẩu; người học sẽ không mở được.")
        else:
            message = _("Tệp PDF “%(name)s” bị hỏng, không đọc được (%(reason)s).")
        raise ValidationError(
            message % {"name": _display_name(fileobj), "reason": reason}, code="invalid_pdf"
        ) from error
    finally:
        fileobj.seek(0)


def _not_an_image(fileobj, found):
    return ValidationError(
        _(
            "“%(name)s” không phải là ảnh được hỗ trợ: nội dung của tệp là %(found)s. "
            "Chỉ nhận ảnh %(allowed)s."
        )
        % {
            "name": _display_name(fileobj),
            "found": found,
            "allowed": sniffing.allowed_labels(sniffing.IMAGE_KINDS),
        },
        code="invalid_image",
    )


def _too_many_pixels(fileobj, described, pixels):
    cap = max_image_pixels()
    return ValidationError(
        _(
            "Ảnh “%(name)s” quá lớn: %(described)s = %(pixels)s triệu điểm ảnh, vượt giới hạn "
            "%(cap)s triệu điểm ảnh. Hãy thu nhỏ ảnh rồi tải lên lại."
        )
        % {
            "name": _display_name(fileobj),
            "described": described,
            "pixels": _millions(pixels),
            "cap": _millions(cap),
        },
        code="file_too_many_pixels",
    )


def validate_image_file(fileobj):
    """Refuse anything but a sound JPEG/PNG/WebP/GIF within the pixel cap; return ImageInfo."""
    check_size(fileobj, getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None))
    kind = sniffing.sniff(fileobj)
    if kind is None or not kind.is_image:
        found = kind.label if kind else sniffing.describe(fileobj)
        raise _not_an_image(fileobj, found)

    # Header only: Image.open reads the size without decoding, restricted to the one format
    # the bytes claim, so a FITS, PSD or EPS file can never reach its (decoding) plugin.
    fileobj.seek(0)
    # Pillow's own bomb guard (MAX_IMAGE_PIXELS, aligned with the cap in apps.py) raises here
    # for anything over twice the cap; the explicit check below covers the rest.
    try:
        image = Image.open(_KeepOpen(fileobj), formats=[sniffing.PILLOW_FORMATS[kind]])
        width, height = image.size
        frames = getattr(image, "n_frames", 1) or 1
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        pixels = _pixels_from_bomb_message(str(error))
        raise _too_many_pixels(
            fileobj, _("ảnh %(kind)s") % {"kind": kind.label}, pixels or max_image_pixels() + 1
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise _not_an_image(fileobj, _("tệp %(kind)s bị hỏng") % {"kind": kind.label}) from error

    pixels = width * height * frames
    if pixels > max_image_pixels():
        described = f"{width}×{height}"
        if frames > 1:
            described = _("%(frames)s khung hình × %(size)s") % {
                "frames": frames,
                "size": described,
            }
        raise _too_many_pixels(fileobj, described, pixels)

    _decode_first_frame(fileobj, image, kind)
    fileobj.seek(0)
    return ImageInfo(kind=kind, width=width, height=height, frames=frames)


class _KeepOpen:
    """The upload as Pillow sees it: Image.close() must not close the form's file."""

    def __init__(self, fileobj):
        self._fileobj = fileobj

    def __getattr__(self, name):
        return getattr(self._fileobj, name)

    def close(self):
        pass


def _pixels_from_bomb_message(message):
    match = re.search(r"\((\d+) pixels\)", message)
    return int(match.group(1)) if match else None


def _decode_first_frame(fileobj, image, kind):
    """Decode once so a truncated or corrupt file is refused now, not on a later page view.

    JPEG decodes at 1/8 scale (DCT scaling), which still reads every byte of the stream.
    """
    try:
        image.seek(0)
        if kind is sniffing.JPEG:
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError, zlib.error…
        raise _not_an_image(
            fileobj,
            _("tệp %(kind)s bị hỏng hoặc bị cắt cụt (%(reason)s)")
            % {"kind": kind.label, "reason": str(error)[:120]},
        ) from error
    finally:
        image.close()
