"""Elasticsearch index operations: create, check, bulk-write, swap aliases, server health.

Writes never go to an index whose `_meta.schema_hash` differs from the code's (docs/faults.md row
19) and never let Elasticsearch create an index on its own: the alias is resolved to the
concrete index first, and a missing alias is created here with the explicit mapping.
"""

import logging

from django.utils.translation import gettext as _

import elasticsearch
from elasticsearch import ApiError, NotFoundError, TransportError
from elasticsearch.helpers import streaming_bulk

from search import cache, conf
from search.documents import (
    DOCUMENTS,
    alias_name,
    get_client,
    index_body,
    indexing_client,
    new_index_name,
    schema_hash,
)

logger = logging.getLogger("hlm.search")

CHECK_SECONDS = 30  # how long a successful mapping check is trusted by one process
BULK_CHUNK = 500


class IndexNotReady(RuntimeError):
    """The alias is missing or points at an index built from another mapping."""


class SearchRequestFailed(RuntimeError):
    """One search of an msearch came back with an error."""


class ServerIncompatible(RuntimeError):
    """Client and server majors differ (docs/faults.md row 20)."""


def _check_key():
    return f"es-ready-indices:{conf.index_prefix()}"


def invalidate_check():
    cache.invalidate(_check_key())


def concrete_indices(client, kind):
    """Names of the indices the alias of `kind` points at ([] when there is no alias)."""
    try:
        return sorted(client.indices.get_alias(name=alias_name(kind)).body)
    except NotFoundError:
        return []


def live_schema_hash(client, index):
    meta = client.indices.get_mapping(index=index).body[index]["mappings"].get("_meta") or {}
    return meta.get("schema_hash")


def create_index(kind, client=None, bulk_load=False, with_alias=False):
    client = client or indexing_client()
    name = new_index_name(kind)
    body = index_body(bulk_load=bulk_load)
    if with_alias:
        body["aliases"] = {alias_name(kind): {}}
    client.indices.create(index=name, **body)
    return name


def mapping_problems(client=None):
    """[(code, message)] for the live indices: code is "missing", "not_alias" or "mismatch".

    [] when both aliases exist and point at indices built from the code's mapping.
    """
    client = client or get_client()
    problems = []
    for kind in DOCUMENTS:
        alias = alias_name(kind)
        indices = concrete_indices(client, kind)
        if not indices:
            if client.indices.exists(index=alias):
                message = _("“%(a)s” là một chỉ mục, không phải bí danh.") % {"a": alias}
                problems.append(("not_alias", message))
            else:
                problems.append(("missing", _("Chưa có chỉ mục “%(a)s”.") % {"a": alias}))
            continue
        for index in indices:
            found = live_schema_hash(client, index)
            if found != schema_hash():
                problems.append(
                    (
                        "mismatch",
                        _(
                            "Chỉ mục %(i)s được tạo với lược đồ %(found)s, mã nguồn cần %(need)s: "
                            "chạy “manage.py search_index rebuild”."
                        )
                        % {"i": index, "found": found or "?", "need": schema_hash()},
                    )
                )
    return problems


def ready_indices(client, create_missing=True):
    """{kind: concrete index} to write to; creates missing aliases; raises IndexNotReady.

    A successful check is trusted for CHECK_SECONDS (search/cache.py); a failed one is not
    kept."""
    return cache.cached(
        _check_key(), CHECK_SECONDS, lambda: _check_indices(client, create_missing)
    )


def _check_indices(client, create_missing):
    result = {}
    for kind in DOCUMENTS:
        indices = concrete_indices(client, kind)
        if not indices and create_missing and not client.indices.exists(index=alias_name(kind)):
            indices = [create_index(kind, client, with_alias=True)]
        if len(indices) != 1:
            raise IndexNotReady(f"alias {alias_name(kind)} points at {indices or 'nothing'}")
        if live_schema_hash(client, indices[0]) != schema_hash():
            raise IndexNotReady(
                f"index {indices[0]} has another mapping than the code ({schema_hash()}); "
                "run `manage.py search_index rebuild`"
            )
        result[kind] = indices[0]
    return result


