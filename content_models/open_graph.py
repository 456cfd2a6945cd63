"""The picture a page shows in link previews (Open Graph `og:image`).

A leaf module: the page models put its URL in their context, where the theme's base template
reads `og_image`.
"""

import logging

from wagtail.images.models import SourceImageIOError

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
