"""Rebuilds and reconciliation (RTD's `reindex_elasticsearch`, made durable by the outbox).

Elasticsearch rebuild: new versioned indices with refresh off, documents streamed from the
database in chunks through the bulk helpers, refresh, count check, one atomic alias swap, then
the pages whose outbox rows were written after the snapshot are re-sent to the new indices
(they may have been drained into the old ones meanwhile). Any failure before the swap deletes
the new indices and leaves the old ones serving (docs/faults.md row 15).
"""

import logging
import queue
import threading
import time
from dataclasses import dataclass, field

from elasticsearch.helpers import scan, streaming_bulk

from search.backends.database import store as db_store
from search.backends.elasticsearch import index as es_index
from search.documents import DOCUMENTS, alias_name, indexing_client
from search.events import catalogue_changed
from search.models import OutboxEntry
from search.outbox import enqueue_ids
from search.serializers import KIND_MODELS, indexable_ids, iter_documents, load_documents

logger = logging.getLogger("hlm.search")
# Documents per bulk request and per database read during a rebuild (the benchmark's too).
REBUILD_CHUNK = 1000


class RebuildFailed(RuntimeError):
    pass


@dataclass
class RebuildReport:
    indices: dict = field(default_factory=dict)
    documents: int = 0
    seconds: float = 0.0  # the whole rebuild: index creation, filling, refresh, checks
    fill_seconds: float = 0.0  # streaming documents only
    caught_up: int = 0
    removed: list = field(default_factory=list)

    @property
    def rate(self):
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def fill_rate(self):
        return self.documents / self.fill_seconds if self.fill_seconds else 0.0


def rebuild_elasticsearch(chunk_size=REBUILD_CHUNK, progress=None, keep_old=False, kinds=None):
    """Fill new indices and swap the aliases; returns a RebuildReport. Raises RebuildFailed."""
    client = indexing_client(timeout=120)
    es_index.check_compatibility(client)
    snapshot = _snapshot()
    report = RebuildReport()
    kinds = list(kinds or DOCUMENTS)
    started = time.monotonic()
    try:
        for kind in kinds:
            name = es_index.create_index(kind, client, bulk_load=True)
            report.indices[kind] = name
            filling = time.monotonic()
            sent = _fill(client, kind, name, snapshot, chunk_size, progress, report)
            report.fill_seconds += time.monotonic() - filling
            client.indices.put_settings(
                index=name,
                settings={"refresh_interval": "1s", "translog": {"durability": "request"}},
            )
            client.indices.refresh(index=name)
            found = client.count(index=name).body["count"]
            if found != sent:
                raise RebuildFailed(f"{name}: {found} documents found, {sent} were sent")
    except Exception:
        for name in report.indices.values():
            client.indices.delete(index=name, ignore_unavailable=True)
        raise
    report.seconds = time.monotonic() - started
    old = {kind: es_index.concrete_indices(client, kind) for kind in kinds}
    es_index.swap_aliases(client, report.indices)
    report.caught_up = _catch_up(client, snapshot, report.indices)
    catalogue_changed.send(sender=__name__)
    if not keep_old:
        for names in old.values():
            for name in names:
                client.indices.delete(index=name, ignore_unavailable=True)
                report.removed.append(name)
    return report


def _snapshot():
    return OutboxEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _fill(client, kind, index, snapshot, chunk_size, progress, report):
    """Stream one kind into `index`: this thread reads and serializes, a second one sends.

    Reading the database and building documents is Python work; indexing is Elasticsearch's;
    overlapping the two roughly doubles a rebuild's rate. Only the sender touches the network
    and only this thread touches the database (so it also works inside a test transaction).
    """
    chunks = queue.Queue(maxsize=4)
    outcome = {"sent": 0, "failures": [], "error": None}
    sender = threading.Thread(
        target=_send_chunks, args=(client, chunks, chunk_size, progress, outcome), daemon=True
    )
    sender.start()
    chunk = []
    try:
        for pk, doc in iter_documents(KIND_MODELS[kind], chunk_size=chunk_size):
            chunk.append(
                {
                    "_op_type": "index",
                    "_index": index,
                    "_id": str(pk),
                    "_source": doc,
                    "version": snapshot,
                    "version_type": "external_gte",
                }
            )
            if len(chunk) >= chunk_size:
                _put(chunks, chunk, sender)
                chunk = []
        if chunk:
            _put(chunks, chunk, sender)
    finally:
        _put(chunks, None, sender)
        sender.join()
    if outcome["error"] is not None:
        raise RebuildFailed(f"bulk indexing stopped: {outcome['error']}") from outcome["error"]
    failures = outcome["failures"]
    if failures:
        raise RebuildFailed(f"{len(failures)} documents rejected, first: {failures[0]}")
    report.documents += outcome["sent"]
    return outcome["sent"]


