"""Names every public template may use, computed without touching the database.

Upper-case on purpose: this context reaches Wagtail's admin templates too, which use
lower-case names such as `search_url` for their own meaning.
"""

from django.conf import settings
from django.urls import reverse

from cms.views import search_path


def site(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SEARCH_URL": search_path(),
        "FEED_RSS_URL": reverse("feed_rss"),
        "FEED_ATOM_URL": reverse("feed_atom"),
    }
