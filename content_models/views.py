"""Public views: short link, QR code, printable sheet and the anonymous view counter."""

from django.db.models import F

BOT_MARKERS = ("bot", "crawl", "spider", "slurp", "preview", "monitor")


def count_view(page, request):
    """Add one to the page's view count: no IP, cookie or session is read or stored.

    Only plain GETs by clients that do not announce themselves as robots are counted.
    """
    if request.method != "GET":
        return
    agent = request.headers.get("User-Agent", "").lower()
    if any(marker in agent for marker in BOT_MARKERS):
        return
    type(page).objects.filter(pk=page.pk).update(view_count=F("view_count") + 1)
