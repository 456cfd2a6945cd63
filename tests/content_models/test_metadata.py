"""Record downloads (Dublin Core, LOM, JSON-LD), the Vietnamese citation on lesson and course
pages, and links that last: the short link and the old URLs after a move or a rename."""

import json

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

import pytest
from lxml import etree

from content_models.metadata.citation import citation_text
from content_models.metadata.describe import describe
from content_models.models import Grade, ProgrammeLevel, ResourceType, Subject
from tests.content_models.oai_checks import NS
from tests.factories.pages import CoursePageFactory, LessonPageFactory

STRICT = etree.XMLParser(resolve_entities=False, no_network=True)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def lesson(centre_a):
    page = LessonPageFactory(
        parent=centre_a.library_page,
        live=False,
        title="Phân số và phép chia",
        authors="Nguyễn Văn Bình, Lò Thị Xuân",
        language="vi",
        resource_type=ResourceType.objects.get(name="Bài giảng điện tử"),
    )
    page.programme_levels.set([ProgrammeLevel.objects.get(slug="chuong-trinh-gdtx-cap-thcs")])
    page.subjects.set([Subject.objects.get(slug="toan")])
    page.grades.set([Grade.objects.get(number=6)])
    return publish(page)


@pytest.fixture
def course(centre_a, lesson):
    page = CoursePageFactory(parent=centre_a.library_page, live=False, title="Số học lớp 6")
    page.units = [("unit", {"title": "Phân số", "description": "", "lessons": [lesson]})]
    page.subjects.set([Subject.objects.get(slug="toan")])
    return publish(page)


def test_citation_is_vietnamese_and_complete(rf, lesson):
    text = citation_text(describe(lesson, rf.get("/")))
    year = lesson.first_published_at.year
    assert text == (
        f"Nguyễn Văn Bình, Lò Thị Xuân ({year}). Phân số và phép chia [Bài giảng điện tử]. "
        f"Trung tâm GDTX tỉnh Lào Cai, Lào Cai. Giấy phép CC BY 4.0. http://testserver/l/{lesson.pk}/"
    )


def test_citation_without_authors_names_the_centre(rf, course):
    text = citation_text(describe(course, rf.get("/")))
    assert text.startswith(f"Trung tâm GDTX tỉnh Lào Cai ({course.first_published_at.year}). ")
    assert "[Học phần]" in text


def test_lesson_page_offers_citation_and_downloads(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert 'id="citation-text"' in html and "Nguyễn Văn Bình, Lò Thị Xuân (" in html
    for suffix in ("dc.xml", "lom.xml", "jsonld.json"):
        assert f'href="/l/{lesson.pk}/{suffix}"' in html


def test_course_page_offers_citation_and_downloads(client, course):
    html = client.get(course.url).content.decode()
    assert 'id="citation-text"' in html and f'href="/l/{course.pk}/lom.xml"' in html


def test_dublin_core_download(client, lesson):
    response = client.get(f"/l/{lesson.pk}/dc.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="hoc-lieu-{lesson.pk}-dc.xml"'
    root = etree.fromstring(response.content, STRICT)
    assert root.tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
    assert root.xpath("dc:title/text()", namespaces=NS) == ["Phân số và phép chia"]
    assert root.xpath("dc:creator/text()", namespaces=NS) == ["Nguyễn Văn Bình", "Lò Thị Xuân"]
    assert root.xpath("dc:type/text()", namespaces=NS) == ["Bài giảng điện tử"]
    identifiers = root.xpath("dc:identifier/text()", namespaces=NS)
    assert identifiers[1] == f"http://testserver/l/{lesson.pk}/"
    assert "https://creativecommons.org/licenses/by/4.0/" in root.xpath(
        "dc:rights/text()", namespaces=NS
    )


def test_lom_download(client, lesson, course):
    root = etree.fromstring(client.get(f"/l/{lesson.pk}/lom.xml").content, STRICT)
    assert root.tag == "{http://ltsc.ieee.org/xsd/LOM}lom"
    entries = root.xpath("//lom:taxon/lom:entry/lom:string/text()", namespaces=NS)
    assert entries == ["Chương trình GDTX cấp THCS", "Lớp 6", "Toán"]
    root = etree.fromstring(client.get(f"/l/{course.pk}/lom.xml").content, STRICT)
    assert root.xpath("//lom:aggregationLevel/lom:value/text()", namespaces=NS) == ["3"]
    parts = root.xpath(
        "//lom:relation/lom:resource/lom:identifier[lom:catalog='oai']/lom:entry/text()",
        namespaces=NS,
    )
    assert parts == [f"oai:localhost:lesson/{lesson.pk}"]


def test_json_ld_download_is_the_page_json_ld(client, lesson, course):
    response = client.get(f"/l/{lesson.pk}/jsonld.json")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    data = json.loads(response.content)
    assert data["@type"] == "LearningResource" and data["name"] == "Phân số và phép chia"
    assert data["identifier"] == f"http://testserver/l/{lesson.pk}/"
    assert data["url"] == lesson.get_full_url()
    assert data["isPartOf"][0]["name"] == "Số học lớp 6"
    data = json.loads(client.get(f"/l/{course.pk}/jsonld.json").content)
    assert data["@type"] == "Course" and data["hasPart"] == [
        {
            "@type": "LearningResource",
            "name": "Phân số và phép chia",
            "url": lesson.get_full_url(),
            "identifier": f"http://testserver/l/{lesson.pk}/",
        }
    ]


def test_downloads_of_drafts_private_and_other_pages_are_404(client, lesson, centre_a):
    draft = LessonPageFactory(parent=centre_a.library_page, live=False, title="Bản nháp")
    draft.save_revision()
    private = publish(LessonPageFactory(parent=centre_a.library_page, live=False, title="Riêng"))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    for page_id in (draft.pk, private.pk, centre_a.library_page.pk, 2**31, 2**40):
        for suffix in ("dc.xml", "lom.xml", "jsonld.json"):
            assert client.get(f"/l/{page_id}/{suffix}").status_code == 404
    assert client.post(f"/l/{lesson.pk}/dc.xml").status_code == 405


def test_old_urls_redirect_after_a_rename_and_a_move(
    client, lesson, centre_b, settings, django_capture_on_commit_callbacks
):
    # Wagtail creates these redirects itself (wagtail.contrib.redirects, on by default), from
    # signals it sends once the change is committed.
    assert getattr(settings, "WAGTAILREDIRECTS_AUTO_CREATE", True)
    first_url = lesson.url
    lesson.slug = "phan-so-va-phep-chia-lop-6"
    with django_capture_on_commit_callbacks(execute=True):
        publish(lesson)
    renamed_url = lesson.url
    assert renamed_url != first_url
    response = client.get(first_url)
    assert response.status_code == 301 and response["Location"].endswith(renamed_url)

    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=lesson.pk).move(centre_b.library_page, pos="last-child")
    lesson.refresh_from_db()
    moved_url = lesson.url
    assert moved_url.startswith(centre_b.library_page.url)
    for old in (first_url, renamed_url):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"].endswith(moved_url), old
    assert Redirect.objects.filter(redirect_page=lesson, automatically_created=True).count() >= 2
    # The short link and the downloads never changed.
    response = client.get(f"/l/{lesson.pk}/")
    assert response.status_code == 301 and response["Location"].endswith(moved_url)
    assert client.get(f"/l/{lesson.pk}/dc.xml").status_code == 200
