"""Custom Wagtail image and document models (set before the first migrate).

Validation of uploads lives in `validators.py`; thumbnails and previews in `previews.py`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """An uploaded picture: cover images and pictures inside lesson bodies."""

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("hình ảnh")
        verbose_name_plural = _("hình ảnh")
        permissions = [("choose_customimage", "Can choose image")]


class CustomRendition(AbstractRendition):
    """A resized copy of a CustomImage (WebP on the public site)."""

    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    """An attachment of a lesson: PDF, office file, audio or video.

    `mime_type` is what the content sniffing found (not what the name claims); `thumbnail` is a
    first-page preview for PDFs; `download_count` is an anonymous counter.
    """

    mime_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True, editable=False)
    thumbnail = models.ImageField(
        _("ảnh xem trước"), upload_to="document_thumbnails", blank=True, editable=False
    )
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True, editable=False)
    download_count = models.PositiveIntegerField(_("lượt tải"), default=0, editable=False)

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        permissions = [("choose_customdocument", "Can choose document")]
