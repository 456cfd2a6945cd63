"""Base forms for Wagtail's image and document admin (WAGTAILIMAGES_IMAGE_FORM_BASE,
WAGTAILDOCS_DOCUMENT_FORM_BASE): every admin upload path builds its form from these — the add
and edit views, the multiple uploader and the choosers' upload tabs.

They swap in the content-checking file fields of `fields.py`, keep the title the teacher gave
(NFC-normalised, so a name typed on a Mac matches one typed on Windows), record the sniffed
MIME type on documents, and show a non-blocking notice when the same content is already stored.
"""

import unicodedata

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .duplicates import duplicate_notice
from .fields import DocumentFileField, ImageFileField


class NoticeWidget(forms.Widget):
    """Renders its (already escaped) value as a warning; there is nothing to submit."""

    def render(self, name, value, attrs=None, renderer=None):
        if not value:
            return ""
        return format_html('<div class="help-block help-warning" role="status">{}</div>', value)

    def value_from_datadict(self, data, files, name):
        return None


class DuplicateNoticeMixin:
    """Shared behaviour of the image and document base forms."""

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

    class Meta(BaseImageForm.Meta):
        pass


class DocumentForm(DuplicateNoticeMixin, BaseDocumentForm):
    """Base of every Wagtail document form in this project."""

    file_field_class = DocumentFileField

    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        self._setup_hlm_fields(user)

    def save(self, commit=True):
        if "file" in self.changed_data:
            kind = getattr(self.cleaned_data["file"], "hlm_kind", None)
            if kind is not None:
                self.instance.mime_type = kind.mime
        return super().save(commit=commit)

    class Meta(BaseDocumentForm.Meta):
        pass
