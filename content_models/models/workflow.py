"""Groups, page and collection permissions, and the review workflow.

Roles (docs/architecture.md): teachers create and edit in their own centre's library only and never
publish; editors review, publish, curate collections and edit the vocabularies; administrators
do everything. Review is Wagtail's moderation workflow: a teacher submits, an editor approves
(the page goes live) or requests changes with a comment the teacher sees.

Everything here is idempotent so `seed_demo`, imports and tests may call it repeatedly.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowTask,
)

from content_models.models.taxonomy import (  # noqa: F401 (re-exported for callers)
    TEACHERS_GROUP_PREFIX,
    directors_group_name,
    teachers_group_name,
)
from content_models.roles import (
    ADMINISTRATORS_GROUP,
    EDITORS_GROUP,
)

REVIEW_WORKFLOW = "Duyệt học liệu"
REVIEW_TASK = "Biên tập viên duyệt"

TAXONOMY_MODELS = [
    "programmelevel",
    "subject",
    "grade",
    "resourcetype",
    "licence",
    "province",
    "centre",
]


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_page(group, page, *permission_types):
    for permission_type in permission_types:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=_permission("wagtailcore", f"{permission_type}_page"),
        )


def _grant_collection(group, collection, *codenames):
    for app_label, codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


# Editors' permissions outside the vocabularies. The search room grants its own (the synonym
# list) to the editors' group itself, when the group is created and after each migrate
# (search/signals.py, search/permissions.py), so this room never names it.
EDITOR_SITE_PERMISSIONS = [
    ("cms", "change_sitesettings"),
    # The background jobs listing (cms/background/viewsets.py), read-only.
    ("django_tasks_database", "view_dbtaskresult"),
]
# Wagtail checks image and document permissions against its own models (auth_model
# "wagtailimages.Image" / "wagtaildocs.Document" in their permission policies), even with
# custom models: permissions on media.CustomImage / media.CustomDocument would be ignored.
MEDIA_DELETE_PERMISSIONS = [("wagtailimages", "delete_image"), ("wagtaildocs", "delete_document")]
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def site_address():
    """(hostname, port) of settings.SITE_URL, as Wagtail's Site record holds them."""
    url = urlsplit(settings.SITE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


@transaction.atomic
def ensure_site_structure():
    """Home → Library under the root, the default Site, groups and the review workflow.

    Returns (home, library). Replaces Wagtail's placeholder "Welcome" page on a fresh install.
    The default Site gets its hostname and port from settings.SITE_URL (docs/public-site.md).
    """
    from content_models.models import HomePage, LibraryPage

    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title=_("Học liệu mở GDTX"),
                slug="trang-chu",
                introduction=_("Kho học liệu số dùng chung của các trung tâm GDTX."),
            )
        )
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Học liệu mở GDTX",
        )
    elif site.root_page_id != home.pk or (site.hostname, site.port) != (hostname, port):
        placeholder = site.root_page
        site.root_page = home
        site.hostname, site.port = hostname, port
        site.site_name = site.site_name or "Học liệu mở GDTX"
        site.save()
        if (
            placeholder.pk != home.pk
            and placeholder.specific_class is Page
            and not placeholder.get_children().exists()
        ):
            placeholder.delete()
    library = LibraryPage.objects.first()
    if library is None:
        library = home.add_child(
            instance=LibraryPage(title=_("Kho học liệu"), slug="kho-hoc-lieu")
        )
    ensure_editorial_groups(library)
    return home, library


def ensure_editorial_groups(library):
    """Editors and administrators groups and the workflow on the library."""
    root_collection = Collection.get_first_root_node()
    access_admin = _permission("wagtailadmin", "access_admin")

    editors, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.add(access_admin)
    for model in TAXONOMY_MODELS:
        for action in ("add", "change", "delete"):
            editors.permissions.add(_permission("content_models", f"{action}_{model}"))
    # Editors also keep the site's contact/footer settings and see the background jobs; named
    # by app label only (see docs/architecture.md, the one-way rule).
    for app_label, codename in EDITOR_SITE_PERMISSIONS:
        editors.permissions.add(_permission(app_label, codename))
    home = library.get_parent()
    _grant_page(editors, home, "add", "change", "publish", "lock", "unlock")
    _grant_collection(editors, root_collection, *MEDIA_PERMISSIONS, *MEDIA_DELETE_PERMISSIONS)

    administrators, _created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    administrators.permissions.add(access_admin)
    administrators.permissions.add(*editors.permissions.all())
    for codename in ("add_user", "change_user", "delete_user", "view_user"):
        administrators.permissions.add(_permission("auth", codename))
    _grant_page(
        administrators,
        Page.get_first_root_node(),
        "add",
        "change",
        "publish",
        "bulk_delete",
        "lock",
        "unlock",
    )
    _grant_collection(
        administrators, root_collection, *MEDIA_PERMISSIONS, *MEDIA_DELETE_PERMISSIONS
    )

    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(editors)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if not workflow.workflow_pages.filter(page=library).exists():
        workflow.workflow_pages.create(page=library)
    return editors, administrators


@transaction.atomic
def ensure_centre_library(centre, library=None):
    """The centre's library page, its media collection and its teachers' group.

    Teachers of the centre may add and edit pages below its library page (never publish:
    their edits go through the review workflow) and upload media to its collection.
    """
    from content_models.models import CentreLibraryPage, LibraryPage

    page = CentreLibraryPage.objects.filter(centre=centre).first()
    if page is None:
        library = library or LibraryPage.objects.get()
        page = library.add_child(
            instance=CentreLibraryPage(title=centre.name, slug=centre.slug, centre=centre)
        )
    ensure_centre_group(centre, page)
    return page


def centre_collection(centre):
    """The Wagtail collection holding a centre's images and documents, created on first use.

    Linked by key (`Centre.media_collection`), so a renamed centre keeps its files.
    """
    if centre.media_collection_id is None:
        centre.media_collection = Collection.get_first_root_node().add_child(name=centre.name)
        centre.save(update_fields=["media_collection"])
    return centre.media_collection


def centre_teachers_group(centre):
    """The centre's teachers' group, created on first use and linked by key."""
    if centre.teachers_group_id is None:
        group, _created = Group.objects.get_or_create(name=teachers_group_name(centre))
        centre.teachers_group = group
        centre.save(update_fields=["teachers_group"])
    return centre.teachers_group


def centre_directors_group(centre):
    """The centre's directors' group, created on first use and linked by key: its members
    read the centre's reports in the admin and nothing more."""
    if centre.directors_group_id is None:
        group, _created = Group.objects.get_or_create(name=directors_group_name(centre))
        centre.directors_group = group
        centre.save(update_fields=["directors_group"])
    group = centre.directors_group
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return group


def ensure_centre_group(centre, page):
    centre_directors_group(centre)
    group = centre_teachers_group(centre)
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    _grant_page(group, page, "add", "change")
    _grant_collection(group, centre_collection(centre), *MEDIA_PERMISSIONS)
    return group
