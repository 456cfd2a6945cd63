"""Pictures and PDFs for the demo content, drawn with Pillow (nothing is downloaded).

Cover cards (a coloured card with the subject and title), simple illustrations (a function
graph, a diagram of the lesson's sections) and worksheet PDFs (Pillow saves pages as PDF).
DejaVu Sans is used when the system has it, because Pillow's built-in font lacks Vietnamese
letters; otherwise the built-in font is used and some marks may be missing.
"""

import hashlib
import io
import textwrap
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/Library/Fonts"),
]
CARD_SIZE = (960, 540)
A4_96DPI = (794, 1123)

# Card background per subject (readable with white text); a default for the rest.
PALETTE = {
    "Toán": "#1d4e89",
    "Ngữ văn": "#8c2f39",
    "Tiếng Việt": "#a4243b",
    "Tiếng Anh": "#2a6f97",
    "Lịch sử": "#7f5539",
    "Địa lí": "#386641",
    "Vật lí": "#3a0ca3",
    "Hóa học": "#6a4c93",
    "Sinh học": "#2d6a4f",
    "Tin học": "#0b525b",
    "Giáo dục kinh tế và pháp luật": "#5c4d7d",
    "Kỹ năng sống": "#bc4749",
    "Kỹ năng số": "#005f73",
    "Kỹ năng nghề nghiệp": "#9a5b13",
    "Nông nghiệp và chuyển giao công nghệ": "#4f772d",
    "Sức khỏe và an toàn": "#ae2012",
    "Bồi dưỡng giáo viên": "#3d405b",
}
DEFAULT_COLOUR = "#33415c"

# Function graphs a demo lesson may show (its `graph` key): (label, function, x range).
GRAPHS = {
    "parabola": ("y = x² − 2x − 3", lambda x: x * x - 2 * x - 3, (-3, 5)),
    "cubic": ("y = x³ − 3x", lambda x: x**3 - 3 * x, (-2.5, 2.5)),
}


@cache
def font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size=size)


def colour_for(subject):
    return PALETTE.get(subject, DEFAULT_COLOUR)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=3)
    return buffer.getvalue()