def _actions(documents, versions, indices):
    for pk, doc in documents.items():
        common = {"_id": str(pk), "version": versions[pk], "version_type": "external_gte"}
        if doc is None:
            # The kind of a deleted page is unknown: delete from both (404 counts as done).
            for index in indices.values():
                yield {"_op_type": "delete", "_index": index, **common}
        else:
            yield {"_op_type": "index", "_index": indices[doc["kind"]], "_source": doc, **common}


def send(documents, versions, client=None, indices=None, chunk_size=BULK_CHUNK):
    """Bulk-write {page_id: doc or None}; returns (ok_ids, {page_id: error}).

    `streaming_bulk` retries 429 answers with backoff (docs/faults.md row 17); one rejected
    document fails alone (row 16); a version conflict means a newer state is already there
    (row 18).
    """
    client = client or indexing_client()
    indices = indices or ready_indices(client)
    failed = {}
    seen = set()
    results = streaming_bulk(
        client,
        _actions(documents, versions, indices),
        chunk_size=chunk_size,
        max_retries=6,
        initial_backoff=0.5,
        max_backoff=8,
        raise_on_error=False,
        raise_on_exception=False,
        yield_ok=True,
    )
    for ok, item in results:
        op, info = next(iter(item.items()))
        pk = int(info.get("_id"))
        seen.add(pk)
        status = info.get("status", 500)
        if ok or status == 409 or (op == "delete" and status == 404):
            continue
        error = info.get("error") or info.get("exception") or f"HTTP {status}"
        failed[pk] = str(error)[:1000]
        logger.error("search: Elasticsearch rejected page %s: %s", pk, failed[pk])
    for pk in documents:
        if pk not in seen:
            failed.setdefault(pk, "no answer from Elasticsearch")
    ok_ids = [pk for pk in documents if pk not in failed]
    return ok_ids, failed


def swap_aliases(client, new_indices):
    """Point each alias at its new index and away from all others, in one atomic call.

    `new_indices` is {kind: index}. Searches see either the old indices or the new ones,
    never a mixture or nothing (docs/faults.md row 15).
    """
    actions = []
    for kind, new_index in new_indices.items():
        alias = alias_name(kind)
        old = concrete_indices(client, kind)
        actions += [{"remove": {"index": index, "alias": alias}} for index in old]
        if not old and client.indices.exists(index=alias):
            # A concrete index squats the alias name (never one of ours): replace it.
            actions.append({"remove_index": {"index": alias}})
        actions.append({"add": {"index": new_index, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    invalidate_check()


def server_version(client=None):
    """Version string of the local node (this distribution answers 405 on GET /)."""
    client = client or get_client()
    nodes = client.nodes.info(node_id="_local", filter_path="nodes.*.version").body
    return next(iter(nodes["nodes"].values()))["version"]


def check_compatibility(client=None, client_version=None):
    """Raise ServerIncompatible unless the client's major equals the server's."""
    client_version = client_version or elasticsearch.__version__
    server = server_version(client)
    if int(server.split(".")[0]) != int(client_version[0]):
        raise ServerIncompatible(
            _(
                "Thư viện elasticsearch %(client)s không dùng được với máy chủ Elasticsearch "
                "%(server)s: phiên bản chính phải trùng nhau (cài elasticsearch==%(major)s.*)."
            )
            % {
                "client": ".".join(map(str, client_version)),
                "server": server,
                "major": server.split(".")[0],
            }
        )
    return server


def document_count(client, kind):
    try:
        return client.count(index=alias_name(kind)).body["count"]
    except NotFoundError:
        return None


def unavailable_errors():
    """Exceptions meaning "Elasticsearch cannot answer now" (fallback, rows stay pending)."""
    return (
        TransportError,
        ApiError,
        IndexNotReady,
        ServerIncompatible,
        SearchRequestFailed,
        ConnectionError,
        OSError,
    )
