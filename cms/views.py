"""Site-wide public views: robots.txt and the language switch."""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

SEARCH_PATH_FALLBACK = "/tim-kiem/"


def search_path():
    """The search page's path; a fixed path while the search app has not mounted it yet."""
    try:
        return reverse("search:search")
    except NoReverseMatch:
        return SEARCH_PATH_FALLBACK


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    """Everything public may be crawled; the admin, the desk and search results may not."""
    disallowed = ["/admin/", "/ban-lam-viec/", search_path(), "/ngon-ngu/"]
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in disallowed]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico on their own: answer without a 404 page."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


# Django's set_language without the CSRF check: changing the display language is harmless,
# and pages then need no CSRF token, so a lesson page sets no cookie at all for anonymous
# visitors (and stays cacheable). The `next` URL is still checked by Django's view.
switch_language = require_POST(csrf_exempt(set_language))