def size_of(data):
    """(width, height) of encoded image bytes."""
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def _wrap(draw, text, fnt, width):
    """Lines of `text` that fit `width` pixels."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=fnt) <= width:
            line = candidate
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def cover_card(title, subject, footer=""):
    """PNG bytes of a cover: the subject's colour, a motif drawn from the title, the subject's
    name. The title itself is not drawn: covers are shown as thumbnails beside the title (a
    poster repeating it in large type said it twice; docs/public-site.md, "Phone first")."""
    colour = colour_for(subject)
    image = Image.new("RGB", CARD_SIZE, colour)
    draw = ImageDraw.Draw(image)
    width, height = CARD_SIZE
    # A motif that differs from lesson to lesson of one subject: rings placed by the title.
    seed = int.from_bytes(hashlib.sha1(title.encode()).digest()[:8], "big")
    for ring in range(5):
        x = (seed >> (ring * 8)) % width
        y = (seed >> (ring * 8 + 4)) % height
        radius = 60 + (seed >> (ring * 5)) % 160
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline="#ffffff", width=10)
    label = font(88, bold=True)
    lines = _wrap(draw, subject, label, width - 160)[:2]
    y = (height - len(lines) * 104) // 2
    for line in lines:
        length = draw.textlength(line, font=label)
        x = (width - length) // 2
        draw.rounded_rectangle([x - 28, y - 10, x + length + 28, y + 100], radius=18, fill="#fff")
        draw.text((x, y), line, font=label, fill=colour)
        y += 104
    return _png(image)


def function_graph(label, function, x_range=(-4, 4)):
    """PNG bytes of a plotted function with axes, e.g. a parabola for quadratic equations."""
    width, height, margin = 720, 480, 40
    image = Image.new("RGB", (width, height), "#ffffff")
    draw = ImageDraw.Draw(image)
    x0, x1 = x_range
    xs = [x0 + (x1 - x0) * i / 400 for i in range(401)]
    ys = [function(x) for x in xs]
    y0, y1 = min(ys + [0]), max(ys + [0])
    span_y = (y1 - y0) or 1

    def point(x, y):
        px = margin + (x - x0) / (x1 - x0) * (width - 2 * margin)
        py = height - margin - (y - y0) / span_y * (height - 2 * margin)
        return px, py

    for step in range(int(x0), int(x1) + 1):
        draw.line([point(step, y0), point(step, y1)], fill="#e5e5e5")
    draw.line([point(x0, 0), point(x1, 0)], fill="#444444", width=2)
    draw.line([point(0, y0), point(0, y1)], fill="#444444", width=2)
    draw.line([point(x, y) for x, y in zip(xs, ys, strict=True)], fill="#c1121f", width=4)
    draw.text((margin + 10, 12), label, font=font(24, bold=True), fill="#1d4e89")
    return _png(image)


def section_diagram(title, sections, subject):
    """PNG bytes of a simple diagram: the lesson in the middle, its sections around it."""
    width, height = 900, 520
    image = Image.new("RGB", (width, height), "#f7f7f2")
    draw = ImageDraw.Draw(image)
    colour = colour_for(subject)
    centre_box = (300, 210, 600, 310)
    spots = [(30, 30), (600, 30), (30, 400), (600, 400), (315, 420), (315, 20)]
    for (x, y), section in zip(spots, sections, strict=False):
        box = (x, y, x + 270, y + 90)
        draw.line([((box[0] + box[2]) / 2, (box[1] + box[3]) / 2),
                   ((centre_box[0] + centre_box[2]) / 2, (centre_box[1] + centre_box[3]) / 2)],
                  fill=colour, width=3)  # fmt: skip
        draw.rounded_rectangle(box, radius=14, fill="#ffffff", outline=colour, width=3)
        for index, line in enumerate(_wrap(draw, section, font(20), 246)[:3]):
            draw.text((x + 12, y + 10 + index * 25), line, font=font(20), fill="#1b1b1b")
    draw.rounded_rectangle(centre_box, radius=18, fill=colour)
    for index, line in enumerate(_wrap(draw, title, font(22, bold=True), 276)[:3]):
        draw.text((312, 220 + index * 27), line, font=font(22, bold=True), fill="#ffffff")
    return _png(image)


def worksheet_pdf(title, centre, objectives, exercises):
    """PDF bytes of a one- or two-page worksheet (phiếu học tập)."""
    pages, lines = [], []
    lines.append(("PHIẾU HỌC TẬP", font(30, bold=True)))
    lines.extend((line, font(24, bold=True)) for line in textwrap.wrap(title, 48))
    lines.append((centre, font(18)))
    lines.append(("", font(18)))
    lines.append(("Mục tiêu:", font(20, bold=True)))
    for item in objectives:
        lines.extend((f"  {line}", font(18)) for line in textwrap.wrap(f"• {item}", 70))
    lines.append(("", font(18)))
    lines.append(("Bài tập:", font(20, bold=True)))
    for number, item in enumerate(exercises, start=1):
        lines.extend((f"  {line}", font(18)) for line in textwrap.wrap(f"{number}. {item}", 70))
        lines.extend(("  " + "." * 90, font(14)) for _dot in range(3))
    page, y = None, 0
    for text, fnt in lines:
        if page is None or y > A4_96DPI[1] - 100:
            page = Image.new("RGB", A4_96DPI, "#ffffff")
            pages.append(page)
            y = 70
        ImageDraw.Draw(page).text((70, y), text, font=fnt, fill="#111111")
        y += int(fnt.size * 1.6) if hasattr(fnt, "size") else 28
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=96.0)
    return buffer.getvalue()
