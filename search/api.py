"""The public JSON API (django-ninja): search, autocomplete and related materials, and the
content API's routers (`content_models/api/`: lessons, courses, collections, centres,
provinces, vocabularies; docs/interfaces.md) mounted on the same instance.

Same parameters and the same validator (`search.forms.parse_search`) as the page, so the two
never disagree; where the page repairs bad input and says so, the API answers 400 with a
Vietnamese `detail`. Query parameters are declared for the OpenAPI schema only and typed as
strings: a pydantic 422 in English would otherwise answer before our own reasons.
Docs: /api/v1/docs, schema: /api/v1/openapi.json.
"""

import dataclasses
from typing import Annotated

from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.models import Page

from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import Throttled, ValidationError
from ninja.renderers import JSONRenderer
from pydantic import WithJsonSchema, create_model

from content_models.api.routes import router as content_router
from content_models.api.schemas import ErrorOut
from content_models.models import CoursePage, LessonPage
from search.forms import parse_search
from search.service import get_search_service
from search.types import (
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    MAX_VALUES_PER_FACET,
    PAGE_SIZE_DEFAULT,
    PAGE_SIZE_MAX,
    SORTS,
    FacetValue,
    SearchHit,
)
from search.views import (
    AUTOCOMPLETE_LIMIT_DEFAULT,
    AUTOCOMPLETE_LIMIT_MAX,
    logger,
    parse_autocomplete,
    run_autocomplete,
    run_search,
    too_many_message,
    unavailable_message,
)


class Utf8JSONRenderer(JSONRenderer):
    """Vietnamese as UTF-8, not \\u escapes: about half the bytes on slow mobile links."""

    json_dumps_params = {"ensure_ascii": False}


RELATED_LIMIT_DEFAULT = 5
RELATED_LIMIT_MAX = 12

api = NinjaAPI(
    title="Học liệu mở GDTX: API",
    version="1",
    description=(
        "Tìm học liệu của mọi trung tâm GDTX: từ khóa (có hoặc không dấu), bộ lọc theo "
        "chương trình, môn học, lớp, loại học liệu, giấy phép, trung tâm, tỉnh, ngôn ngữ, "
        "năm; cùng tham số với trang /tim-kiem/. Đọc học liệu đã công bố (bài học, học phần, "
        "bộ sưu tập) với siêu dữ liệu đầy đủ, tệp đính kèm (kích thước, kiểu, SHA-256) và "
        "JSON-LD; danh mục, trung tâm, tỉnh. Lỗi đầu vào trả về 400 với `detail`; khách "
        "không đăng nhập gửi quá nhiều yêu cầu nhận 429 với Retry-After."
    ),
    # Nested under search/urls.py's app_name, so reverse() of the docs finds the schema.
    urls_namespace="search:search-api",
    renderer=Utf8JSONRenderer(),
)

# --- Parameters (documentation only; search.forms validates request.GET) ----------------


def _integer(minimum, maximum, default=None):
    schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
    if default is not None:
        schema["default"] = default
    return WithJsonSchema(schema)


FacetValues = Annotated[list[str], WithJsonSchema({"type": "array", "items": {"type": "string"}})]


def _facet(description):
    return Field(
        default_factory=list,
        description=f"{description} Lặp lại để chọn nhiều (tối đa {MAX_VALUES_PER_FACET}).",
    )


class SearchParams(Schema):
    q: str = Field(
        "",
        description=f"Từ khóa, có hoặc không dấu; tối đa {MAX_QUERY_LENGTH} ký tự được dùng.",
    )
    level: FacetValues = _facet("Mã chương trình (slug).")
    subject: FacetValues = _facet("Mã môn học (slug).")
    grade: FacetValues = _facet("Lớp, số từ 1 đến 12.")
    type: FacetValues = _facet("Mã loại học liệu (slug).")
    licence: FacetValues = _facet("Mã giấy phép (slug).")
    reusable: FacetValues = _facet("1: chỉ học liệu có giấy phép cho phép phái sinh.")
    centre: FacetValues = _facet("Mã trung tâm (slug).")
    province: FacetValues = _facet("Mã tỉnh/thành phố (slug).")
    language: FacetValues = _facet("Mã ngôn ngữ (vi, en, tyz, …).")
    year: FacetValues = _facet("Năm xuất bản lần đầu (4 chữ số).")
    sort: Annotated[
        str, WithJsonSchema({"type": "string", "enum": list(SORTS), "default": "relevance"})
    ] = Field("relevance", description="Cách sắp xếp.")
    page: Annotated[str | None, _integer(1, MAX_PAGE, 1)] = Field(
        None, description=f"Trang kết quả, từ 1 đến {MAX_PAGE}."
    )
    page_size: Annotated[str | None, _integer(1, PAGE_SIZE_MAX, PAGE_SIZE_DEFAULT)] = Field(
        None, description=f"Số kết quả mỗi trang; lớn hơn {PAGE_SIZE_MAX} được hạ xuống."
    )


class AutocompleteParams(Schema):
    q: str = Field("", description="Phần đầu tên học liệu (ít nhất 2 ký tự).")
    limit: Annotated[
        str | None, _integer(1, AUTOCOMPLETE_LIMIT_MAX, AUTOCOMPLETE_LIMIT_DEFAULT)
    ] = Field(None, description="Số gợi ý tối đa.")


# --- Responses ------------------------------------------------------------------------


def schema_of(result_type, name, descriptions=None, required=()):
    """A response Schema with the fields of one of the service's result dataclasses.

    Same names, types and defaults as `result_type` (search/types.py), so the documented
    payload cannot drift from what the service returns; `descriptions` adds OpenAPI text,
    `required` drops a default the payload always fills in.
    """
    descriptions = descriptions or {}
    fields = {}
    for item in dataclasses.fields(result_type):
        has_default = item.default is not dataclasses.MISSING and item.name not in required
        fields[item.name] = (
            item.type,
            Field(
                item.default if has_default else ...,
                description=descriptions.get(item.name),
            ),
        )
    return create_model(name, __base__=Schema, **fields)


