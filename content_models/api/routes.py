"""The content API's endpoints: lists and details of lessons, courses, collections, centres,
provinces and the vocabularies.

Only live pages nobody needs a password or login to see are ever read
(`objects.published()`), in lists, details and every link inside them. Materials are listed in
page-id order with a signed cursor (`params.py`), so the thousandth page costs what the first
costs and a page published during a walk is not skipped. Every answer carries an ETag, and
materials a Last-Modified, for conditional GET (`conditional.py`); anonymous clients are
limited (`throttling.py`). See docs/interfaces.md.
"""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ninja import Path, Router
from ninja.errors import HttpError

from content_models.api import params, schemas, serializers
from content_models.api.conditional import catalogue_changed, conditional_get, set_last_modified
from content_models.api.throttling import AnonymousClientThrottle
from content_models.choices import CentreKind
from content_models.metadata.identifiers import MAX_PAGE_ID
from content_models.models import (
    Centre,
    CollectionPage,
    CoursePage,
    Grade,
    LessonPage,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
)

router = Router(throttle=AnonymousClientThrottle())
router.add_decorator(conditional_get, mode="view")

NOT_MODIFIED = {"304": {"description": "Không thay đổi (If-None-Match / If-Modified-Since)."}}


def _responses(ok):
    return {200: ok, 400: schemas.ErrorOut, 404: schemas.ErrorOut, 429: schemas.ErrorOut}


PARAMETERS = {
    "level": "Mã chương trình (slug).",
    "subject": "Mã môn học (slug).",
    "grade": "Lớp, số từ 1 đến 12.",
    "type": "Mã loại học liệu (slug).",
    "licence": "Mã giấy phép (slug).",
    "centre": "Mã trung tâm (slug).",
    "province": "Mã tỉnh/thành phố (slug).",
    "language": "Mã ngôn ngữ ISO 639 (vi, tyz, hmn, …).",
}


def _parameters(accepted):
    """OpenAPI text of a list's query parameters (`params.parse_list` checks them)."""
    many = f"Lặp lại để chọn nhiều (tối đa {params.MAX_VALUES}, nối bằng HOẶC)."
    documented = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": f"{PARAMETERS[name]} {many}",
            "schema": {"type": "array", "items": {"type": "string"}},
            "style": "form",
            "explode": True,
        }
        for name in accepted
        if name in PARAMETERS
    ]
    if "modified_since" in accepted:
        documented.append(
            {
                "name": "modified_since",
                "in": "query",
                "required": False,
                "description": "Chỉ bản ghi thay đổi từ lúc này: YYYY-MM-DD hoặc ISO 8601 "
                "(không có múi giờ: UTC); không được ở tương lai.",
                "schema": {"type": "string"},
            }
        )
    return documented + [
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "description": "Số mục mỗi trang.",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": params.LIMIT_MAX,
                "default": params.LIMIT_DEFAULT,
            },
        },
        {
            "name": "cursor",
            "in": "query",
            "required": False,
            "description": "next_cursor của trang trước (cùng danh sách, cùng bộ lọc).",
            "schema": {"type": "string"},
        },
    ]


def _get(path, ok, summary, tags, accepted=None):
    extra = {"responses": NOT_MODIFIED}
    if accepted is not None:
        extra["parameters"] = _parameters(accepted)
    return router.get(
        path, response=_responses(ok), summary=summary, tags=tags, openapi_extra=extra
    )


PageId = Path(..., ge=1, le=MAX_PAGE_ID, description="Mã trang (không đổi khi đổi tên, chuyển).")
MATERIALS = ["học liệu"]
VOCABULARIES = ["danh mục"]


def _not_found(label, key):
    return HttpError(
        404,
        _("Không tìm thấy %(label)s đã công bố với mã %(key)s.") % {"label": label, "key": key},
    )


def _material_list(request, response, name, accepted, queryset, serialize):
    query = params.parse_list(request, name, accepted)
    # Read before the pages: a change made meanwhile must not look older than the body.
    set_last_modified(response, catalogue_changed())
    pages, cursor = query.page(query.apply(queryset))
    return {"items": serialize(pages, request), "next_cursor": cursor}


