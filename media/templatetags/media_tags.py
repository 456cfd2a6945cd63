"""`{% responsive_image %}`: a WebP `<img srcset>` for one of the presets in renditions.py.

    {% load media_tags %}
    {% responsive_image page.cover_image "card" %}
    {% responsive_image page.cover_image "cover" loading="eager" fetchpriority="high" %}
    {% responsive_image block.value.image "body" alt=block.value.caption class="lesson-figure" %}

renders

    <img src="…480x270.webp" srcset="…320w, …480w, …960w" sizes="…" width="480" height="270"
         alt="…" loading="lazy" decoding="async">

`alt` defaults to the image's description, then its title; pass `alt=""` for a decorative
picture. `sizes` overrides the preset's. Any other keyword becomes an attribute. If the image
is None, or its original is missing or unreadable and no rendition exists, the tag renders
nothing and logs why: a page never fails because of one picture (docs/faults.md row 7).
"""

import functools
import logging

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from wagtail.images.models import Filter

from ..renditions import CARD, PRESETS, SHARE, THUMB

logger = logging.getLogger("hlm.media")
register = template.Library()


@functools.cache
def _filters(preset):
    """The preset's Wagtail `Filter`s, built once: a filter parses its spec into operations
    on first use and keeps them, and the rendition cache key of every image needs them."""
    return tuple(Filter(spec=spec) for spec in preset.specs)


def _renditions(image, preset):
    """{width: rendition} in one query for existing renditions, creating missing ones."""
    by_spec = image.get_renditions(*_filters(preset))
    return {width: by_spec[preset.spec(width)] for width in preset.widths}


@register.simple_tag
def responsive_image(image, preset_name="card", **attrs):
    if not image:
        return ""
    preset = PRESETS.get(preset_name)
    if preset is None:
        raise template.TemplateSyntaxError(
            f"Unknown image preset {preset_name!r}; one of {', '.join(PRESETS)}."
        )
    try:
        renditions = _renditions(image, preset)
    except Exception:  # missing original (SourceImageIOError), undecodable file, storage down
        logger.exception("Image %s left out of the page (%s)", getattr(image, "pk", "?"), preset)
        return ""

    # Each rendition's URL once: the storage builds it with urljoin() on every call.
    urls = {width: rendition.url for width, rendition in renditions.items()}
    default = renditions[preset.default_width]
    # One candidate per actual width (a small original gives several sizes the same width).
    by_width = {rendition.width: urls[width] for width, rendition in renditions.items()}
    srcset = ", ".join(f"{by_width[width]} {width}w" for width in sorted(by_width))
    alt = attrs.pop("alt", None)
    final = {
        "src": urls[preset.default_width],
        "srcset": srcset,
        "sizes": attrs.pop("sizes", preset.sizes),
        "width": default.width,
        "height": default.height,
        "alt": image.default_alt_text if alt is None else alt,
        "loading": attrs.pop("loading", "lazy"),
        "decoding": attrs.pop("decoding", "async"),
    }
    final.update({name.replace("_", "-"): value for name, value in attrs.items()})
    return mark_safe(f"<img {_attributes(final)}>")  # every part escaped by _attributes


def _attributes(attrs):
    """In the given order; None/False left out, True as a bare attribute, alt="" kept. Every
    name and value escaped as format_html() would (one join: cards show many images)."""
    parts = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if value is True:
            parts.append(conditional_escape(name))
        else:
            parts.append(f'{conditional_escape(name)}="{conditional_escape(value)}"')
    return " ".join(parts)


NAMED_SPECS = {"card": CARD, "thumb": THUMB, "share": SHARE}


@register.simple_tag
def rendition_url(image, spec):
    """URL of one rendition, or '' when impossible: `{% rendition_url image "share" %}` for
    og:image ("card", "thumb" and "share" name the specs of renditions.py; any other value is
    used as a Wagtail filter spec)."""
    if not image:
        return ""
    spec = NAMED_SPECS.get(spec, spec)
    try:
        return image.get_rendition(spec).url
    except Exception:
        logger.exception("No %s rendition of image %s", spec, getattr(image, "pk", "?"))
        return ""