HitOut = schema_of(
    SearchHit,
    "HitOut",
    descriptions={
        "kind": "lesson | course",
        "highlights": "Đoạn HTML đã thoát ký tự, <mark> quanh từ khớp.",
    },
)
FacetValueOut = schema_of(FacetValue, "FacetValueOut", required={"selected"})


class QueryOut(Schema):
    text: str
    filters: dict[str, list[str]]
    sort: str
    page: int
    page_size: int


class SearchOut(Schema):
    query: QueryOut
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]
    total: int
    page: int
    page_size: int
    page_count: int
    backend: str = Field(description="elasticsearch | database")
    degraded: bool = Field(description="true: Elasticsearch không trả lời, CSDL đã trả lời thay.")
    messages: list[str]
    relaxed: bool = Field(
        description="true: không kết quả nào chứa mọi từ; đây là các kết quả chứa nhiều từ nhất."
    )
    not_found: list[str] = Field(description="Các từ không kết quả nào trên trang này chứa.")
    suggestion: str = Field(
        description="Từ khóa đã sửa (“Có phải bạn muốn tìm …?”), hoặc chuỗi rỗng."
    )


class SuggestionOut(Schema):
    title: str
    url: str


class AutocompleteOut(Schema):
    q: str
    suggestions: list[SuggestionOut]


class RelatedOut(Schema):
    page_id: int
    hits: list[HitOut]


# --- Errors: always JSON with a Vietnamese detail ---------------------------------------


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    names = sorted({str(error.get("loc", ["?"])[-1]) for error in exc.errors})
    detail = _("Tham số không hợp lệ: %(names)s.") % {"names": ", ".join(names)}
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(SuspiciousOperation)
def suspicious_request(request, exc):
    # e.g. TooManyFieldsSent: more query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS.
    detail = too_many_message()
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(Throttled)
def throttled(request, exc):
    seconds = max(1, int(exc.wait or 1))
    detail = _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau %(seconds)s giây.") % {
        "seconds": seconds
    }
    response = api.create_response(request, {"detail": detail}, status=429)
    response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


def _hit(hit):
    return dataclasses.asdict(hit)


def _unavailable():
    return Status(503, {"detail": unavailable_message()})


# --- Endpoints --------------------------------------------------------------------------


@api.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut, 404: ErrorOut, 503: ErrorOut},
    summary="Tìm học liệu",
    tags=["tìm kiếm"],
)
def search(request, params: Query[SearchParams]):
    """Full-text search with facet counts; the same parameters as the page /tim-kiem/."""
    parsed = parse_search(request.GET)  # `params` documents; this validates (one validator)
    if parsed.errors:
        return Status(400, {"detail": " ".join(parsed.errors)})
    results, error = run_search(parsed.query)
    if error is not None:
        return _unavailable()
    query = parsed.query
    payload = {
        "query": {
            "text": query.text,
            "filters": {name: list(values) for name, values in query.filters.items()},
            "sort": query.sort,
            "page": query.page,
            "page_size": query.page_size,
        },
        "hits": [_hit(hit) for hit in results.hits],
        "facets": {
            name: [dataclasses.asdict(value) for value in values]
            for name, values in results.facets.items()
        },
        "total": results.total,
        "page": query.page,
        "page_size": query.page_size,
        "page_count": results.page_count,
        "backend": results.backend,
        "degraded": results.degraded,
        "messages": parsed.notices + list(results.messages),
        "relaxed": results.relaxed,
        "not_found": results.not_found,
        "suggestion": results.suggestion,
    }
    return Status(200, payload)


@api.get(
    "/autocomplete",
    response={200: AutocompleteOut, 400: ErrorOut, 503: ErrorOut},
    summary="Gợi ý khi gõ",
    tags=["tìm kiếm"],
)
def autocomplete(request, params: Query[AutocompleteParams]):
    """Titles of live lessons and courses starting with `q`, with their URLs."""
    prefix, limit, errors = parse_autocomplete(request.GET)
    if errors:
        return Status(400, {"detail": " ".join(errors)})
    try:
        suggestions = run_autocomplete(prefix, limit)
    except Exception:
        logger.exception("API autocomplete failed for %r", prefix)
        return _unavailable()
    return Status(200, {"q": prefix, "suggestions": suggestions})


@api.get(
    "/lessons/{lesson_id}/related",
    response={200: RelatedOut, 400: ErrorOut, 404: ErrorOut, 503: ErrorOut},
    summary="Học liệu liên quan",
    tags=["tìm kiếm"],
)
def related(
    request,
    lesson_id: int,
    limit: int = Query(RELATED_LIMIT_DEFAULT, ge=1, le=RELATED_LIMIT_MAX),
):
    """Materials like this lesson or course (same programme level first)."""
    page = (
        Page.objects.live()
        .public()
        .type(LessonPage, CoursePage)
        .filter(pk=lesson_id)
        .specific()
        .first()
    )
    if page is None:
        detail = _("Không tìm thấy bài học đã xuất bản với mã %(id)s.") % {"id": lesson_id}
        return Status(404, {"detail": detail})
    try:
        with transaction.atomic():
            hits = get_search_service().related(page, limit)
    except Exception:
        logger.exception("API related failed for page %s", lesson_id)
        return _unavailable()
    return Status(200, {"page_id": page.pk, "hits": [_hit(hit) for hit in hits[:limit]]})


# Mounted last: the search room's own paths (/lessons/{id}/related) are matched first.
api.add_router("", content_router)