def _material_detail(request, response, queryset, pk, serialize, label):
    set_last_modified(response, catalogue_changed())
    pages = list(queryset.filter(pk=pk))
    if not pages:
        raise _not_found(label, pk)
    return serialize(pages, request)[0]


def _lessons():
    return LessonPage.objects.published().for_page_view()


def _courses():
    return CoursePage.objects.published().for_page_view()


def _collections():
    return CollectionPage.objects.published()


# --- Materials ---------------------------------------------------------------------------


@_get("/lessons", schemas.LessonPageOut, "Danh sách bài học", MATERIALS, params.LESSON_FILTERS)
def list_lessons(request, response: HttpResponse):
    """Live, public lessons in page-id order. Filters (repeat a parameter for OR): `level`,
    `subject`, `type`, `licence`, `centre`, `province` (slugs), `grade` (1–12), `language`
    (ISO 639), `modified_since` (YYYY-MM-DD or ISO 8601, UTC when no offset); `limit`
    (1–100, default 20); `cursor` (next_cursor of the previous page)."""
    return _material_list(
        request,
        response,
        "lessons",
        params.LESSON_FILTERS,
        _lessons(),
        serializers.lesson_items,
    )


@_get("/lessons/{lesson_id}", schemas.LessonOut, "Một bài học", MATERIALS)
def get_lesson(request, response: HttpResponse, lesson_id: int = PageId):
    """Full metadata, files with size, type and SHA-256, and the JSON-LD of one lesson."""
    return _material_detail(
        request, response, _lessons(), lesson_id, serializers.lesson_items, _("bài học")
    )


@_get("/courses", schemas.CoursePageOut, "Danh sách học phần", MATERIALS, params.COURSE_FILTERS)
def list_courses(request, response: HttpResponse):
    """Live, public courses with their units. Filters: `level`, `subject`, `grade`,
    `licence`, `centre`, `province`, `modified_since`; `limit`, `cursor`."""
    return _material_list(
        request, response, "courses", params.COURSE_FILTERS, _courses(), serializers.course_items
    )


@_get("/courses/{course_id}", schemas.CourseOut, "Một học phần", MATERIALS)
def get_course(request, response: HttpResponse, course_id: int = PageId):
    """A course with its units, each listing its live, public lessons in order."""
    return _material_detail(
        request, response, _courses(), course_id, serializers.course_items, _("học phần")
    )


@_get(
    "/collections",
    schemas.CollectionPageOut,
    "Danh sách bộ sưu tập",
    MATERIALS,
    params.COLLECTION_FILTERS,
)
def list_collections(request, response: HttpResponse):
    """Live, public collections. Filters: `modified_since`; `limit`, `cursor`."""
    return _material_list(
        request,
        response,
        "collections",
        params.COLLECTION_FILTERS,
        _collections(),
        serializers.collection_items,
    )


@_get("/collections/{collection_id}", schemas.CollectionOut, "Một bộ sưu tập", MATERIALS)
def get_collection(request, response: HttpResponse, collection_id: int = PageId):
    """A collection with its live, public lessons and courses in the editors' order."""
    return _material_detail(
        request,
        response,
        _collections(),
        collection_id,
        serializers.collection_items,
        _("bộ sưu tập"),
    )


# --- Centres and provinces --------------------------------------------------------------


def _centre(centre):
    return {
        "slug": centre.slug,
        "name": centre.name,
        "kind": centre.kind,
        "kind_name": str(CentreKind(centre.kind).label) if centre.kind in CentreKind else "",
        "province": {"slug": centre.province.slug, "name": centre.province.name},
        "website": centre.website,
    }


@_get(
    "/centres", schemas.CentrePageOut, "Danh sách trung tâm", VOCABULARIES, params.CENTRE_FILTERS
)
def list_centres(request):
    """Contributing centres. Filter: `province` (slug); `limit`, `cursor`."""
    query = params.parse_list(
        request, "centres", params.CENTRE_FILTERS, relations={"province": "province"}
    )
    centres, cursor = query.page(query.apply(Centre.objects.select_related("province")))
    return {"items": [_centre(centre) for centre in centres], "next_cursor": cursor}


