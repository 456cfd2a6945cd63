"""Deploy-time checks of the Elasticsearch server and indices (docs/faults.md rows 19 and 20).

`manage.py check --deploy` (CI and the production entrypoint) connects to ELASTICSEARCH_URL and
fails when the client and server majors differ or when an index was built from another mapping
than the code's; a missing index or an unreachable server is a warning, since the indexer
creates missing indices and the service answers from the database meanwhile.
"""

from django.conf import settings
from django.core import checks


def elasticsearch_checks(app_configs=None, **kwargs):
    if not getattr(settings, "ELASTICSEARCH_URL", ""):
        return []
    from search import es_index

    try:
        es_index.check_compatibility()
        problems = es_index.mapping_problems()
    except es_index.ServerIncompatible as exc:
        return [checks.Error(str(exc), id="search.E001")]
    except es_index.unavailable_errors() as exc:
        return [
            checks.Warning(
                f"Elasticsearch at {settings.ELASTICSEARCH_URL} did not answer: {exc}",
                hint="Search answers from the database until it does.",
                id="search.W001",
            )
        ]
    result = []
    for code, message in problems:
        if code == "missing":
            hint = "python manage.py search_index create"
            result.append(checks.Warning(message, hint=hint, id="search.W002"))
        else:
            hint = "python manage.py search_index rebuild"
            result.append(checks.Error(message, hint=hint, id="search.E002"))
    return result


def register():
    checks.register(elasticsearch_checks, "search", deploy=True)


def grant_editor_permissions(sender=None, **kwargs):
    """Editors maintain the synonym list (the group is created by content_models)."""
    from django.contrib.auth.models import Group, Permission

    from content_models.models.workflow import EDITORS_GROUP

    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        return
    perms = Permission.objects.filter(
        content_type__app_label="search",
        codename__in=["add_searchsynonym", "change_searchsynonym", "delete_searchsynonym"],
    )
    group.permissions.add(*perms)
