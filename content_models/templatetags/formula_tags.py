"""Formula blocks as MathML (see content_models/formulas.py and docs/public-site.md)."""

from django import template
from django.utils.safestring import mark_safe

from content_models import formulas

register = template.Library()


@register.filter
def mathml(latex):
    """MathML for a LaTeX formula ("" when it cannot be converted: show the source instead).

    Safe to mark: formulas.to_mathml writes out only MathML elements and attributes, with
    every text and attribute value escaped.
    """
    return mark_safe(formulas.to_mathml(latex))


@register.filter
def formula_text(latex):
    """The formula as readable text."""
    return formulas.to_text(latex)
