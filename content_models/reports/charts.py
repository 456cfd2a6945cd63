"""Bar charts as inline SVG, drawn on the server (no script, no CDN): readable at a glance and
on a phone, with the figures written on the bars for screen readers and print."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 22, 6, 190, 640


def bar_chart(title, rows, colour="#2e6da4"):
    """Horizontal bars: rows of (label, value). Returns safe SVG markup."""
    rows = [(str(label), int(value or 0)) for label, value in rows]
    if not rows:
        return ""
    top = max(value for _label, value in rows) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    parts = []
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = int((WIDTH - LABEL_WIDTH - 60) * value / top)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            format_html(
                '<g><title>{}: {}</title><text x="{}" y="{}" text-anchor="end" '
                'font-size="12">{}</text><rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="12">{}</text></g>',
                label,
                value,
                LABEL_WIDTH - 6,
                y + 15,
                short,
                LABEL_WIDTH,
                y,
                max(length, 1),
                BAR_HEIGHT,
                colour,
                LABEL_WIDTH + length + 4,
                y + 15,
                value,
            )
        )
    return mark_safe(
        f'<svg class="report-chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )
