"""A teacher's evidence sheet (reports/evidence.py) as PDF: an HTML template laid out on A4 by
WeasyPrint (Pango and HarfBuzz shape the Vietnamese text; the font, DejaVu Sans from Debian's
fonts-dejavu-core, is embedded as a subset), so the sheet opens and prints the same anywhere.

Nothing is fetched while rendering: the stylesheet is inline and the URL fetcher allows no
protocol, so a title that looks like a URL can never make the server read a file or the
network. See docs/usage-and-reports.md.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from PIL import ImageFile
from weasyprint import HTML
from weasyprint.urls import URLFetcher

# Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process, which
# would let a cut-off JPEG pass the upload checks (docs/security/media-and-forms.md). The
# sheet draws no images, so the default is put back.
ImageFile.LOAD_TRUNCATED_IMAGES = False

PDF_TYPE = "application/pdf"


def write_evidence_pdf(evidence):
    """The evidence sheet as the bytes of a PDF (A4 portrait, one page when it fits)."""
    html = render_to_string(
        "reports/evidence_pdf.html",
        {
            "evidence": evidence,
            "made_on": timezone.localdate(),
            "language": get_language() or "vi",
            "several_centres": len({row[1] for row in evidence.lessons}) > 1,
        },
    )
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    # Tagged PDF: headings and tables stay structure for screen readers.
    return document.write_pdf(pdf_tags=True)
