"""Built offline packs: what they contain, where the file is, and whether it may be served."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PackFormat(models.TextChoices):
    ZIP = "zip", _("Trang web tĩnh (ZIP)")
    ZIM = "zim", _("Kiwix (ZIM)")


class PackStatus(models.TextChoices):
    BUILDING = "building", _("Đang tạo")
    READY = "ready", _("Sẵn sàng")
    STALE = "stale", _("Đã cũ")
    FAILED = "failed", _("Lỗi")


class OfflinePack(models.Model):
    """One built pack of a collection, course or centre library, or of a search result (then
    `source_page` is empty and `search_query` holds the search's query string, `title` its
    description and `centre` the centre whose teachers may see it), in one format.

    `lessons` records which lessons went in, so that unpublishing, restricting, editing or
    deleting any of them marks the pack stale (`signals.py`); `fingerprint` identifies the
    content (lesson revisions and publication times), so an unchanged source is not rebuilt.
    Only a READY pack of a live, public source is ever downloaded (`views.py`).
    """

    source_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("nguồn"),
        on_delete=models.CASCADE,
        related_name="offline_packs_of_source",
        null=True,
        blank=True,
    )
    # A pack of a search result (built by the search room, docs/offline-packs.md).
    search_query = models.CharField(_("tìm kiếm"), max_length=2000, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    centre = models.ForeignKey(
        "content_models.Centre",
        verbose_name=_("trung tâm"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    format = models.CharField(_("định dạng"), max_length=8, choices=PackFormat.choices)
    # Originals of videos, sound and large PDFs instead of their light versions.
    originals = models.BooleanField(_("tệp gốc"), default=False)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=PackStatus.choices,
        default=PackStatus.BUILDING,
        db_index=True,
    )
    fingerprint = models.CharField(_("dấu vân nội dung"), max_length=64, db_index=True)
    lessons = models.ManyToManyField(
        "content_models.LessonPage",
        verbose_name=_("bài học"),
        related_name="offline_packs_containing",
        blank=True,
    )
    lesson_count = models.PositiveIntegerField(_("số bài học"), default=0)
    # Lessons written so far while BUILDING, out of `lesson_count` (set when the build starts).
    progress = models.PositiveIntegerField(_("đã xử lý (bài)"), default=0)
    file = models.FileField(_("tệp"), upload_to="offline_packs/", blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    built_at = models.DateTimeField(_("tạo lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("gói ngoại tuyến")
        verbose_name_plural = _("gói ngoại tuyến")
        ordering = ["-built_at", "-pk"]

    def __str__(self):
        return f"{self.display_title} ({self.get_format_display()})"

    @property
    def display_title(self):
        return self.source_page.title if self.source_page_id else self.title

    @property
    def download_name(self):
        """The file name a browser saves: the source's slug (or "tim-kiem") and the format."""
        slug = self.source_page.slug if self.source_page_id else "tim-kiem"
        return f"{slug}.{self.format}"
