"""Sharing and discovery: short links, QR codes, printable sheets, feeds, sitemap, robots.txt,
Open Graph tags and schema.org JSON-LD."""

import json
import re
from xml.etree import ElementTree

import pytest

from content_models.models import LessonPage
from content_models.views import qr_svg

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_short_link_redirects_permanently(client, public_content):
    lesson = public_content["lesson"]
    response = client.get(f"/l/{lesson.pk}/")
    assert response.status_code == 301
    assert response["Location"] == lesson.url


def test_short_link_follows_a_moved_page(client, public_content):
    lesson = public_content["lesson"]
    lesson.slug = "phuong-trinh-bac-hai-moi"
    lesson.save_revision().publish()
    response = client.get(f"/l/{lesson.pk}/")
    assert response["Location"].endswith("/phuong-trinh-bac-hai-moi/")


@pytest.mark.parametrize("key", ["draft", "private"])
def test_short_link_qr_and_sheet_hide_unpublished_pages(client, public_content, key):
    pk = public_content[key].pk
    for suffix in ("", "qr.svg", "in/"):
        assert client.get(f"/l/{pk}/{suffix}").status_code == 404
    assert client.get("/l/999999/").status_code == 404
    assert client.get(f"/l/{10**30}/qr.svg").status_code == 404  # beyond any id column


