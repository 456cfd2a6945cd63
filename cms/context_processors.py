"""Names every public template may use, computed without touching the database."""

from django.conf import settings
from django.urls import reverse

from cms.views import search_path


def site(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "search_url": search_path(),
        "feed_rss_url": reverse("feed_rss"),
        "feed_atom_url": reverse("feed_atom"),
    }
