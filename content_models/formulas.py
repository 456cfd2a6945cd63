"""Formulas written in LaTeX, turned into what people read: MathML for the page, plain text for
search snippets, feeds and anything else that shows text.

MathML is made on the server by latex2mathml; Chromium and Firefox draw it natively, so the
page sends no JavaScript. latex2mathml copies `\\text{...}` and stray `<`/`&` into its output
unescaped, so its output is parsed as XML and written out again with only MathML's
presentation elements and attributes; anything else (or output that does not parse) falls
back to the LaTeX source shown as code. See docs/public-site.md ("Formulas").

The readable text comes from pylatexenc's LaTeX-to-Unicode converter, with fractions written
as "(a)/(b)" so that nothing is lost: `\\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}` reads
"(-b ± √(b^2 - 4ac))/(2a)".
"""

import functools
import xml.etree.ElementTree as ET
from html import escape

from latex2mathml.converter import convert
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"

# MathML Core's presentation elements (https://www.w3.org/TR/mathml-core/#mathml-elements).
ELEMENTS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot",
    "msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mprescripts",
    "none", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "merror", "semantics",
    "menclose", "mfenced",
}  # fmt: skip
ATTRIBUTES = {
    "display", "mathvariant", "stretchy", "fence", "form", "separator", "lspace", "rspace",
    "linethickness", "displaystyle", "scriptlevel", "width", "height", "depth", "linebreak",
    "columnalign", "rowspacing", "columnspacing", "columnlines", "rowlines", "frame",
    "framespacing", "notation", "accent", "accentunder", "movablelimits", "largeop",
    "symmetric", "minsize", "maxsize", "open", "close", "separators",
}  # fmt: skip


class UnsafeMathML(ValueError):
    """latex2mathml produced something that is not plain MathML."""


def _write(element, out):
    tag = element.tag.removeprefix(MATHML_NS)
    if tag not in ELEMENTS:
        raise UnsafeMathML(tag)
    attributes = ""
    for name, value in sorted(element.attrib.items()):
        if name not in ATTRIBUTES:
            raise UnsafeMathML(name)
        attributes += f' {name}="{escape(value)}"'
    out.append(f"<{tag}{attributes}>")
    if element.text:
        out.append(escape(element.text, quote=False))
    for child in element:
        _write(child, out)
        if child.tail:
            out.append(escape(child.tail, quote=False))
    out.append(f"</{tag}>")


@functools.lru_cache(maxsize=512)
def to_mathml(latex, display="block"):
    """MathML markup for a LaTeX formula, or "" when it cannot be converted safely."""
    latex = (latex or "").strip()
    if not latex:
        return ""
    out = []
    try:
        _write(ET.fromstring(convert(latex, display=display)), out)
    except Exception:  # ParseError, UnsafeMathML, and latex2mathml's own (bare) exceptions
        return ""
    return "".join(out)


@functools.cache
def _text_converter():
    context = get_default_latex_context_db()
    context.add_context_category(
        "fractions-in-full",
        prepend=True,
        macros=[
            MacroTextSpec(name, simplify_repl="(%(1)s)/(%(2)s)")
            for name in ("frac", "dfrac", "tfrac", "cfrac")
        ],
    )
    return LatexNodes2Text(math_mode="text", latex_context=context)


@functools.lru_cache(maxsize=512)
def to_text(latex):
    """The formula as readable Unicode text (for snippets, feeds, the search index)."""
    latex = (latex or "").strip()
    if not latex:
        return ""
    try:
        text = _text_converter().latex_to_text(latex)
    except Exception:  # pylatexenc tolerates most input; keep the source if it does not
        return latex
    return " ".join(text.split())


def readable_block(block_type, value):
    """A stored StreamField child's value as words for people: a formula block's LaTeX
    replaced by its readable text, any other block as it is. The search index (and so its
    snippets) reads block values through this."""
    if block_type == "formula" and isinstance(value, dict) and value.get("latex"):
        return {**value, "latex": to_text(value["latex"])}
    return value
