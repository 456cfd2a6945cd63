"""Formulas: LaTeX as MathML for the page, as readable text for search and snippets."""

import pytest

from content_models import formulas
from search.serializers import stream_text

QUADRATIC = r"x_{1,2} = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}"


def test_mathml_keeps_the_structure():
    markup = formulas.to_mathml(QUADRATIC)
    assert markup.startswith('<math display="block">') and markup.endswith("</math>")
    assert "<mfrac>" in markup and "<msqrt>" in markup and "<msub><mi>x</mi>" in markup
    assert "\\" not in markup


@pytest.mark.parametrize(
    "latex",
    [
        r"\text{<script>alert(1)</script>}",
        r"\text{</math><img src=x onerror=alert(1)>}",
        r"\frac{a}{",  # latex2mathml raises
        "",
    ],
)
def test_mathml_refuses_what_it_cannot_convert_safely(latex):
    assert formulas.to_mathml(latex) == ""


def test_readable_text_has_no_latex_source():
    assert formulas.to_text(QUADRATIC) == "x_1,2 = (-b ±√(b^2 - 4ac))/(2a)"
    assert formulas.to_text(r"\int x^n\,dx") == "∫x^n dx"


def test_search_text_of_a_body_reads_formulas_as_text():
    body = [
        {"type": "paragraph", "value": "<p>Công thức nghiệm:</p>", "id": "a"},
        {"type": "formula", "value": {"latex": QUADRATIC, "caption": "Nghiệm"}, "id": "b"},
    ]
    text = stream_text(body)
    assert text == "Công thức nghiệm: x_1,2 = (-b ±√(b^2 - 4ac))/(2a) Nghiệm"
    assert "\\frac" not in text
