"""The content API at /api/v1/ (content_models/api/): lessons, courses, collections, centres,
provinces and vocabularies; only live public content; filters with Vietnamese reasons; signed
cursors; conditional GET; the limit on anonymous clients; the OpenAPI schema validated and
every response checked against it (openapi-spec-validator, openapi-core)."""

import hashlib
import json
import re
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest
from lxml import etree
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate

from content_models.models import (
    CollectionPage,
    Grade,
    LessonAttachment,
    LessonPage,
    OaiRecord,
    ProgrammeLevel,
    ResourceType,
    Subject,
    ensure_site_structure,
)
from media.models import CustomDocument
from search.api import api
from tests.conftest import make_centre_a, make_centre_b, restore_migration_data
from tests.content_models.oai_checks import NS
from tests.factories.pages import CoursePageFactory, LessonPageFactory
from tests.media import files
from tests.module_data import module_catalogue

PDF = files.pdf_bytes(pages=1)
DRAFT_TITLE = "Bản nháp chưa duyệt"
PRIVATE_TITLE = "Bài học riêng tư"
HIDDEN = (DRAFT_TITLE, PRIVATE_TITLE, "Bộ sưu tập riêng", "Đã gỡ xuống", "Đã hết hạn")


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


@pytest.fixture(scope="module")
def spec():
    """The served schema, validated and compiled once per module (it is the same for every
    test: a few seconds each time; docs/testing.md)."""
    schema = json.loads(json.dumps(api.get_openapi_schema()))  # as served: string keys
    validate(schema)
    return OpenAPI.from_dict(schema)


@pytest.fixture
def checked(client, spec):
    """GET through the whole stack, then the response checked against the OpenAPI schema."""

    def get(path, data=None, **headers):
        response = client.get(path, data or {}, **headers)
        assert response.status_code != 500
        if response.status_code != 304:
            spec.validate_response(
                DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
            )
        return response

    return get


# One catalogue for the module's tests, built before the first (tests/module_data.py,
# docs/testing.md); each test runs in its own savepoint and gets the objects afresh.
CATALOGUE_SCOPE = "module"


@pytest.fixture(scope="module", autouse=True)
def _module_catalogue(request):
    yield from module_catalogue(request, build_catalogue)


@pytest.fixture
def catalogue(request, centre_a, centre_b, _module_catalogue):
    if _module_catalogue is None or not _module_catalogue.serves(request.node):
        return build_catalogue()
    return _module_catalogue.objects()


def build_catalogue():
    restore_migration_data()
    ensure_site_structure()
    centre_a, centre_b = make_centre_a(), make_centre_b()
    library_a, library_b = centre_a.library_page, centre_b.library_page
    document = CustomDocument(title="Phiếu học tập", file=ContentFile(PDF, name="phieu.pdf"))
    document._set_document_file_metadata()
    document.save()
    lesson = LessonPageFactory(
        parent=library_a,
        live=False,
        title="Phân số và phép chia",
        authors="Nguyễn Văn Bình, Lò Thị Xuân",
        language="vi",
        learning_objectives="Hiểu phân số\nChia hai phân số",
        duration_minutes=45,
        resource_type=ResourceType.objects.get(name="Bài giảng điện tử"),
    )
    lesson.attachments = [LessonAttachment(document=document, title="Phiếu bài tập")]
    lesson.keywords.add("phân số")
    lesson.save()
    lesson.programme_levels.set([ProgrammeLevel.objects.get(slug="chuong-trinh-gdtx-cap-thcs")])
    lesson.subjects.set([Subject.objects.get(slug="toan")])
    lesson.grades.set([Grade.objects.get(number=6)])
    publish(lesson)
    tay = publish(
        LessonPageFactory(parent=library_b, live=False, title="Truyện cổ Tày", language="tyz")
    )
    remix = publish(LessonPageFactory(parent=library_b, live=False, title="Phân số (phái sinh)"))
    remix.derived_from = lesson
    publish(remix)
    draft = LessonPageFactory(parent=library_a, live=False, title=DRAFT_TITLE)
    draft.save_revision()
    private = publish(LessonPageFactory(parent=library_a, live=False, title=PRIVATE_TITLE))
    restrict(private)
    withdrawn = publish(LessonPageFactory(parent=library_a, live=False, title="Đã gỡ xuống"))
    withdrawn.unpublish()
    expired = LessonPageFactory(parent=library_a, live=False, title="Đã hết hạn")
    expired.expire_at = timezone.now() + timedelta(seconds=1)
    publish(expired)
    LessonPage.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(1))
    call_command("publish_scheduled", verbosity=0)  # Wagtail's expiry run
    course = CoursePageFactory(parent=library_a, live=False, title="Số học lớp 6")
    course.units = [
        ("unit", {"title": "Phân số", "description": "Mở đầu", "lessons": [lesson, draft]}),
        ("unit", {"title": "Ôn tập", "description": "", "lessons": [private, remix]}),
    ]
    course.save()
    course.subjects.set([Subject.objects.get(slug="toan")])
    publish(course)
    collection = CollectionPage(title="Bộ sưu tập Toán", slug="bo-suu-tap-toan", live=False)
    collection.items = [("item", lesson), ("item", private), ("item", course)]
    library_a.get_parent().add_child(instance=collection)
    publish(collection)
    hidden = CollectionPage(title="Bộ sưu tập riêng", slug="bo-suu-tap-rieng", live=False)
    library_a.get_parent().add_child(instance=hidden)
    restrict(publish(hidden))
    return {
        "lesson": lesson,
        "tay": tay,
        "remix": remix,
        "draft": draft,
        "private": private,
        "withdrawn": withdrawn,
        "expired": expired,
        "course": course,
        "collection": collection,
        "hidden": hidden,
        "document": document,
    }


