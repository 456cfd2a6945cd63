"""The durable outbox, index health, editors' synonyms and the database full-text table.

Flow (docs/search.md, "Outbox and indexer"): a publish, unpublish, move, delete or taxonomy
rename writes an `OutboxEntry` in the caller's transaction (signals.py). The indexer
(indexer.py) drains pending rows: it re-reads each page from the database, writes `SearchEntry`
+ `SearchFacetValue` (the database backend's table) and sends the same document to
Elasticsearch; a row is done only when every target has it. `IndexState` keeps the last
success and error per target for the admin panel and `search_index status`.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class OutboxEntry(models.Model):
    """One page whose search documents must be brought in line with the database."""

    class Reason(models.TextChoices):
        PUBLISH = "publish", _("xuất bản")
        UNPUBLISH = "unpublish", _("hủy xuất bản")
        DELETE = "delete", _("xóa")
        MOVE = "move", _("di chuyển")
        TAXONOMY = "taxonomy", _("đổi danh mục")
        PRIVACY = "privacy", _("quyền xem")
        RECONCILE = "reconcile", _("đối soát")
        REBUILD = "rebuild", _("dựng lại")

    page_id = models.IntegerField(_("trang"), db_index=True)
    reason = models.CharField(_("lý do"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    # Which targets still need this change (the database table always; Elasticsearch when set).
    pending_db = models.BooleanField(default=True)
    pending_es = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("thay đổi chờ lập chỉ mục")
        verbose_name_plural = _("thay đổi chờ lập chỉ mục")
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                name="search_outbox_pending",
                condition=models.Q(done_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} #{self.page_id}"


class IndexState(models.Model):
    """Last outcome of sending changes to one target; shown to editors in the admin."""

    ELASTICSEARCH = "elasticsearch"
    DATABASE = "database"

    target = models.CharField(max_length=20, primary_key=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tình trạng chỉ mục")
        verbose_name_plural = _("tình trạng chỉ mục")

    def __str__(self):
        return self.target

    @property
    def failing(self):
        """True when the latest attempt failed (no success since the last error)."""
        return bool(
            self.last_error_at
            and (self.last_success_at is None or self.last_error_at >= self.last_success_at)
        )


class SearchSynonym(models.Model):
    """Words searched as one (abbreviations, spelling variants); editors extend the list."""

    terms = models.CharField(
        _("các từ tương đương"),
        max_length=500,
        unique=True,
        help_text=_("Cách nhau bằng dấu phẩy, ví dụ: THPT, trung học phổ thông"),
    )

    panels = [FieldPanel("terms")]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("từ đồng nghĩa")
        verbose_name_plural = _("từ đồng nghĩa")

    def __str__(self):
        return self.terms


class SearchEntry(models.Model):
    """One live, public lesson or course in the database's full-text table.

    `folded_*` hold text folded by `content_models.text.fold`; `exact_text` keeps diacritics for
    ranking. SQLite indexes them in the FTS5 table `search_fts` (external content, kept in sync
    by triggers), PostgreSQL in a generated tsvector column with a GIN index (migration 0002).
    `data` is the serialized document minus the folded text: the hit is built from it.
    """

    page_id = models.IntegerField(primary_key=True)
    kind = models.CharField(max_length=10)
    version = models.BigIntegerField(default=0)
    folded_title = models.TextField(blank=True)
    folded_body = models.TextField(blank=True)
    exact_text = models.TextField(blank=True)
    first_published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    view_count = models.PositiveIntegerField(default=0, db_index=True)
    expire_at = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("mục tìm kiếm")

    def __str__(self):
        return self.data.get("title", str(self.page_id))


class SearchFacetValue(models.Model):
    """One facet value of one entry (a lesson has many subjects…): SQL facet counts.

    Every entry also has a ("kind", kind) row, and `kind`/`expire_at` are copied from the
    entry, so totals and facet counts are answered from this narrow table and its covering
    index alone, never from the wide entry rows.
    """

    entry = models.ForeignKey(
        SearchEntry, on_delete=models.CASCADE, related_name="facet_values", db_column="page_id"
    )
    facet = models.CharField(max_length=16)
    value = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, default="")
    expire_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("giá trị bộ lọc")
        verbose_name_plural = _("giá trị bộ lọc")
        constraints = [
            models.UniqueConstraint(
                fields=["facet", "value", "entry"], name="search_facet_value_unique"
            )
        ]
        indexes = [
            # Covering for counting the facets of the pages a text query matches (one lookup
            # per matching page: docs/search-repair.md, "Speed").
            models.Index(fields=["entry", "facet", "value"], name="search_facet_entry_value"),
            models.Index(
                fields=["facet", "value", "kind", "expire_at", "entry"], name="search_facet_count"
            ),
        ]

    def __str__(self):
        return f"{self.facet}={self.value}"


class SearchWord(models.Model):
    """One distinct folded word of the database table (PostgreSQL's vocabulary).

    SQLite reads its vocabulary from the FTS5 `fts5vocab` table instead, so this table is only
    written on PostgreSQL, where a pg_trgm GIN index (migration 0005) finds typo candidates
    without reading documents (search/vocabulary.py). Words are never removed: a stale word
    only costs a candidate that matches nothing.
    """

    word = models.CharField(max_length=64, primary_key=True)

    class Meta:
        verbose_name = _("từ trong chỉ mục")
        verbose_name_plural = _("từ trong chỉ mục")

    def __str__(self):
        return self.word


class SearchQueryLog(models.Model):
    """How often a folded query found nothing, or was rescued by repair or the relaxed pass.

    Counted per day and outcome only: no address, user, session or time of day is stored.
    Editors read the most frequent ones in the admin and turn one into a synonym in one step
    (docs/search-repair.md).
    """

    class Outcome(models.TextChoices):
        ZERO = "zero", _("không có kết quả")
        RESCUED = "rescued", _("được cứu bằng sửa lỗi hoặc nới lỏng")

    day = models.DateField(_("ngày"))
    text = models.CharField(_("từ khóa (bỏ dấu)"), max_length=200)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    corrected = models.CharField(_("đã sửa thành"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("số lần"), default=0)

    class Meta:
        verbose_name = _("từ khóa tìm kiếm cần chú ý")
        verbose_name_plural = _("từ khóa tìm kiếm cần chú ý")
        ordering = ["-day", "-count"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "text", "outcome"], name="search_query_log_unique"
            )
        ]

    def __str__(self):
        return self.text
