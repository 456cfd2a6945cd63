"""Index health for editors: pending rows and the last error of each target, no network call.

Read by the Wagtail dashboard panel and by the messages shown after publish, unpublish, move
and delete (wagtail_hooks.py). The figures come from the outbox and `IndexState`, which the
indexer keeps up to date, so the admin never waits on Elasticsearch.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from search.conf import elasticsearch_enabled
from search.models import IndexState, OutboxEntry


@dataclass
class IndexHealth:
    elasticsearch_enabled: bool
    pending: int
    pending_elasticsearch: int
    pending_database: int
    oldest_pending_at: object
    states: dict
    recent_errors: list = field(default_factory=list)

    @property
    def failing(self):
        return any(state.failing for state in self.states.values())

    @property
    def ok(self):
        return not self.failing and not self.recent_errors


def index_health():
    pending = OutboxEntry.objects.filter(done_at__isnull=True)
    oldest = pending.order_by("id").values_list("created_at", flat=True).first()
    states = {state.target: state for state in IndexState.objects.all()}
    enabled = elasticsearch_enabled()
    if not enabled:
        states.pop(IndexState.ELASTICSEARCH, None)
    errors = list(
        pending.exclude(last_error="")
        .order_by("-id")
        .values("page_id", "last_error", "attempts")[:5]
    )
    return IndexHealth(
        elasticsearch_enabled=enabled,
        pending=pending.count(),
        pending_elasticsearch=pending.filter(pending_es=True).count() if enabled else 0,
        pending_database=pending.filter(pending_db=True).count(),
        oldest_pending_at=oldest,
        states=states,
        recent_errors=errors,
    )


def change_warning(page_id=None):
    """The admin warning after a change, or None when search already has it (docs/faults.md row 8).

    With a page id: that page's rows are still pending after the post-commit drain. Without
    one (the delete view, whose drain runs after this message is built): the last attempt to
    reach Elasticsearch failed.
    """
    pending = OutboxEntry.objects.filter(done_at__isnull=True, page_id=page_id or 0)
    if page_id is None:
        state = IndexState.objects.filter(target=IndexState.ELASTICSEARCH).first()
        es_pending = elasticsearch_enabled() and bool(state and state.failing)
    else:
        es_pending = elasticsearch_enabled() and pending.filter(pending_es=True).exists()
    if es_pending:
        return _(
            "Đã lưu thay đổi, nhưng chỉ mục tìm kiếm chưa cập nhật được vì máy chủ tìm kiếm "
            "(Elasticsearch) không phản hồi. Thay đổi đã được xếp hàng và sẽ tự áp dụng khi "
            "máy chủ hoạt động trở lại; trong lúc đó trang tìm kiếm dùng cơ sở dữ liệu."
        )
    if pending.filter(pending_db=True).exclude(last_error="").exists():
        return _(
            "Đã lưu thay đổi, nhưng bảng tìm kiếm trong cơ sở dữ liệu chưa cập nhật được. "
            "Thay đổi đã được xếp hàng để thử lại."
        )
    return None
