"""How a page presents itself when shared: its short link, its Open Graph picture and the
"how to credit this" text.

Pure functions of a page and the request. A leaf module: the page models use the Open Graph
picture in their context (the theme's base template reads `og_image`); the lesson page's
template tags and the public views use the rest.
"""

import logging

from django.urls import reverse

from wagtail.images.models import SourceImageIOError

from content_models import licensing
from media.renditions import SHARE

logger = logging.getLogger("hlm.public")

OG_IMAGE_SPEC = SHARE  # JPEG 1200×630: every link-preview crawler reads it


def og_image_url(image, request):
    """Absolute URL of the Open Graph picture, or None."""
    if image is None:
        return None
    try:
        return request.build_absolute_uri(image.get_rendition(OG_IMAGE_SPEC).url)
    except (SourceImageIOError, OSError, ValueError):
        logger.warning("Open Graph image %s could not be rendered", image.pk, exc_info=True)
        return None


def short_link(page, request):
    """Absolute short, stable link of a page (/l/<id>/)."""
    return request.build_absolute_uri(reverse("public:short_link", args=[page.pk]))


def attribution_text(page, request):
    """ "How to credit this": the TASL text of `content_models.licensing` for this page."""
    return licensing.attribution_text(
        title=page.title,
        authors=page.author_list,
        centre=page.centre.name if page.centre_id else "",
        url=page.get_full_url(request) or (short_link(page, request) if page.pk else ""),
        licence_name=page.licence.name,
        licence_url=page.licence.url,
        derivative=False,
    )
