"""Base forms for Wagtail's image and document admin (WAGTAILIMAGES_IMAGE_FORM_BASE,
WAGTAILDOCS_DOCUMENT_FORM_BASE): every admin upload path builds its form from these — the add
and edit views, the multiple uploader and the choosers' upload tabs.

They swap in the content-checking file fields of `fields.py`, keep the title the teacher gave
(NFC-normalised, so a name typed on a Mac matches one typed on Windows), record the sniffed
MIME type on documents, and show a non-blocking notice when the same content is already stored.

They also lock what learners get from an item that a published page (or one in review) uses:
for a user who may not publish those pages, the file, title, alt text, collection and focal
point are read-only, and a POST that changes them anyway is refused with a form error. Tags
stay editable. See docs/security/media-and-forms.md.
"""

import unicodedata

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .duplicates import duplicate_notice
from .fields import DocumentFileField, ImageFileField
from .permissions import LOCKED_MESSAGE
from .usage import may_change_in_use

# What learners get from an item; the rest (tags) is the uploader's own bookkeeping.
LOCKED_FIELDS = (
    "file",
    "title",
    "description",
    "collection",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
)


class NoticeWidget(forms.Widget):
    """Renders its (already escaped) value as a warning; there is nothing to submit."""

    def render(self, name, value, attrs=None, renderer=None):
        if not value:
            return ""
        return format_html('<div class="help-block help-warning" role="status">{}</div>', value)

    def value_from_datadict(self, data, files, name):
        return None


class DuplicateNoticeMixin:
    """Shared behaviour of the image and document base forms: checked files, duplicate
    notice, live-use lock."""

    file_field_class = None

    def _setup_hlm_fields(self, user):
        if "file" in self.fields:
            generated = self.fields["file"]
            self.fields["file"] = self.file_field_class(
                label=generated.label,
                required=generated.required,
                widget=generated.widget,
            )
        title_field = self.fields.get("title")
        if self.is_bound and title_field is not None and title_field.max_length:
            key = self.add_prefix("title")
            title = self.data.get(key)
            if title and len(title) > title_field.max_length:
                # Titles taken from long file names are shortened rather than refused.
                self.data = self.data.copy()
                self.data[key] = title[: title_field.max_length - 1].rstrip() + "…"
        if self.instance.pk:
            notice = duplicate_notice(self.instance, user)
            if notice:
                self.fields["duplicate_notice"] = forms.CharField(
                    label=_("Tệp trùng nội dung"),
                    required=False,
                    disabled=True,
                    initial=notice,
                    widget=NoticeWidget,
                )
                self.order_fields(["duplicate_notice"])

    def _lock_if_published(self, user):
        """Make the learner-facing fields read-only when `user` may not change them."""
        self.locked_fields = []
        if not self.instance.pk or may_change_in_use(user, self.instance):
            return
        for name in LOCKED_FIELDS:
            field = self.fields.get(name)
            if field is not None:
                field.disabled = True
                self.locked_fields.append(name)
        self.fields["published_notice"] = forms.CharField(
            label=_("Đang dùng trong trang đã xuất bản"),
            required=False,
            disabled=True,
            initial=LOCKED_MESSAGE,
            widget=NoticeWidget,
        )
        self.order_fields(["published_notice"])

    def _attempted_changes(self):
        """Locked fields whose posted value differs from the stored one (a disabled input
        posts nothing, so only a crafted request gets here)."""
        changed = []
        for name in self.locked_fields:
            key = self.add_prefix(name)
            if name == "file":
                if self.files.get(key):
                    changed.append(name)
                continue
            if key not in self.data:
                continue
            posted = unicodedata.normalize("NFC", str(self.data.get(key) or "")).strip()
            initial = self.get_initial_for_field(self.fields[name], name)
            stored = "" if initial is None else str(getattr(initial, "pk", initial))
            if posted != unicodedata.normalize("NFC", stored).strip():
                changed.append(name)
        return changed

    def clean(self):
        cleaned_data = super().clean()
        for name in self._attempted_changes():
            self.add_error(name, LOCKED_MESSAGE)
        return cleaned_data

    def clean_title(self):
        title = self.cleaned_data.get("title") or ""
        return unicodedata.normalize("NFC", title).strip()


class ImageForm(DuplicateNoticeMixin, BaseImageForm):
    """Base of every Wagtail image form in this project."""

    file_field_class = ImageFileField

    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        self._setup_hlm_fields(user)
        self._lock_if_published(user)

    class Meta(BaseImageForm.Meta):
        pass


class DocumentForm(DuplicateNoticeMixin, BaseDocumentForm):
    """Base of every Wagtail document form in this project."""

    file_field_class = DocumentFileField

    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        self._setup_hlm_fields(user)
        self._lock_if_published(user)

    def save(self, commit=True):
        if "file" in self.changed_data:
            kind = getattr(self.cleaned_data["file"], "hlm_kind", None)
            if kind is not None:
                self.instance.mime_type = kind.mime
        return super().save(commit=commit)

    class Meta(BaseDocumentForm.Meta):
        pass
