"""Deploy-time checks of the Elasticsearch server and indices (docs/faults.md rows 19 and 20).

`manage.py check --deploy` (CI and the production entrypoint) connects to ELASTICSEARCH_URL and
fails when the client and server majors differ or when an index was built from another mapping
than the code's; a missing index or an unreachable server is a warning, since the indexer
creates missing indices and the service answers from the database meanwhile.
"""

from django.core import checks

from search import conf
from search.backends.elasticsearch import index as es_index


def elasticsearch_checks(app_configs=None, **kwargs):
    if not conf.elasticsearch_enabled():
        return []
    try:
        es_index.check_compatibility()
        problems = es_index.mapping_problems()
    except es_index.ServerIncompatible as exc:
        return [checks.Error(str(exc), id="search.E001")]
    except es_index.unavailable_errors() as exc:
        return [
            checks.Warning(
                f"Elasticsearch at {conf.elasticsearch_url()} did not answer: {exc}",
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
