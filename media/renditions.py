"""The renditions the public site uses, defined once.

The theme asks for an image through `{% responsive_image image "card" %}`
(templatetags/media_tags.py), and the task in `tasks.py` makes every rendition listed here as
soon as an image is uploaded, so no page request pays for resizing (about 0.2 s a rendition for
a 12 MP original). All are WebP; WAGTAILIMAGES_FORMAT_CONVERSIONS converts anything else too.
"""

from dataclasses import dataclass

# Single specs, for templates that need one rendition ({% image image CARD %} style use).
CARD = "fill-480x270|format-webp"
THUMB = "fill-160x90|format-webp"
COVER_WIDTHS = (320, 640, 960)
COVER_SRCSET = [f"width-{width}|format-webp" for width in COVER_WIDTHS]
# Social previews (og:image): JPEG, which every link-preview crawler reads.
SHARE = "fill-1200x630|format-jpeg|jpegquality-80"


@dataclass(frozen=True)
class Preset:
    """A set of renditions of one picture at several widths, for `srcset`.

    `ratio` (width, height) crops with `fill-` around the focal point; without it the picture
    keeps its proportions (`width-`). `default_width` is the `src` fallback; `sizes` tells the
    browser how wide the picture is drawn, so it can choose the smallest sufficient file.
    """

    name: str
    widths: tuple
    default_width: int
    sizes: str
    ratio: tuple | None = None

    def spec(self, width):
        if self.ratio:
            height = round(width * self.ratio[1] / self.ratio[0])
            return f"fill-{width}x{height}|format-webp"
        return f"width-{width}|format-webp"

    @property
    def specs(self):
        return [self.spec(width) for width in self.widths]

    @property
    def default_spec(self):
        return self.spec(self.default_width)


PRESETS = {
    # Lesson and course cards in listings and search results (16:9 crop).
    "card": Preset(
        "card",
        widths=(320, 480, 960),
        default_width=480,
        sizes="(min-width: 64em) 20rem, (min-width: 40em) 50vw, 100vw",
        ratio=(16, 9),
    ),
    # The cover at the top of a lesson, course or collection page.
    "cover": Preset(
        "cover",
        widths=COVER_WIDTHS,
        default_width=640,
        sizes="(min-width: 64em) 60rem, 100vw",
    ),
    # Pictures inside a lesson body (ImageBlock): the reading column.
    "body": Preset(
        "body",
        widths=COVER_WIDTHS,
        default_width=640,
        sizes="(min-width: 48em) 45rem, 100vw",
    ),
    # Small list thumbnails (related lessons, attachments).
    "thumb": Preset(
        "thumb",
        widths=(160, 320),
        default_width=160,
        sizes="10rem",
        ratio=(16, 9),
    ),
}


def standard_specs():
    """Every spec the site uses, without repeats: what the upload task pre-generates."""
    specs = [spec for preset in PRESETS.values() for spec in preset.specs]
    return list(dict.fromkeys([*specs, CARD, THUMB]))