@_get("/centres/{slug}", schemas.CentreOut, "Một trung tâm", VOCABULARIES)
def get_centre(request, slug: str):
    return _centre(get_object_or_404(Centre.objects.select_related("province"), slug=slug))


def _province(province):
    return {
        "slug": province.slug,
        "name": province.name,
        "centres": [{"slug": c.slug, "name": c.name} for c in province.centre_list],
    }


def _provinces():
    return Province.objects.prefetch_related(
        Prefetch("centres", queryset=Centre.objects.order_by("name"), to_attr="centre_list")
    )


@_get(
    "/provinces",
    schemas.page_of(schemas.ProvinceOut, "ProvinceListOut"),
    "Tỉnh/thành phố",
    VOCABULARIES,
)
def list_provinces(request):
    """Provinces and cities, each with its contributing centres."""
    return {"items": [_province(p) for p in _provinces()], "next_cursor": None}


@_get("/provinces/{slug}", schemas.ProvinceOut, "Một tỉnh/thành phố", VOCABULARIES)
def get_province(request, slug: str):
    return _province(get_object_or_404(_provinces(), slug=slug))


# --- Vocabularies ------------------------------------------------------------------------


def _vocabulary(path, model, out, fields, title, key="slug"):
    """A list and a detail endpoint of one vocabulary, in its editors' order."""

    def item(term):
        return {name: getattr(term, name) for name in fields}

    list_out = schemas.page_of(out, f"{out.__name__.removesuffix('Out')}ListOut")

    def list_terms(request):
        return {"items": [item(term) for term in model.objects.all()], "next_cursor": None}

    list_terms.__name__ = f"list_{path.replace('-', '_')}"
    list_terms.__doc__ = f"{title}: every term, in the editors' order."
    list_terms = _get(f"/{path}", list_out, title, VOCABULARIES)(list_terms)

    def get_term(request, value):
        term = model.objects.filter(**{key: value}).first()
        if term is None:
            raise HttpError(404, _("Không tìm thấy mục “%(key)s”.") % {"key": value})
        return item(term)

    return list_terms, get_term


list_levels, _get_level = _vocabulary(
    "programme-levels",
    ProgrammeLevel,
    schemas.ProgrammeLevelOut,
    ("slug", "name", "description"),
    "Chương trình",
)
list_subjects, _get_subject = _vocabulary(
    "subjects", Subject, schemas.SubjectOut, ("slug", "name", "is_skill"), "Môn học"
)
list_types, _get_type = _vocabulary(
    "resource-types", ResourceType, schemas.TermOut, ("slug", "name"), "Loại học liệu"
)
list_licences, _get_licence = _vocabulary(
    "licences",
    Licence,
    schemas.LicenceDetailOut,
    ("slug", "name", "url", "allows_derivatives", "allows_commercial", "share_alike"),
    "Giấy phép",
)
list_grades, _get_grade = _vocabulary(
    "grades", Grade, schemas.GradeOut, ("number", "name"), "Lớp", key="number"
)


@_get("/programme-levels/{slug}", schemas.ProgrammeLevelOut, "Một chương trình", VOCABULARIES)
def get_programme_level(request, slug: str):
    return _get_level(request, slug)


@_get("/subjects/{slug}", schemas.SubjectOut, "Một môn học", VOCABULARIES)
def get_subject(request, slug: str):
    return _get_subject(request, slug)


@_get("/resource-types/{slug}", schemas.TermOut, "Một loại học liệu", VOCABULARIES)
def get_resource_type(request, slug: str):
    return _get_type(request, slug)


@_get("/licences/{slug}", schemas.LicenceDetailOut, "Một giấy phép", VOCABULARIES)
def get_licence(request, slug: str):
    return _get_licence(request, slug)


@_get("/grades/{number}", schemas.GradeOut, "Một lớp", VOCABULARIES)
def get_grade(request, number: int = Path(..., ge=1, le=12)):
    return _get_grade(request, number)