def test_qr_code_is_an_svg_of_the_short_link(client, public_content):
    lesson = public_content["lesson"]
    response = client.get(f"/l/{lesson.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None
    # The same drawing as encoding the absolute short link (drawn on our server).
    assert response.content.decode() == qr_svg(f"http://testserver/l/{lesson.pk}/")
    assert response.content.decode() != qr_svg(f"http://testserver/l/{lesson.pk + 1}/")


def test_print_sheet_has_title_summary_qr_and_link(client, public_content):
    lesson = public_content["lesson"]
    response = client.get(f"/l/{lesson.pk}/in/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Phương trình bậc hai</h1>" in content
    assert "Cách giải phương trình bậc hai bằng công thức nghiệm." in content
    assert f"http://testserver/l/{lesson.pk}/" in content
    assert re.search(
        r'<div class="qr-box"[^>]*><svg [^>]*xmlns="http://www.w3.org/2000/svg"', content
    )
    assert '<meta name="robots" content="noindex">' in content
    assert "Phiếu bài tập" in content  # attachments listed for learners without a phone plan


def _rss_titles(content):
    root = ElementTree.fromstring(content)
    assert root.tag == "rss"
    return [item.findtext("title") for item in root.iter("item")]


def test_rss_feed_of_new_lessons(client, public_content):
    response = client.get("/bai-hoc-moi/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    titles = _rss_titles(response.content)
    assert "Phương trình bậc hai" in titles and "Đọc hiểu văn bản thông tin" in titles
    assert "Bản nháp chưa duyệt" not in titles and "Bài nội bộ có mật khẩu" not in titles
    root = ElementTree.fromstring(response.content)
    item = next(i for i in root.iter("item") if i.findtext("title") == "Phương trình bậc hai")
    assert item.findtext("link").endswith(public_content["lesson"].url)
    assert "Toán" in [category.text for category in item.iter("category")]


def test_atom_feed_of_new_lessons(client, public_content):
    response = client.get("/bai-hoc-moi/atom.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert "Phương trình bậc hai" in titles and "Bản nháp chưa duyệt" not in titles


def test_feeds_per_programme_level(client, public_content):
    titles = _rss_titles(client.get("/bai-hoc-moi/chuong-trinh-gdtx-cap-thcs/rss.xml").content)
    assert titles == ["Đọc hiểu văn bản thông tin"]
    response = client.get("/bai-hoc-moi/chuong-trinh-gdtx-cap-thpt/atom.xml")
    root = ElementTree.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert "Phương trình bậc hai" in titles and "Đọc hiểu văn bản thông tin" not in titles
    assert client.get("/bai-hoc-moi/khong-co/rss.xml").status_code == 404


def test_every_page_announces_the_feeds(client, public_content):
    content = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in content
    assert 'href="/bai-hoc-moi/atom.xml"' in content


def test_favicon_is_not_a_404(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_robots_txt(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /tim-kiem/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_lists_live_public_pages_only(client, public_content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert public_content["lesson"].get_full_url() in locations
    assert public_content["course"].get_full_url() in locations
    assert not any(public_content["draft"].slug in loc for loc in locations)
    assert not any(public_content["private"].slug in loc for loc in locations)
    # Landing pages of levels and subjects that have lessons.
    root = public_content["library"].get_site().root_url
    assert f"{root}/kho-hoc-lieu/chuong-trinh/chuong-trinh-gdtx-cap-thcs/" in locations
    assert f"{root}/kho-hoc-lieu/mon/toan/" in locations
    assert not any("/mon/tin-hoc/" in loc for loc in locations)


def _json_ld(content):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(match.group(1))


def test_open_graph_and_learning_resource_json_ld(client, public_content):
    lesson = public_content["lesson"]
    content = client.get(lesson.url).content.decode()
    assert '<meta property="og:title" content="Phương trình bậc hai">' in content
    assert f'<meta property="og:url" content="{lesson.get_full_url()}">' in content
    assert '<meta property="og:type" content="article">' in content
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', content).group(1)
    assert og_image.startswith("http://testserver/") and og_image.endswith(".jpg")
    data = _json_ld(content)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LearningResource"
    assert data["name"] == "Phương trình bậc hai"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["educationalLevel"] == ["Chương trình GDTX cấp THPT"]
    assert data["about"] == ["Toán"]
    assert data["timeRequired"] == "PT45M"
    assert [a["name"] for a in data["author"]] == ["Nguyễn Thị Lan", "Trần Văn Minh"]
    assert data["provider"]["name"] == "Trung tâm GDTX tỉnh Lào Cai"
    assert data["isBasedOn"] == public_content["original"].get_full_url()
    assert data["isPartOf"][0]["name"] == "Học phần Đại số 10"
    assert {m["encodingFormat"] for m in data["associatedMedia"]} >= {"application/pdf"}


def test_lesson_json_ld_gives_its_grades_as_educational_alignment(client, public_content):
    data = _json_ld(client.get(public_content["lesson"].url).content.decode())
    assert data["educationalAlignment"] == [
        {
            "@type": "AlignmentObject",
            "alignmentType": "educationalLevel",
            "educationalFramework": "Chương trình giáo dục phổ thông",
            "targetName": "Lớp 10",
        }
    ]


def test_course_json_ld_is_a_course_with_its_live_lessons_as_parts(
    client, public_content, taxonomy
):
    course = public_content["course"]
    course.grades.set([taxonomy["grade10"]])
    course.save_revision().publish()
    data = _json_ld(client.get(course.url).content.decode())
    assert data["@type"] == "Course" and data["name"] == "Học phần Đại số 10"
    assert data["url"] == course.get_full_url()
    assert data["educationalLevel"] == ["Chương trình GDTX cấp THPT"]
    assert [a["targetName"] for a in data["educationalAlignment"]] == ["Lớp 10"]
    # In course order, the draft left out.
    second, lesson = public_content["second"], public_content["lesson"]
    assert [(p["name"], p["url"]) for p in data["hasPart"]] == [
        (second.title, second.get_full_url()),
        (lesson.title, lesson.get_full_url()),
    ]
    # The download is the page's JSON-LD.
    download = json.loads(client.get(f"/l/{course.pk}/jsonld.json").content)
    assert download == {key: value for key, value in data.items() if key != "image"}


def test_collection_json_ld_is_an_item_list_in_the_editors_order(client, public_content):
    collection = public_content["collection"]
    data = _json_ld(client.get(collection.url).content.decode())
    assert data["@type"] == "ItemList" and data["name"] == "Toán THPT cho người đi làm"
    assert data["numberOfItems"] == 2
    assert [(item["position"], item["url"]) for item in data["itemListElement"]] == [
        (1, public_content["course"].get_full_url()),
        (2, public_content["lesson"].get_full_url()),
    ]


def test_json_ld_cannot_be_broken_out_of(client, public_content):
    lesson = LessonPage.objects.get(pk=public_content["lesson"].pk)
    lesson.summary = 'Kết thúc </script><script>alert("x")</script> & hết'
    lesson.save_revision().publish()
    content = client.get(lesson.url).content.decode()
    assert '<script>alert("x")</script>' not in content
    assert _json_ld(content)["description"] == lesson.summary


def test_search_result_pages_can_opt_out_of_indexing(client, public_content):
    # The library with a garbled filter is a thin page: not indexed.
    content = client.get(public_content["library"].url, {"level": "zzz"}).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in content
    content = client.get(public_content["library"].url).content.decode()
    assert 'name="robots"' not in content


def test_pages_without_a_summary_describe_themselves_from_their_introduction(
    client, public_content
):
    content = client.get(public_content["collection"].url).content.decode()
    assert '<meta name="description" content="Tuyển chọn bài học Toán.">' in content
    assert '<meta property="og:description" content="Tuyển chọn bài học Toán.">' in content