def ids(response):
    return [item["id"] for item in response.json()["items"]]


# --- Schema ----------------------------------------------------------------------------


def test_openapi_schema_is_valid_and_documents_every_content_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    validate(schema)  # raises on an invalid OpenAPI document
    paths = set(schema["paths"])
    for name in ("lessons", "courses", "collections"):
        assert f"/api/v1/{name}" in paths and f"/api/v1/{name}/{{{name[:-1]}_id}}" in paths
    for name in ("centres", "provinces", "programme-levels", "subjects", "resource-types"):
        assert f"/api/v1/{name}" in paths and f"/api/v1/{name}/{{slug}}" in paths
    assert "/api/v1/licences/{slug}" in paths and "/api/v1/grades/{number}" in paths
    lessons = schema["paths"]["/api/v1/lessons"]["get"]
    assert {"200", "304", "400", "429"} <= set(lessons["responses"])
    documented = [parameter["name"] for parameter in lessons["parameters"]]
    assert documented == [
        "level",
        "subject",
        "grade",
        "type",
        "licence",
        "centre",
        "province",
        "language",
        "modified_since",
        "limit",
        "cursor",
    ]


def test_every_endpoint_answers_as_its_schema_says(checked, catalogue):
    lesson, course = catalogue["lesson"], catalogue["course"]
    collection = catalogue["collection"]
    paths = [
        "/api/v1/lessons",
        f"/api/v1/lessons/{lesson.pk}",
        "/api/v1/courses",
        f"/api/v1/courses/{course.pk}",
        "/api/v1/collections",
        f"/api/v1/collections/{collection.pk}",
        "/api/v1/centres",
        f"/api/v1/centres/{lesson.centre.slug}",
        "/api/v1/provinces",
        f"/api/v1/provinces/{lesson.centre.province.slug}",
        "/api/v1/programme-levels",
        "/api/v1/programme-levels/chuong-trinh-gdtx-cap-thcs",
        "/api/v1/subjects",
        "/api/v1/subjects/toan",
        "/api/v1/grades",
        "/api/v1/grades/6",
        "/api/v1/resource-types",
        f"/api/v1/resource-types/{lesson.resource_type.slug}",
        "/api/v1/licences",
        f"/api/v1/licences/{lesson.licence.slug}",
    ]
    for path in paths:
        response = checked(path)
        assert response.status_code == 200, path
        assert response.json()
    # Errors are documented too: 400 and 404 answers are checked the same way.
    for path, status in (
        ("/api/v1/lessons?grade=13", 400),
        (f"/api/v1/lessons/{catalogue['draft'].pk}", 404),
        ("/api/v1/courses/0", 400),
        ("/api/v1/subjects/khong-co", 404),
        ("/api/v1/grades/13", 400),
    ):
        assert checked(path).status_code == status, path


