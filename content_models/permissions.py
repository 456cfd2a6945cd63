"""Who may see and attribute what, beyond Wagtail's page and collection permissions.

Wagtail's page permissions (granted in `models/workflow.py`) already keep a teacher inside
their centre's library for editing, copying, revisions, history, moving and deleting. What
they do not cover is the "contributing centre" field a teacher fills in: without the page
form, a teacher of centre A could credit their lesson to centre B, or re-point their own
centre library at another centre. Editors and administrators keep the full choice.

The page forms that enforce this live in `content_models/forms.py`.

`term_usage()` tells what still uses a vocabulary term, so that deleting it can be refused
with a clear message (the `before_delete_snippet` hook in cms/wagtail_hooks.py).
"""

from django.apps import apps
from django.db.models import PROTECT, RESTRICT, Q

from wagtail.models import Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

from content_models.roles import is_editor  # noqa: F401 (re-exported for callers)


def visible_pages_for(user, pages=None):
    """Pages a user may learn exist in the admin: live ones, and those in their own area.

    Drafts and pages in review of another centre stay hidden, including their titles.
    """
    pages = Page.objects.all() if pages is None else pages
    if user.is_superuser:
        return pages
    explorable = PagePermissionPolicy().explorable_instances(user)
    return pages.filter(Q(live=True) | Q(pk__in=explorable.values("pk")))


def _using_relations(model):
    """Reverse relations to `model` that count as a use: from pages (lessons, courses,
    libraries), from centres, and any relation that would refuse the delete (PROTECT)."""
    Centre = apps.get_model("content_models", "Centre")
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and rel.is_relation):
            continue
        related = rel.related_model
        if related._meta.auto_created:  # an M2M through table; the M2M itself is listed too
            continue
        protected = getattr(rel, "on_delete", None) in (PROTECT, RESTRICT)
        if protected or issubclass(related, Page) or related is Centre:
            yield related, rel.field.name


def term_usage(term):
    """Titles of what still uses a vocabulary term: pages (live or draft), centres, and
    anything else holding a protected reference to it.

    Also looks in the pending draft of live pages, whose new values live only in the
    latest revision, so deleting a term cannot break the publishing of that draft. Found by
    querying the rows themselves, not Wagtail's reference index, which may be stale.
    """
    used_by = {}
    field_names = set()
    for related, field_name in _using_relations(type(term)):
        is_page = issubclass(related, Page)
        for obj in related._default_manager.filter(**{field_name: term}).distinct():
            used_by[("page" if is_page else related._meta.label, obj.pk)] = str(obj)
        if is_page:
            field_names.add(field_name)
    if field_names:
        pending = Revision.page_revisions.filter(
            pk__in=Page.objects.filter(live=True, has_unpublished_changes=True).values(
                "latest_revision_id"
            )
        )
        for revision in pending:
            for name in field_names & set(revision.content):
                value = revision.content[name]
                if value == term.pk or (isinstance(value, list) and term.pk in value):
                    used_by[("page", int(revision.object_id))] = revision.object_str
    return sorted(used_by.values())
