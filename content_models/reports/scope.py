"""Who sees which centres' reports: editors every province; a centre's directors and teachers
their own centre; nobody else any (docs/usage-and-reports.md)."""

from django.db.models import Q

from content_models.models import Centre
from content_models.roles import is_editor


def visible_centres(user):
    """Centres whose reports `user` may read."""
    if not (user.is_authenticated and user.is_active):
        return Centre.objects.none()
    if is_editor(user):
        return Centre.objects.all()
    groups = user.groups.all()
    return Centre.objects.filter(Q(teachers_group__in=groups) | Q(directors_group__in=groups))


def may_see_reports(user):
    return visible_centres(user).exists()


def sees_every_province(user):
    return is_editor(user)