# --- Payloads --------------------------------------------------------------------------


def test_lesson_carries_full_metadata_files_and_its_page_json_ld(checked, client, catalogue):
    lesson, document = catalogue["lesson"], catalogue["document"]
    data = checked(f"/api/v1/lessons/{lesson.pk}").json()
    assert data["title"] == "Phân số và phép chia" and data["kind"] == "lesson"
    assert data["url"] == lesson.get_full_url()
    assert data["short_url"] == f"http://testserver/l/{lesson.pk}/"
    assert data["oai_identifier"] == f"oai:localhost:lesson/{lesson.pk}"
    assert data["authors"] == ["Nguyễn Văn Bình", "Lò Thị Xuân"]
    assert data["programme_levels"] == [
        {"slug": "chuong-trinh-gdtx-cap-thcs", "name": "Chương trình GDTX cấp THCS"}
    ]
    assert data["subjects"] == [{"slug": "toan", "name": "Toán"}]
    assert data["grades"] == [6] and data["language"] == "vi"
    assert data["resource_type"]["name"] == "Bài giảng điện tử"
    assert data["keywords"] == ["phân số"]
    assert data["learning_objectives"] == ["Hiểu phân số", "Chia hai phân số"]
    assert data["duration_minutes"] == 45
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["centre"]["name"] == "Trung tâm GDTX tỉnh Lào Cai"
    assert data["province"]["name"] == "Lào Cai"
    [attachment] = data["attachments"]
    assert attachment == {
        "title": "Phiếu bài tập",
        "url": f"http://testserver{document.url}",
        "mime_type": "application/pdf",
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }
    assert client.get(document.url).status_code == 200
    # The JSON-LD is the page's own (the download of /l/<id>/jsonld.json is the same).
    download = json.loads(client.get(f"/l/{lesson.pk}/jsonld.json").content)
    assert data["json_ld"] == download
    assert data["json_ld"]["isPartOf"][0]["name"] == "Số học lớp 6"
    remix = checked(f"/api/v1/lessons/{catalogue['remix'].pk}").json()
    assert remix["based_on"]["id"] == lesson.pk
    assert remix["json_ld"]["isBasedOn"] == lesson.get_full_url()


def test_list_items_equal_their_detail(checked, catalogue):
    listed = {item["id"]: item for item in checked("/api/v1/lessons").json()["items"]}
    for pk, item in listed.items():
        assert checked(f"/api/v1/lessons/{pk}").json() == item


def test_course_units_and_collection_items_name_only_public_pages(checked, catalogue):
    lesson, remix = catalogue["lesson"], catalogue["remix"]
    course = checked(f"/api/v1/courses/{catalogue['course'].pk}").json()
    assert [unit["title"] for unit in course["units"]] == ["Phân số", "Ôn tập"]
    assert [[link["id"] for link in unit["lessons"]] for unit in course["units"]] == [
        [lesson.pk],
        [remix.pk],
    ]
    assert course["json_ld"]["@type"] == "Course"
    collection = checked(f"/api/v1/collections/{catalogue['collection'].pk}").json()
    assert [(item["kind"], item["id"]) for item in collection["items"]] == [
        ("lesson", lesson.pk),
        ("course", catalogue["course"].pk),
    ]


def test_only_live_public_content_is_ever_served(checked, catalogue):
    hidden = [catalogue[name] for name in ("draft", "private", "withdrawn", "expired")]
    assert not LessonPage.objects.get(pk=catalogue["expired"].pk).live
    listed = checked("/api/v1/lessons").json()
    assert {item["id"] for item in listed["items"]} == {
        catalogue[name].pk for name in ("lesson", "tay", "remix")
    }
    for page in hidden:
        assert checked(f"/api/v1/lessons/{page.pk}").status_code == 404
    collections = checked("/api/v1/collections")
    assert ids(collections) == [catalogue["collection"].pk]
    assert checked(f"/api/v1/collections/{catalogue['hidden'].pk}").status_code == 404
    # A lesson id is not a course, a course id not a collection.
    assert checked(f"/api/v1/courses/{catalogue['lesson'].pk}").status_code == 404
    # Nothing of a hidden page is named anywhere, in any field.
    everything = b"".join(
        checked(path).content
        for path in (
            "/api/v1/lessons",
            "/api/v1/courses",
            "/api/v1/collections",
            *(f"/api/v1/lessons/{item['id']}" for item in listed["items"]),
        )
    ).decode()
    for title in HIDDEN:
        assert title not in everything
    for page in hidden:
        assert f"/l/{page.pk}/" not in everything
    # A pending draft of a live lesson shows the published title.
    lesson = catalogue["lesson"]
    lesson.title = DRAFT_TITLE
    lesson.save_revision()
    assert checked(f"/api/v1/lessons/{lesson.pk}").json()["title"] == "Phân số và phép chia"


