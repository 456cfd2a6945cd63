"""Every admin URL pattern, read from Django's resolver, and what each of its arguments is.

The matrix tests build their URLs from here rather than from a hand-written list, so a view
that Wagtail (or a hook of ours) adds later is driven too. A pattern argument this module
cannot classify fails `test_every_admin_argument_is_classified`, which asks for a decision.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Arguments naming a page, a document, an image, a revision, a task, a task state or a
# workflow state: the objects a centre's unpublished work is made of.
PAGE = "page"
DOCUMENT = "document"
IMAGE = "image"
REVISION = "revision"
TASK = "task"
TASK_STATE = "task_state"
WORKFLOW_STATE = "workflow_state"
WORKFLOW = "workflow"
FIXED = "fixed"  # a word, not an id (action name, rendition filter, model name)
UNRELATED = "unrelated"  # ids of objects that hold no centre's work (see UNRELATED_ROUTES)

BY_ARGUMENT = {
    "page_id": PAGE,
    "parent_page_id": PAGE,
    "page_to_move_id": PAGE,
    "destination_id": PAGE,
    "page_pk": PAGE,
    "document_id": DOCUMENT,
    "doc_id": DOCUMENT,
    "image_id": IMAGE,
    "revision_id": REVISION,
    "revision_id_a": REVISION,
    "revision_id_b": REVISION,
    "task_id": TASK,
    "task_state_id": TASK_STATE,
    "workflow_state_id": WORKFLOW_STATE,
    "workflow_pk": WORKFLOW,
    "action_name": FIXED,
    "filter_spec": FIXED,
    "content_type_app_name": FIXED,
    "content_type_model_name": FIXED,
    "app_label": FIXED,
    "model_name": FIXED,
    "app_name": FIXED,
    "action": FIXED,
    "object_id": PAGE,  # editing sessions: only pages and snippets have them here
    "session_id": FIXED,
    "fmt": FIXED,  # the reports' export format (xlsx or csv)
}

# `pk` means a different object in each namespace.
PK_BY_ROUTE_PREFIX = {
    "wagtailadmin_pages:": PAGE,
    "wagtailadmin_api:pages:": PAGE,
    "wagtailadmin_api:documents:": DOCUMENT,
    "wagtailadmin_api:images:": IMAGE,
    "wagtaildocs_chooser:": DOCUMENT,
    "wagtailimages_chooser:": IMAGE,
    "wagtailadmin_workflows:edit_task": TASK,
    "wagtailadmin_workflows:disable_task": TASK,
    "wagtailadmin_workflows:enable_task": TASK,
    "wagtailadmin_workflows:": WORKFLOW,
}

# Routes whose ids are not centre work: vocabularies (snippets), collections, sites, users,
# groups, redirects, settings, upload slots of the multiple-upload form, the password reset,
# the background jobs listing (read-only, editors only: cms/background/viewsets.py), and
# offline packs, which hold only live, public lessons (who may build and download them is
# tested in tests/content_models/test_offline_pack_admin.py), and the search query log, whose
# rows are folded query texts counted per day (editors only: search/query_log_admin.py).
UNRELATED_ROUTES = re.compile(
    r"^(wagtailsnippets_|wagtailsnippetchoosers_|wagtailadmin_collections:|wagtailsites:"
    r"|background_jobs:|offline_packs_admin:|search_query_log:"
    r"|wagtailusers_|wagtailredirects:|wagtailsettings:|wagtailadmin_password_reset"
    r"|wagtaildocs:(create_multiple_from_uploaded_document|delete_upload_multiple)"
    r"|wagtailimages:(create_multiple_from_uploaded_image|delete_upload_multiple))"
)

# Never requested by the matrix: logging out ends the session being tested, and these two
# exist to raise on purpose (Wagtail's error-page test views).
NOT_REQUESTED = {"wagtailadmin_logout", "wagtailadmin_error_test", None}
# Requested with ids in the query string instead (see `extra_id_urls` in the matrix).
QUERY_STRING_IDS = {"wagtail_bulk_action"}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name
    route: str  # the pattern text, for messages
    arguments: tuple  # argument names, in order

    def kind(self, argument):
        if argument == "pk" or argument == "collection_id":
            for prefix, kind in PK_BY_ROUTE_PREFIX.items():
                if self.name.startswith(prefix):
                    return kind
            return UNRELATED if UNRELATED_ROUTES.match(self.name) else None
        if UNRELATED_ROUTES.match(self.name) and argument not in BY_ARGUMENT:
            return UNRELATED
        return BY_ARGUMENT.get(argument)

    @property
    def kinds(self):
        return {argument: self.kind(argument) for argument in self.arguments}

    @property
    def is_unrelated(self):
        return UNRELATED_ROUTES.match(self.name) is not None


def _arguments(pattern):
    regex = pattern.pattern.regex
    return tuple(regex.groupindex)


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield prefix + str(pattern.pattern), name, pattern


def admin_routes():
    """Every named pattern under /admin/, with the names of its arguments."""
    routes = []
    seen = set()
    for text, name, pattern in _walk(get_resolver().url_patterns):
        if not text.startswith("admin/") or name in NOT_REQUESTED:
            continue
        # The page viewsets compose the same path for several routes; keep the first.
        key = (name, text)
        if key in seen:
            continue
        seen.add(key)
        routes.append(Route(name=name, route=text, arguments=_arguments(pattern)))
    return routes


def id_routes():
    """Routes taking the id of some centre's page, media, revision or workflow object."""
    wanted = {PAGE, DOCUMENT, IMAGE, REVISION, TASK, TASK_STATE, WORKFLOW_STATE, WORKFLOW}
    return [
        route
        for route in admin_routes()
        if not route.is_unrelated and wanted & set(route.kinds.values())
    ]


def plain_routes():
    """Routes without an id argument: listings, search pages, add forms, reports."""
    return [
        route
        for route in admin_routes()
        if route.name not in QUERY_STRING_IDS
        and "session_id" not in route.arguments
        and set(route.kinds.values()) <= {FIXED}
    ]
