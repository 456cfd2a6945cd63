"""What the repository counts about its use: daily view and download totals, and the ledger
of reuses between centres.

`DailyUsage` holds one row per item, kind and day: a count and nothing else. No address, user
agent, user, session or cookie is stored anywhere; deciding whether a view is a repeat uses a
hash kept in the cache for 30 seconds only (`content_models/usage/counting.py`). The rows are
written in batches off the request path. `ReuseRecord` is written once, when a derivative
lesson is first published. See docs/usage-and-reports.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UsageKind(models.TextChoices):
    VIEW = "view", _("lượt xem")
    DOWNLOAD = "download", _("lượt tải")


class DailyUsage(models.Model):
    """How many times one item was viewed (a page) or downloaded (a document) on one day.

    `item_id` is the page's id for views and the document's id for downloads, a plain integer
    so that the figures outlive a deleted item. `day` is the local date (Asia/Ho_Chi_Minh).
    """

    kind = models.CharField(_("loại"), max_length=8, choices=UsageKind.choices)
    item_id = models.PositiveIntegerField(_("mã mục"))
    day = models.DateField(_("ngày"))
    count = models.PositiveIntegerField(_("số lượt"), default=0)

    class Meta:
        verbose_name = _("thống kê sử dụng theo ngày")
        verbose_name_plural = _("thống kê sử dụng theo ngày")
        constraints = [
            models.UniqueConstraint(fields=["kind", "item_id", "day"], name="usage_one_row_a_day")
        ]
        # Reports read a period for every item: (kind, day) first, the item and the count
        # in the index so the scan never reads the table.
        indexes = [
            models.Index(fields=["kind", "day", "item_id", "count"], name="usage_by_day"),
        ]

    def __str__(self):
        return f"{self.kind} {self.item_id} {self.day}: {self.count}"


class MonthlyUsage(models.Model):
    """The daily rows summed per item, kind and calendar month, kept by the database itself.

    Triggers on `DailyUsage` (migration 0011) add every insert, update and delete to the
    month's row in the same statement, whoever writes (the usage worker's upsert, the demo,
    a test, a shell), so the two tables never disagree. A school year is twelve whole months,
    so its reports read at most twelve rows per item instead of up to 365
    (`usage/reading.py`; docs/usage-and-reports.md). Never written by the application.
    """

    kind = models.CharField(_("loại"), max_length=8, choices=UsageKind.choices)
    item_id = models.PositiveIntegerField(_("mã mục"))
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    count = models.PositiveIntegerField(_("số lượt"), default=0)

    class Meta:
        verbose_name = _("thống kê sử dụng theo tháng")
        verbose_name_plural = _("thống kê sử dụng theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "item_id", "month"], name="usage_one_row_a_month"
            )
        ]
        # Reports read the months of a set of items: driven from the items, index only.
        indexes = [
            models.Index(fields=["kind", "item_id", "month", "count"], name="monthly_by_item"),
        ]

    def __str__(self):
        return f"{self.kind} {self.item_id} {self.month:%Y-%m}: {self.count}"


class UsageBatch(models.Model):
    """A batch of counts already added to `DailyUsage`: a flush job that runs again after a
    worker died finds its key here and adds nothing twice."""

    key = models.UUIDField(unique=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.key)


class ReuseRecord(models.Model):
    """One reuse of a lesson by a centre, recorded when the derivative is first published.

    The source's centre and authors and both licences are copied at that moment, so the
    credit stays what it was even if the source is later edited, moved or deleted.
    """

    derivative = models.OneToOneField(
        "content_models.LessonPage",
        verbose_name=_("bài dùng lại"),
        on_delete=models.CASCADE,
        related_name="reuse_record",
    )
    source = models.ForeignKey(
        "content_models.LessonPage",
        verbose_name=_("bài gốc"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reuse_records",
    )
    source_title = models.CharField(_("tên bài gốc"), max_length=255)
    source_centre = models.ForeignKey(
        "content_models.Centre",
        verbose_name=_("trung tâm của bài gốc"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reuses_given",
    )
    source_authors = models.CharField(_("tác giả bài gốc"), max_length=255, blank=True)
    reusing_centre = models.ForeignKey(
        "content_models.Centre",
        verbose_name=_("trung tâm dùng lại"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reuses_received",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("giáo viên dùng lại"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_on = models.DateField(_("ngày công bố"))
    source_licence = models.ForeignKey(
        "content_models.Licence",
        verbose_name=_("giấy phép bài gốc"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    licence = models.ForeignKey(
        "content_models.Licence",
        verbose_name=_("giấy phép bài dùng lại"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lượt dùng lại")
        verbose_name_plural = _("lượt dùng lại")
        indexes = [models.Index(fields=["published_on"], name="reuse_by_day")]

    def __str__(self):
        return f"{self.source_title} → {self.derivative_id}"
