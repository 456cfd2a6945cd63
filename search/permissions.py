"""The search room's own permissions on the editors' group: editors maintain the synonyms.

Granted after each migrate (apps.py) and when content_models creates the group (signals.py),
so content_models never names a search permission.
"""

from django.contrib.auth.models import Group, Permission

from content_models.models.workflow import EDITORS_GROUP

SYNONYM_PERMISSIONS = ["add_searchsynonym", "change_searchsynonym", "delete_searchsynonym"]


def grant_editor_permissions(sender=None, **kwargs):
    """Editors maintain the synonym list (the group is created by content_models)."""
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        return
    perms = Permission.objects.filter(
        content_type__app_label="search", codename__in=SYNONYM_PERMISSIONS
    )
    group.permissions.add(*perms)
