"""The site-wide groups and who counts as an editor: a leaf every module may read.

Centre teachers' groups are per centre (`Centre.teachers_group`); these two are the groups
that work across centres. Created with their permissions by `models/workflow.py`.
"""

from django.contrib.auth.models import AnonymousUser

EDITORS_GROUP = "Biên tập viên"
ADMINISTRATORS_GROUP = "Quản trị viên"


def is_editor(user):
    """Editors, administrators and superusers review, publish and curate across centres."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[EDITORS_GROUP, ADMINISTRATORS_GROUP]).exists()