# --- Filters -----------------------------------------------------------------------------


def test_filters_narrow_the_lists(checked, catalogue, centre_b):
    lesson, tay, remix = catalogue["lesson"], catalogue["tay"], catalogue["remix"]
    cases = {
        "level=chuong-trinh-gdtx-cap-thcs": [lesson.pk],
        "subject=toan": [lesson.pk],
        "grade=6": [lesson.pk],
        "grade=6&grade=7": [lesson.pk],
        f"type={lesson.resource_type.slug}": [lesson.pk],
        f"licence={lesson.licence.slug}": [lesson.pk, tay.pk, remix.pk],
        f"centre={centre_b.slug}": [tay.pk, remix.pk],
        f"province={centre_b.province.slug}": [tay.pk, remix.pk],
        "language=tyz": [tay.pk],
        "subject=toan&language=tyz": [],
    }
    for query, expected in cases.items():
        assert ids(checked(f"/api/v1/lessons?{query}")) == sorted(expected), query
    course = catalogue["course"]
    course.programme_levels.set([ProgrammeLevel.objects.get(slug="chuong-trinh-gdtx-cap-thcs")])
    course.grades.set([Grade.objects.get(number=6)])
    publish(course)
    course_cases = {
        "subject=toan": [course.pk],
        "subject=ngu-van": [],
        "level=chuong-trinh-gdtx-cap-thcs": [course.pk],
        "level=chuong-trinh-gdtx-cap-thpt": [],
        "grade=6": [course.pk],
        "grade=7": [],
        f"licence={course.licence.slug}": [course.pk],
        f"centre={course.centre.slug}": [course.pk],
        f"centre={centre_b.slug}": [],
        f"province={course.centre.province.slug}": [course.pk],
        f"province={centre_b.province.slug}": [],
    }
    for query, expected in course_cases.items():
        assert ids(checked(f"/api/v1/courses?{query}")) == expected, query
    centres = checked(f"/api/v1/centres?province={centre_b.province.slug}").json()["items"]
    assert [centre["slug"] for centre in centres] == [centre_b.slug]


def test_modified_since_returns_what_changed(checked, catalogue):
    hour_ago = timezone.now() - timedelta(hours=1)
    OaiRecord.objects.update(datestamp=hour_ago)
    Page.objects.update(last_published_at=hour_ago)
    since = timezone.now().replace(microsecond=0)
    publish(catalogue["tay"])
    stamp = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(checked("/api/v1/lessons", {"modified_since": stamp})) == [catalogue["tay"].pk]
    day = (hour_ago - timedelta(days=1)).date().isoformat()
    assert len(ids(checked("/api/v1/lessons", {"modified_since": day}))) == 3
    assert ids(checked("/api/v1/courses", {"modified_since": stamp})) == []
    assert ids(checked("/api/v1/collections", {"modified_since": stamp})) == []
    assert ids(checked("/api/v1/collections", {"modified_since": day})) == [
        catalogue["collection"].pk
    ]
    # A lesson withdrawn from a course changes the course (docs/interfaces.md).
    catalogue["remix"].unpublish()
    assert ids(checked("/api/v1/courses", {"modified_since": stamp})) == [catalogue["course"].pk]


