"""Bar charts as inline SVG, drawn on the server (no script, no CDN): readable at a glance and
on a phone, with the figures written on the bars for screen readers and print.

SVG text does not wrap or clip itself, so a label is cut here to what fits its column,
measured with approximate glyph widths of a sans-serif font (Vietnamese letters measured by
their base letter), and ends with an ellipsis; the full name stays in the bar's `<title>`
(the tooltip, and what screen readers announce). See docs/usage-and-reports.md.
"""

import unicodedata

from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH, FONT_SIZE = 22, 6, 190, 640, 12
PADDING = 8  # between a label and its bar, and around the figure after a bar
ELLIPSIS = "…"
# Advance widths as a share of the font size, close to DejaVu Sans / Arial / Roboto and
# rounded up so an estimate errs towards a shorter label.
NARROW = dict.fromkeys("iIjlt!|.,:;'`()[]{} ", 0.36) | dict.fromkeys("frJ-/\\", 0.44)
WIDE = dict.fromkeys("mwMW", 0.92) | dict.fromkeys("ABCDGHKNOQRUVXYĐ&%@", 0.74)
DEFAULT_WIDTH, CAPITAL_WIDTH, DIGIT_WIDTH = 0.58, 0.68, 0.64


def text_width(text, size=FONT_SIZE):
    """Estimated width in pixels of `text` at `size` px."""
    total = 0.0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        if char in NARROW or char in WIDE:
            total += NARROW.get(char) or WIDE[char]
        elif base in NARROW or base in WIDE:
            total += NARROW.get(base) or WIDE[base]
        elif base.isdigit():
            total += DIGIT_WIDTH
        elif base.isupper():
            total += CAPITAL_WIDTH
        else:
            total += DEFAULT_WIDTH
    return total * size


def fit_label(label, width, size=FONT_SIZE):
    """`label`, or its longest beginning that fits `width` px followed by an ellipsis."""
    if text_width(label, size) <= width:
        return label
    room = width - text_width(ELLIPSIS, size)
    cut = ""
    for char in label:
        if text_width(cut + char, size) > room:
            break
        cut += char
    return cut.rstrip(" ,.;:–-") + ELLIPSIS


def bar_chart(title, rows, colour="#2e6da4"):
    """Horizontal bars: rows of (label, value). Returns safe SVG markup."""
    rows = [(str(label), int(value or 0)) for label, value in rows]
    if not rows:
        return ""
    top = max(value for _label, value in rows) or 1
    figures = [number_format(value, force_grouping=True) for _label, value in rows]
    # The longest figure decides how much room the bars leave on the right.
    bar_room = WIDTH - LABEL_WIDTH - PADDING * 2 - max(text_width(f) for f in figures)
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    parts = []
    for index, ((label, value), figure) in enumerate(zip(rows, figures, strict=True)):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = int(bar_room * value / top)
        parts.append(
            format_html(
                '<g><title>{}: {}</title><text x="{}" y="{}" text-anchor="end" '
                'font-size="{}">{}</text><rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="{}">{}</text></g>',
                label,
                figure,
                LABEL_WIDTH - PADDING,
                y + 15,
                FONT_SIZE,
                fit_label(label, LABEL_WIDTH - PADDING * 2),
                LABEL_WIDTH,
                y,
                max(length, 1),
                BAR_HEIGHT,
                colour,
                LABEL_WIDTH + max(length, 1) + PADDING // 2,
                y + 15,
                FONT_SIZE,
                figure,
            )
        )
    return mark_safe(
        f'<svg class="report-chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )
