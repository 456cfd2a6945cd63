"""Public views: short stable link, QR code and printable sheet.

A short link `/l/<id>/` survives moves and renames of the page (it redirects to wherever the
page lives now). The QR code is drawn on the server, so no third-party service learns who
scans what; the printable sheet carries it to learners without a smartphone plan.
"""

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from wagtail.models import Page

import qrcode
import qrcode.image.svg

from content_models.lesson_context import attachment_rows, short_link
from content_models.offline.views import pack_for_sheet

MAX_PAGE_ID = 2**31 - 1  # wagtailcore_page.id is a 32-bit integer column


def _public_page(page_id):
    """The live, public page `page_id` (specific), or 404: drafts and private pages stay hidden."""
    if page_id > MAX_PAGE_ID:  # beyond the column's range: the database would raise
        raise Http404(_("Không tìm thấy học liệu này hoặc học liệu chưa được công bố."))
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    if page is None or page.depth < 2 or page.get_url() is None:
        raise Http404(_("Không tìm thấy học liệu này hoặc học liệu chưa được công bố."))
    return page


def qr_svg(data):
    """An SVG QR code of `data` (medium error correction survives a smudged print)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=2,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image()
    # The library names its one path id="qr-path"; a page with two codes (the printed sheet:
    # the lesson and its offline pack) would repeat the id, which HTML forbids.
    image.path.attrib.pop("id", None)
    return image.to_string(encoding="unicode")


@require_safe
def short_link_view(request, page_id):
    page = _public_page(page_id)
    return HttpResponsePermanentRedirect(page.get_url(request))


@require_safe
@cache_control(public=True, max_age=86400)
def qr_code_view(request, page_id):
    page = _public_page(page_id)
    response = HttpResponse(qr_svg(short_link(page, request)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="hoc-lieu-{page.pk}-qr.svg"'
    return response


@require_safe
def print_sheet_view(request, page_id):
    page = _public_page(page_id)
    url = short_link(page, request)
    context = {
        "page": page,
        "short_url": url,
        "qr_svg": qr_svg(url),
        "attachments": attachment_rows(page) if hasattr(page, "attachments") else [],
    }
    pack = pack_for_sheet(page)
    if pack is not None:
        # The source's stable pack address, not this build's: it survives rebuilds.
        pack_url = request.build_absolute_uri(
            reverse("public:offline_pack_latest", args=[pack.source_page_id, pack.format])
        )
        context.update(pack=pack, pack_url=pack_url, pack_qr_svg=qr_svg(pack_url))
    return render(request, "print/lesson_sheet.html", context)