def test_a_replaced_attachment_moves_the_lesson_and_its_validators(checked, catalogue):
    """A document's file replaced in the library (no page is published): the lesson's
    attachment has another URL, size and checksum, so the lesson is modified."""
    lesson, document = catalogue["lesson"], catalogue["document"]
    hour_ago = timezone.now() - timedelta(hours=1)
    OaiRecord.objects.update(datestamp=hour_ago)
    Page.objects.update(last_published_at=hour_ago)
    path = f"/api/v1/lessons/{lesson.pk}"
    before = checked(path)
    stamp = timezone.now().replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(checked("/api/v1/lessons", {"modified_since": stamp})) == []
    document.save()  # saved unchanged: nothing moves
    assert ids(checked("/api/v1/lessons", {"modified_since": stamp})) == []
    new_pdf = files.pdf_bytes(pages=2)
    document.file = ContentFile(new_pdf, name="phieu-moi.pdf")
    document._set_document_file_metadata()
    document.save()
    assert ids(checked("/api/v1/lessons", {"modified_since": stamp})) == [lesson.pk]
    after = checked(path, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200
    assert after.json()["attachments"][0]["sha256"] == hashlib.sha256(new_pdf).hexdigest()


BAD = [
    ("lessons", {"level": "khong-co-chuong-trinh"}, "Không có chương trình"),
    ("lessons", {"subject": "x" * 500}, "quá dài"),
    ("lessons", {"grade": "13"}, "từ 1 đến 12"),
    ("lessons", {"grade": "abc"}, "từ 1 đến 12"),
    ("lessons", {"grade": "６"}, "từ 1 đến 12"),
    ("lessons", {"type": "khong-co"}, "Không có loại học liệu"),
    ("lessons", {"licence": "gpl"}, "Không có giấy phép"),
    ("lessons", {"centre": "khong-co"}, "Không có trung tâm"),
    ("lessons", {"province": "khong-co"}, "Không có tỉnh"),
    ("lessons", {"language": "xx"}, "Không có ngôn ngữ"),
    ("lessons", {"modified_since": "2026-13-45"}, "không phải là ngày giờ"),
    ("lessons", {"modified_since": "2026-02-30"}, "không phải là ngày giờ"),
    ("lessons", {"modified_since": "hôm qua"}, "không phải là ngày giờ"),
    ("lessons", {"modified_since": "2999-01-01"}, "tương lai"),
    ("lessons", {"modified_since": ["2020-01-01", "2021-01-01"]}, "một giá trị"),
    ("lessons", {"limit": "0"}, "limit"),
    ("lessons", {"limit": "101"}, "limit"),
    ("lessons", {"limit": "-5"}, "limit"),
    ("lessons", {"levle": "x"}, "không được hỗ trợ"),
    ("courses", {"type": "bai-giang"}, "không được hỗ trợ"),
    ("lessons", {"cursor": "gia-mao"}, "cursor không hợp lệ"),
    ("lessons", {"cursor": "eyJhIjoxfQ:1abc:xyz"}, "cursor không hợp lệ"),
    ("lessons", {"subject": ["toan"] * 11}, "tối đa 10"),
]


@pytest.mark.parametrize(("name", "query", "reason"), BAD)
def test_bad_parameters_are_400_with_a_vietnamese_reason(checked, catalogue, name, query, reason):
    response = checked(f"/api/v1/{name}", query)
    assert response.status_code == 400
    assert reason in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/lessons/0",
        "/api/v1/lessons/-1",
        "/api/v1/lessons/abc",
        f"/api/v1/lessons/{2**31}",
        f"/api/v1/lessons/{2**70}",
        "/api/v1/courses/1e3",
        "/api/v1/grades/0",
        "/api/v1/grades/99999999999999999999999",
    ],
)
def test_out_of_range_ids_are_400_never_500(checked, catalogue, path):
    response = checked(path)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Tham số không hợp lệ")


# --- Cursors -----------------------------------------------------------------------------


def test_cursor_walks_every_lesson_once(checked, catalogue, centre_a):
    for number in range(5):
        page = LessonPageFactory(parent=centre_a.library_page, live=False, title=f"Thêm {number}")
        publish(page)
    expected = list(LessonPage.objects.live().public().order_by("pk").values_list("pk", flat=True))
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        payload = checked("/api/v1/lessons", query).json()
        seen += [item["id"] for item in payload["items"]]
        cursor, pages = payload["next_cursor"], pages + 1
        if cursor is None:
            break
    assert seen == expected and pages == 3
    # A cursor is bound to its list and filters.
    first = checked("/api/v1/lessons", {"limit": 1}).json()["next_cursor"]
    assert checked("/api/v1/lessons", {"limit": 1, "cursor": first}).status_code == 200
    other = checked("/api/v1/lessons", {"limit": 1, "cursor": first, "subject": "toan"})
    assert other.status_code == 400 and "bộ lọc khác" in other.json()["detail"]
    assert checked("/api/v1/courses", {"cursor": first}).status_code == 400
    tampered = first[:-2] + ("A" if first[-2] != "A" else "B") + first[-1]
    assert checked("/api/v1/lessons", {"limit": 1, "cursor": tampered}).status_code == 400


# --- Conditional GET ---------------------------------------------------------------------


def test_conditional_get_answers_304_until_something_changes(checked, catalogue):
    lesson = catalogue["lesson"]
    for path in ("/api/v1/lessons", f"/api/v1/lessons/{lesson.pk}", "/api/v1/subjects"):
        first = checked(path)
        etag = first["ETag"]
        assert etag.startswith('"') and first["Cache-Control"] == "no-cache"
        again = checked(path, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""
        assert checked(path, HTTP_IF_NONE_MATCH='"autre"').status_code == 200
    first = checked(f"/api/v1/lessons/{lesson.pk}")
    modified = first["Last-Modified"]
    assert (
        checked(f"/api/v1/lessons/{lesson.pk}", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    )
    # A change anywhere moves both validators on.
    OaiRecord.objects.update(datestamp=timezone.now() - timedelta(hours=1))
    listed = checked("/api/v1/lessons")
    lesson.title = "Phân số (sửa)"
    publish(lesson)
    after = checked("/api/v1/lessons", HTTP_IF_NONE_MATCH=listed["ETag"])
    assert after.status_code == 200 and after["ETag"] != listed["ETag"]
    assert (
        checked("/api/v1/lessons", HTTP_IF_MODIFIED_SINCE=listed["Last-Modified"]).status_code
        == 200
    )
    # A lesson withdrawn from a course changes the course's body, hence its ETag.
    course = f"/api/v1/courses/{catalogue['course'].pk}"
    before = checked(course)["ETag"]
    catalogue["remix"].unpublish()
    assert checked(course, HTTP_IF_NONE_MATCH=before).status_code == 200


# --- Limits ------------------------------------------------------------------------------


def test_anonymous_clients_are_limited_with_a_clear_429(
    checked, client, catalogue, settings, editor
):
    settings.HLM_API_ANON_LIMIT = 3
    for _number in range(3):
        assert checked("/api/v1/subjects").status_code == 200
    refused = checked("/api/v1/lessons")
    assert refused.status_code == 429
    assert "quá nhiều yêu cầu" in refused.json()["detail"]
    assert 1 <= int(refused["Retry-After"]) <= settings.HLM_API_ANON_PERIOD_SECONDS
    # Another address is counted apart; a signed-in user is not limited.
    assert checked("/api/v1/subjects", REMOTE_ADDR="10.0.0.9").status_code == 200
    client.force_login(editor)
    assert checked("/api/v1/subjects").status_code == 200


# --- Vocabularies ------------------------------------------------------------------------


def test_vocabularies_list_every_term(checked, catalogue):
    levels = checked("/api/v1/programme-levels").json()["items"]
    assert [level["slug"] for level in levels] == list(
        ProgrammeLevel.objects.values_list("slug", flat=True)
    )
    grades = checked("/api/v1/grades").json()["items"]
    assert grades[0] == {"number": 1, "name": "Lớp 1"} and len(grades) == Grade.objects.count()
    licence = checked(f"/api/v1/licences/{catalogue['lesson'].licence.slug}").json()
    assert licence["allows_derivatives"] is True
    province = checked(f"/api/v1/provinces/{catalogue['lesson'].centre.province.slug}").json()
    assert province["centres"] == [
        {"slug": catalogue["lesson"].centre.slug, "name": "Trung tâm GDTX tỉnh Lào Cai"}
    ]
    centre = checked(f"/api/v1/centres/{catalogue['lesson'].centre.slug}").json()
    assert centre["kind"] == "gdtx" and centre["province"]["name"] == "Lào Cai"
    for path in ("/api/v1/centres/khong-co", "/api/v1/provinces/khong-co"):
        response = checked(path)
        assert response.status_code == 404 and response.json()["detail"]


# --- Checksums ---------------------------------------------------------------------------


def test_sha256_is_stored_on_save_and_computed_once_for_older_files(catalogue):
    document = catalogue["document"]
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    CustomDocument.objects.filter(pk=document.pk).update(sha256="")
    older = CustomDocument.objects.get(pk=document.pk)
    assert older.get_sha256() == hashlib.sha256(PDF).hexdigest()
    assert CustomDocument.objects.get(pk=document.pk).sha256 == older.sha256


# --- One canonical URL everywhere --------------------------------------------------------


def test_sitemap_feeds_json_ld_oai_and_api_carry_the_same_canonical_url(client, catalogue):
    """Every output names the lesson by the URL of its Wagtail site, whatever host the client
    used (read here through another host name)."""
    lesson = catalogue["lesson"]
    canonical = lesson.get_full_url()
    assert "mirror.example.vn" not in canonical
    other_host = {"HTTP_HOST": "mirror.example.vn"}

    def get(path, data=None):
        response = client.get(path, data or {}, **other_host)
        assert response.status_code == 200, path
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content

    sitemap = etree.fromstring(get("/sitemap.xml"))
    locations = sitemap.xpath(
        "//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    )
    found = {"sitemap": [url for url in locations if url.endswith(lesson.url)]}
    level = "chuong-trinh-gdtx-cap-thcs"
    for name in ("rss.xml", f"{level}/rss.xml"):
        rss = etree.fromstring(get(f"/bai-hoc-moi/{name}"))
        found[name] = rss.xpath(
            f"//item[guid='{lesson.pk}' or contains(guid, '/l/{lesson.pk}/')]/link/text()"
        )
    atom_ns = {"a": "http://www.w3.org/2005/Atom"}
    for name in ("atom.xml", f"{level}/atom.xml"):
        atom = etree.fromstring(get(f"/bai-hoc-moi/{name}"))
        found[name] = atom.xpath(
            f"//a:entry[contains(a:id, '/l/{lesson.pk}/')]/a:link/@href", namespaces=atom_ns
        )
    html = get(lesson.url).decode()
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found["page JSON-LD"] = [json.loads(embedded.group(1))["url"]]
    found["JSON-LD download"] = [json.loads(get(f"/l/{lesson.pk}/jsonld.json"))["url"]]
    identifier = f"oai:localhost:lesson/{lesson.pk}"
    dc = etree.fromstring(
        get("/oai/", {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier})
    )
    found["OAI dc:identifier"] = dc.xpath("//dc:identifier/text()", namespaces=NS)[:1]
    lom = etree.fromstring(
        get("/oai/", {"verb": "GetRecord", "metadataPrefix": "lom", "identifier": identifier})
    )
    found["OAI LOM"] = lom.xpath(
        "//lom:general/lom:identifier[lom:catalog='URI']/lom:entry/text()"
        " | //lom:technical/lom:location/text()",
        namespaces=NS,
    )
    found["LOM download"] = etree.fromstring(get(f"/l/{lesson.pk}/lom.xml")).xpath(
        "//lom:technical/lom:location/text()", namespaces=NS
    )
    data = json.loads(get(f"/api/v1/lessons/{lesson.pk}"))
    found["API"] = [data["url"], data["json_ld"]["url"]]
    listed = json.loads(get("/api/v1/lessons"))["items"]
    found["API list"] = [item["url"] for item in listed if item["id"] == lesson.pk]
    for output, urls in found.items():
        assert urls and set(urls) == {canonical}, (output, urls)


# --- Cost --------------------------------------------------------------------------------


def test_a_list_costs_the_same_queries_whatever_its_length(client, catalogue, centre_a):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/lessons", {"limit": 100}).status_code == 200
        return len(captured)

    queries()  # warms the per-process caches (content types, the site's root paths)
    few = queries()
    for number in range(6):
        page = LessonPageFactory(parent=centre_a.library_page, live=False, title=f"Bài {number}")
        page.attachments = [LessonAttachment(document=catalogue["document"])]
        page.save()
        page.subjects.set([Subject.objects.get(slug="toan")])
        publish(page)
    assert queries() == few <= 16