def _put(chunks, item, sender):
    while sender.is_alive():
        try:
            chunks.put(item, timeout=1)
            return
        except queue.Full:
            continue


def _send_chunks(client, chunks, chunk_size, progress, outcome):
    def actions():
        while (chunk := chunks.get()) is not None:
            yield from chunk

    try:
        for ok, item in streaming_bulk(
            client,
            actions(),
            chunk_size=chunk_size,
            max_retries=8,
            initial_backoff=1,
            max_backoff=30,
            raise_on_error=False,
            raise_on_exception=False,
            yield_ok=True,
        ):
            if ok:
                outcome["sent"] += 1
            else:
                info = next(iter(item.values()))
                failure = (info.get("_id"), info.get("error") or info.get("exception"))
                outcome["failures"].append(failure)
                logger.error("search: rebuild rejected page %s: %s", *failure)
            if progress is not None:
                progress.update(1)
    except Exception as exc:  # reported to the reading thread, which raises it
        outcome["error"] = exc
        while chunks.get() is not None:  # let the reader finish instead of blocking
            pass


def _catch_up(client, snapshot, indices):
    """Re-send pages changed after the snapshot straight to the new indices."""
    changed = {}
    for pk, row_id in OutboxEntry.objects.filter(id__gt=snapshot).values_list("page_id", "id"):
        changed[pk] = max(changed.get(pk, 0), row_id)
    if not changed:
        return 0
    _ok, failed = es_index.send(load_documents(changed), changed, client, indices)
    if failed:  # the rows stay pending in the outbox; the next drain retries them
        logger.error("search: %s pages failed to catch up after the swap", len(failed))
    return len(changed) - len(failed)


def rebuild_database(chunk_size=REBUILD_CHUNK, progress=None):
    """Refill the database table in place; entries written meanwhile by a drain are kept."""
    snapshot = _snapshot()
    seen = set()
    started = time.monotonic()
    for model in KIND_MODELS.values():
        batch = {}
        for pk, doc in iter_documents(model, chunk_size=chunk_size):
            batch[pk] = doc
            if len(batch) >= chunk_size:
                _flush(batch, snapshot, seen, progress)
        _flush(batch, snapshot, seen, progress)
    stale = db_store.stored_ids() - seen
    for start in range(0, len(stale), chunk_size):
        ids = sorted(stale)[start : start + chunk_size]
        db_store.apply_documents(dict.fromkeys(ids), dict.fromkeys(ids, snapshot))
    db_store.purge_tombstones(snapshot)
    catalogue_changed.send(sender=__name__)
    report = RebuildReport(documents=len(seen), seconds=time.monotonic() - started)
    report.removed = sorted(stale)
    return report


def _flush(batch, snapshot, seen, progress):
    if not batch:
        return
    db_store.apply_documents(batch, dict.fromkeys(batch, snapshot))
    seen.update(batch)
    if progress is not None:
        progress.update(len(batch))
    batch.clear()


def elasticsearch_ids(client=None):
    client = client or indexing_client()
    ids = set()
    for kind in DOCUMENTS:
        client.indices.refresh(index=alias_name(kind))  # count what was just written too
        for hit in scan(client, index=alias_name(kind), query={"_source": False}, size=2000):
            ids.add(int(hit["_id"]))
    return ids


def drift(include_elasticsearch=True):
    """{target: {"missing": ids, "extra": ids}} against the pages that should be indexed."""
    expected = indexable_ids()
    targets = {"database": db_store.stored_ids()}
    if include_elasticsearch:
        targets["elasticsearch"] = elasticsearch_ids()
    return {
        name: {"missing": sorted(expected - ids), "extra": sorted(ids - expected)}
        for name, ids in targets.items()
    }


def reconcile(include_elasticsearch=True):
    """Queue every page that differs; returns the drift found."""
    found = drift(include_elasticsearch)
    ids = {pk for target in found.values() for pk in target["missing"] + target["extra"]}
    enqueue_ids(ids, reason=OutboxEntry.Reason.RECONCILE, drain=False)
    return found
