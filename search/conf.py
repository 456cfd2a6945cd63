"""The search settings, read in one place (a leaf: imports nothing of the search package).

Every module asks here whether Elasticsearch is configured instead of testing
`settings.ELASTICSEARCH_URL` itself. Values are read at call time, so a test that overrides a
setting, or a process whose settings change, sees the new value at once. The variables are
listed in the README's environment table and set in cms/settings/base.py; see docs/search.md.
"""

from django.conf import settings


def elasticsearch_url():
    """The server's URL, or "" when search runs on the database alone."""
    return getattr(settings, "ELASTICSEARCH_URL", "") or ""


def elasticsearch_enabled():
    """True when ELASTICSEARCH_URL is set: Elasticsearch answers, the database table is the
    fallback, and outbox rows wait for both targets."""
    return bool(elasticsearch_url())


def index_prefix():
    """Prefix of every index and alias name (`<prefix>lessons`, `<prefix>courses`)."""
    return settings.ELASTICSEARCH_INDEX_PREFIX


def request_timeout():
    """Seconds a user-facing request waits for Elasticsearch before the database answers."""
    return float(settings.ELASTICSEARCH_TIMEOUT)


def replicas():
    """Replicas of each new index: 0 on one node, more on a cluster."""
    return int(getattr(settings, "ELASTICSEARCH_REPLICAS", 0))
