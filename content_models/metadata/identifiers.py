"""Identifiers that last: `oai:<repository>:<kind>/<page id>` and the short link `/l/<id>/`.

Both are built from the page id alone, which Wagtail never changes: moving a lesson to another
library, retitling it or changing its slug leaves them as they were. The repository part is
the `HLM_OAI_REPOSITORY_ID` setting when set, else the default site's host name, so a
harvester sees the same identifiers whichever host name it used to connect.
"""

import re

from django.conf import settings
from django.urls import reverse

from wagtail.models import Site

from content_models.models.records import RecordKind

OAI_ID_PATTERN = re.compile(r"^oai:(?P<repository>[^:\s]+):(?P<kind>[a-z]+)/(?P<pk>[0-9]{1,10})$")
# The oai-identifier scheme's repositoryIdentifier: a domain name with at least one dot.
DOMAIN_PATTERN = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")
MAX_PAGE_ID = 2**31 - 1  # wagtailcore_page.id is a 32-bit integer column


def repository_id(request=None):
    """The repository part of identifiers. With a `request` that Wagtail already matched to
    the default site (a page it served), that site is reused: no query."""
    configured = getattr(settings, "HLM_OAI_REPOSITORY_ID", "")
    if configured:
        return configured
    site = Site.find_for_request(request) if request is not None else None
    if site is None or not site.is_default_site:
        site = Site.objects.filter(is_default_site=True).only("hostname").first()
    return site.hostname if site and site.hostname else "localhost"


def oai_identifier(kind, pk, repository=None):
    return f"oai:{repository or repository_id()}:{kind}/{pk}"


def parse_oai_identifier(identifier, repository=None):
    """(kind, page id) of an identifier of this repository, or None."""
    match = OAI_ID_PATTERN.match(identifier or "")
    if match is None or match["repository"] != (repository or repository_id()):
        return None
    if match["kind"] not in RecordKind.values or int(match["pk"]) > MAX_PAGE_ID:
        return None
    return match["kind"], int(match["pk"])


def short_link_path(pk):
    return reverse("public:short_link", args=[pk])
