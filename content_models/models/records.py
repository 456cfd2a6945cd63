"""What other systems have been told about each lesson, course and collection.

`OaiRecord` is one row per record the OAI-PMH provider (`content_models.oai`) has ever
exposed: its datestamp (the last change of the record, in whole seconds), the sets it belongs
to, and whether it is withdrawn. A withdrawn row is the tombstone that lets a harvester learn
that a lesson was unpublished, made private or deleted, long after the page itself is gone
("persistent" deleted records). See docs/interfaces.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    LESSON = "lesson", _("bài học")
    COURSE = "course", _("học phần")
    COLLECTION = "collection", _("bộ sưu tập")


class OaiRecord(models.Model):
    """Datestamp, set membership and tombstone of one harvestable page.

    Written by the signal handlers in `content_models/oai/signals.py` (publish, unpublish,
    delete, move, privacy and vocabulary changes) and reconciled by `sync_oai_records`.
    `page_id` is a plain integer, not a foreign key: the row must outlive the page.
    """

    page_id = models.PositiveIntegerField(_("mã trang"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=RecordKind.choices)
    datestamp = models.DateTimeField(_("thay đổi lần cuối"))
    deleted = models.BooleanField(_("đã rút"), default=False)
    # Space-separated, with a leading and a trailing space, so one set is matched with
    # `contains=" spec "`; ancestors of hierarchical sets ("level" of "level:x") are stored too.
    set_specs = models.TextField(_("thuộc các tập"), blank=True, default="")

    class Meta:
        verbose_name = _("bản ghi OAI-PMH")
        verbose_name_plural = _("bản ghi OAI-PMH")
        indexes = [models.Index(fields=["datestamp", "id"], name="oai_record_keyset")]

    def __str__(self):
        state = " (deleted)" if self.deleted else ""
        return f"{self.kind}/{self.page_id} @ {self.datestamp:%Y-%m-%dT%H:%M:%SZ}{state}"

    @property
    def specs(self):
        """The sets a header names: the most specific ones (ancestors are implied)."""
        specs = self.set_specs.split()
        return [spec for spec in specs if not any(o.startswith(f"{spec}:") for o in specs)]
