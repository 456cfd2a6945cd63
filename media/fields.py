"""Form fields for uploads, following Wagtail's `wagtail/images/fields.py`.

They replace the extension-based checks of `WagtailImageField` / `WagtailDocumentField` with
the content checks of `validators.py`, and rename the upload to a generated safe name with the
sniffed extension before anything else sees it, so `../../x.pdf`, `NUL`, `a.php.jpg` or a
300-character name never reach storage (the model's upload_to generates the stored name again
for files that do not come through a form).
"""

import uuid

from django.core.exceptions import ValidationError
from django.forms.fields import FileField
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from wagtail.documents.fields import WagtailDocumentField
from wagtail.images.fields import WagtailImageField

from . import sniffing, validators
from .upload_handlers import document_cap, image_cap


def _oversize_error(data):
    cap = getattr(data, "hlm_size_cap", None)
    return ValidationError(
        _("Tệp “%(name)s” quá lớn (hơn %(limit)s). Dung lượng tối đa là %(limit)s.")
        % {"name": data.name, "limit": filesizeformat(cap) if cap else "?"},
        code="file_too_large",
    )


def _rename_to_safe_name(data, kind):
    """Keep the name the teacher chose for messages; store under uuid + sniffed extension."""
    data.hlm_original_name = data.name
    data.hlm_kind = kind
    data.name = f"{uuid.uuid4().hex}.{kind.extension}"


class ReadOnlyWhenDisabledMixin:
    """A disabled file field keeps the stored file as it is: Django would otherwise run the
    stored FieldFile through `to_python`, which checks and renames uploads."""

    def clean(self, data, initial=None):
        if self.disabled:
            return initial
        return super().clean(data, initial)


class DocumentFileField(ReadOnlyWhenDisabledMixin, WagtailDocumentField):
    """A document upload checked by content against the allow-list (see validators.py)."""

    default_validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_upload_size = document_cap()
        self.error_messages["file_too_large_unknown_size"] = _(
            "Tệp quá lớn. Dung lượng tối đa là %(max_filesize)s."
        ) % {"max_filesize": filesizeformat(self.max_upload_size)}
        self.help_text = _("Định dạng: %(formats)s. Tối đa %(size)s.") % {
            "formats": sniffing.allowed_labels(sniffing.ALL_KINDS),
            "size": filesizeformat(self.max_upload_size),
        }

    def to_python(self, data):
        if data in self.empty_values:
            return super().to_python(data)
        if getattr(data, "hlm_oversize", False):
            raise _oversize_error(data)
        mime_type = validators.validate_document_file(data)
        _rename_to_safe_name(data, sniffing.KIND_BY_MIME[mime_type])
        return FileField.to_python(self, data)


class ImageFileField(ReadOnlyWhenDisabledMixin, WagtailImageField):
    """An image upload: sniffed format, pixel cap from the header, then a decode check."""

    default_validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_upload_size = image_cap()
        self.max_upload_size_text = filesizeformat(self.max_upload_size)
        self.max_image_pixels = validators.max_image_pixels()
        formats = sniffing.allowed_labels(sniffing.IMAGE_KINDS)
        self.help_text = _(
            "Định dạng: %(formats)s. Tối đa %(size)s và %(pixels)s triệu điểm ảnh."
        ) % {
            "formats": formats,
            "size": self.max_upload_size_text,
            "pixels": self.max_image_pixels // 1_000_000,
        }
        self.error_messages["invalid_image_extension"] = _(
            "Không phải định dạng ảnh được hỗ trợ. Chỉ nhận ảnh %(formats)s."
        ) % {"formats": formats}
        self.error_messages["file_too_large_unknown_size"] = _(
            "Tệp quá lớn. Dung lượng tối đa là %(max_filesize)s."
        ) % {"max_filesize": self.max_upload_size_text}

    def to_python(self, data):
        if data in self.empty_values:
            return FileField.to_python(self, data)
        if getattr(data, "hlm_oversize", False):
            raise _oversize_error(data)
        info = validators.validate_image_file(data)
        _rename_to_safe_name(data, info.kind)
        f = FileField.to_python(self, data)
        f.content_type = info.kind.mime
        f.hlm_image_info = info
        return f
