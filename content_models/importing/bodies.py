"""Turn an imported body (plain text or HTML) into lesson StreamField data.

HTML goes through Wagtail's own rich-text whitelist with the features lesson paragraphs allow
(`RICH_TEXT_FEATURES`), so scripts, event handlers and `javascript:` links are dropped exactly
as when a teacher pastes into the editor. Top-level h1–h4 become heading blocks (the paragraph
features have no headings). Plain text becomes paragraphs: a blank line separates them, a
single line break is kept as <br>.
"""

import re
import uuid

from django.utils.html import escape

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from bs4 import BeautifulSoup, NavigableString, Tag

from content_models.blocks import RICH_TEXT_FEATURES

HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
HEADING_SIZES = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
# Elements whose text must never reach the page, not even as escaped text.
DROPPED = ("script", "style", "template", "iframe", "object", "noscript")

_converter = None


def looks_like_html(text):
    return bool(HTML_TAG.search(text or ""))


def sanitise_html(html):
    """Database-format rich text with only the lesson paragraph features left."""
    global _converter
    if _converter is None:
        _converter = EditorHTMLConverter(features=RICH_TEXT_FEATURES)
    return _converter.to_database_format(html).strip()


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def paragraph_block(html):
    return block("paragraph", html)


def heading_block(text, size="h2"):
    return block("heading", {"text": text[:255], "size": size})


def text_to_html(text):
    """Paragraphs of escaped plain text."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    parts = []
    for paragraph in paragraphs:
        lines = [escape(line.strip()) for line in paragraph.strip().split("\n")]
        if any(lines):
            parts.append("<p>" + "<br/>".join(line for line in lines if line) + "</p>")
    return "".join(parts)


def _has_text(html):
    return bool(BeautifulSoup(html, "html.parser").get_text(strip=True))


def html_to_blocks(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    body = soup.body or soup
    blocks, pending = [], []

    def flush():
        cleaned = sanitise_html("".join(pending))
        pending.clear()
        if cleaned and _has_text(cleaned):
            blocks.append(paragraph_block(cleaned))

    for node in list(body.children):
        if isinstance(node, Tag) and node.name in HEADING_SIZES:
            flush()
            text = " ".join(node.get_text(" ").split())
            if text:
                blocks.append(heading_block(text, HEADING_SIZES[node.name]))
        elif isinstance(node, NavigableString):
            # Plain text between elements; comments, doctypes and CDATA are dropped.
            if type(node) is NavigableString and str(node).strip():
                pending.append("<p>" + escape(str(node).strip()) + "</p>")
        else:
            pending.append(str(node))
    flush()
    return blocks


def body_to_blocks(text):
    """StreamField data (list of block dicts) for an imported body."""
    text = (text or "").strip()
    if not text:
        return []
    if looks_like_html(text):
        return html_to_blocks(text)
    html = text_to_html(text)
    return [paragraph_block(html)] if html else []


def blocks_text(blocks):
    """Plain text of paragraph blocks, used to derive a missing summary."""
    parts = []
    for item in blocks:
        if item["type"] == "paragraph":
            parts.append(BeautifulSoup(item["value"], "html.parser").get_text(" "))
        elif item["type"] == "heading":
            parts.append(item["value"]["text"])
    return " ".join(" ".join(parts).split())
