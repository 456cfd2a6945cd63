"""Downloads of a lesson's or course's record: Dublin Core XML, LOM XML and JSON-LD.

Mounted in `content_models/urls.py` beside the short link they extend (`/l/<id>/dc.xml`,
`/l/<id>/lom.xml`, `/l/<id>/jsonld.json`). Only live, public lessons and courses answer;
anything else is the same 404 as the short link's.
"""

import json

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from content_models.metadata.describe import describe
from content_models.metadata.dublin_core import dc_document
from content_models.metadata.identifiers import MAX_PAGE_ID
from content_models.metadata.jsonld import page_json_ld
from content_models.metadata.lom import lom_document
from content_models.models.pages import CoursePage, LessonPage


def public_material(page_id):
    """The live, public lesson or course `page_id` (specific), or 404."""
    page = None
    if page_id <= MAX_PAGE_ID:
        for model in (LessonPage, CoursePage):
            page = model.objects.live().public().filter(pk=page_id).first()
            if page is not None:
                break
    if page is None:
        raise Http404(_("Không tìm thấy học liệu này hoặc học liệu chưa được công bố."))
    return page


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def dublin_core_view(request, page_id):
    page = public_material(page_id)
    return _download(
        dc_document(describe(page, request)),
        "application/xml; charset=utf-8",
        f"hoc-lieu-{page.pk}-dc.xml",
    )


@require_safe
def lom_view(request, page_id):
    page = public_material(page_id)
    return _download(
        lom_document(describe(page, request)),
        "application/xml; charset=utf-8",
        f"hoc-lieu-{page.pk}-lom.xml",
    )


@require_safe
def json_ld_view(request, page_id):
    page = public_material(page_id)
    data = page_json_ld(page, request)
    return _download(
        json.dumps(data, ensure_ascii=False, indent=2),
        "application/ld+json; charset=utf-8",
        f"hoc-lieu-{page.pk}.jsonld",
    )
