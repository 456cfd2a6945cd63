"""Offline packs read back by real readers: the ZIP unpacked, the ZIM through libzim's own
reader and, when Debian's kiwix-tools is installed, served by kiwix-serve and searched over
HTTP. Staleness (an unpublished, private, edited or deleted lesson) through Wagtail's real
publishing, and the command's answer to each bad input."""

import io
import json
import math
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
import zipfile

from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup
from libzim.reader import Archive
from libzim.search import Query, Searcher
from libzim.suggestion import SuggestionSearcher

from cms.models import SiteSettings
from content_models.models import LessonPage
from content_models.models.offline_packs import OfflinePack, PackStatus
from content_models.offline.builder import build_pack
from content_models.offline.service import build_and_store
from content_models.offline.tasks import build_offline_pack_task
from content_models.offline.writers import write_pack
from content_models.text import fold
from content_models.views import qr_svg
from tests.content_models.offline_content import (
    pack_content,
    print_pack_figures,
    publish_collection,
)
from tests.factories.pages import LessonPageFactory


@pytest.fixture
def content(site_tree, centre_a):
    _home, library = site_tree
    return pack_content(centre_a, library)


def unzip(path, folder):
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
        return set(archive.namelist())


def local_links(html):
    """Every src and href of a page (scripts, styles, pictures, links)."""
    soup = BeautifulSoup(html, "html.parser")
    return [(tag.name, tag.get("src") or tag.get("href")) for tag in soup.find_all(src=True)] + [
        (tag.name, tag["href"]) for tag in soup.find_all(href=True)
    ]


# --- the ZIP -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_zip_is_a_self_contained_site_with_credits_on_every_page(content, tmp_path):
    collection, _course, lessons = content
    pack = build_pack(collection, "zip")
    size = write_pack(pack, "zip", tmp_path / "pack.zip")
    assert size == os.path.getsize(tmp_path / "pack.zip")
    names = unzip(tmp_path / "pack.zip", tmp_path / "site")
    assert {"index.html", "search.js", "search-index.js", "pack.css"} <= names
    pages = sorted(name for name in names if name.startswith("lessons/"))
    assert len(pages) == 3
    assert any(name.startswith("files/") and name.endswith(".pdf") for name in names)
    assert sum(name.startswith("images/") for name in names) >= 3  # three covers
    # Formulas are MathML there too: the style sheet names fonts that can draw them.
    assert "Noto Sans Math" in (tmp_path / "site" / "pack.css").read_text()

    for name in ["index.html", *pages]:
        html = (tmp_path / "site" / name).read_text()
        assert "CC BY 4.0" in html, name
        assert "Nguyễn Thị Hoa" in html, name
        for tag, link in local_links(html):
            parsed = urllib.parse.urlsplit(link)
            if tag == "a" and parsed.scheme in ("http", "https"):
                continue  # a link the learner may follow when online; nothing loads from it
            assert not parsed.scheme and not parsed.netloc and not link.startswith("/"), link
            if not link.startswith("#"):
                target = (tmp_path / "site" / os.path.dirname(name) / parsed.path).resolve()
                assert target.is_file(), (name, link)

    first = (tmp_path / "site" / pages[0]).read_text()
    assert lessons[0].title in first
    assert "Phiếu bài tập" in first
    assert re.search(r'href="\.\./files/\d+-phieu-bai-tap\.pdf"', first)
    index = (tmp_path / "site" / "search-index.js").read_text()
    entries = json.loads(index.split("=", 1)[1].rstrip().rstrip(";"))
    assert [entry["t"] for entry in entries] == [lesson.title for lesson in lessons]
    assert fold("Diệp lục hấp thụ") in entries[1]["f"]
    assert "diep luc hap thu" in entries[1]["f"]


@pytest.mark.django_db
def test_course_and_centre_packs_hold_their_own_lessons(content, centre_a):
    _collection, course, lessons = content
    assert [lesson.pk for lesson in build_pack(course, "zip").lessons] == [
        lessons[0].pk,
        lessons[1].pk,
    ]
    centre_pack = build_pack(centre_a.library_page, "zip")
    assert {lesson.pk for lesson in centre_pack.lessons} == {lesson.pk for lesson in lessons}


# --- the ZIM -------------------------------------------------------------------------------
@pytest.fixture
def zim_file(content, tmp_path):
    collection, _course, _lessons = content
    path = tmp_path / "hoc-lieu-on-tap.zim"
    write_pack(build_pack(collection, "zim"), "zim", path)
    return path


def zim_paths(results):
    return list(results)


@pytest.mark.django_db
def test_zim_title_and_full_text_search_find_a_lesson_by_a_vietnamese_word(zim_file, content):
    archive = Archive(str(zim_file))
    assert archive.has_fulltext_index and archive.has_title_index
    assert archive.main_entry.get_item().path == "index.html"
    assert archive.get_metadata("Language").decode() == "vie"
    lesson_path = next(
        archive.get_entry_by_path(path).path for path in [f"lessons/002-{content[2][1].slug}.html"]
    )
    suggestions = SuggestionSearcher(archive).suggest("Quang hợp")
    assert lesson_path in zim_paths(suggestions.getResults(0, 10))
    search = Searcher(archive).search(Query().set_query("diệp lục"))
    assert search.getEstimatedMatches() >= 1
    assert lesson_path in zim_paths(search.getResults(0, 10))
    html = bytes(archive.get_entry_by_path(lesson_path).get_item().content).decode()
    assert "Quang hợp ở thực vật" in html and "CC BY 4.0" in html


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
@pytest.mark.skipif(
    not shutil.which("kiwix-serve"), reason="kiwix-serve not installed (bash .ci/kiwix.sh)"
)
def test_kiwix_serve_serves_the_pages_and_finds_lessons_by_vietnamese_words(zim_file, content):
    port = _free_port()
    server = subprocess.Popen(
        ["kiwix-serve", "--address=127.0.0.1", f"--port={port}", str(zim_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    book = zim_file.stem

    def get(path):
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.read().decode()

    try:
        for _attempt in range(100):
            try:
                get("/")
                break
            except OSError:
                time.sleep(0.1)
        lesson = content[2][1]
        page = get(f"/{book}/lessons/002-{lesson.slug}.html")
        assert "Quang hợp ở thực vật" in page and "CC BY 4.0" in page
        # Title suggestions, typed with diacritics.
        query = urllib.parse.urlencode({"content": book, "term": "Quang hợp"})
        assert f"lessons/002-{lesson.slug}.html" in get(f"/suggest?{query}")
        # Full text, typed with or without diacritics, and đ typed as d: each page's words
        # are indexed as written and folded (writers.FoldedIndexData), since Debian's
        # kiwix-serve 3.3 folds neither the query nor đ (docs/offline-packs.md, "ZIM").
        derivative = f"lessons/001-{content[2][0].slug}.html"
        photosynthesis = f"lessons/002-{lesson.slug}.html"
        for words, path in (
            ("diep luc", photosynthesis),
            ("diệp lục", photosynthesis),
            ("tiep tuyen", derivative),
            ("tiếp tuyến", derivative),
            ("dao ham", derivative),
            ("đạo hàm", derivative),
        ):
            query = urllib.parse.urlencode({"content": book, "pattern": words})
            assert path in get(f"/search?{query}"), words
        query = urllib.parse.urlencode({"content": book, "pattern": "khong co tu nay"})
        assert "Quang hợp ở thực vật" not in get(f"/search?{query}")
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- built packs, downloads and staleness ---------------------------------------------------
def download(client, pack):
    return client.get(reverse("public:offline_pack", args=[pack.pk]))


@pytest.mark.django_db
def test_task_builds_a_ready_pack_that_learners_download_from_the_collection_page(content, client):
    collection, course, lessons = content
    result = build_offline_pack_task.enqueue(collection.pk, "zip")
    pack = OfflinePack.objects.get(pk=result.return_value)
    assert pack.status == PackStatus.READY
    assert pack.lesson_count == 3 and pack.size == pack.file.size
    assert re.fullmatch(r"offline_packs/[0-9a-f]{32}\.zip", pack.file.name)
    assert set(pack.lessons.values_list("pk", flat=True)) == {lesson.pk for lesson in lessons}

    page = client.get(collection.url).content.decode()
    assert reverse("public:offline_pack", args=[pack.pk]) in page
    response = download(client, pack)
    assert response.status_code == 200
    assert 'filename="hoc-lieu-on-tap.zip"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).read("index.html")
    # Same content again: nothing rebuilt.
    assert build_offline_pack_task.enqueue(collection.pk, "zip").return_value == pack.pk
    # Course pages offer their packs the same way.
    course_pack = build_and_store(course, "zim")
    assert (
        reverse("public:offline_pack", args=[course_pack.pk])
        in client.get(course.url).content.decode()
    )


@pytest.mark.django_db
def test_collection_page_offers_the_pack_with_its_size_and_data_cost(content, client):
    collection, _course, _lessons = content
    pack = build_and_store(collection, "zip")
    prices = SiteSettings.for_site(collection.get_site())
    prices.mobile_data_price_per_mb = 10_000
    prices.save()
    cache.clear()
    section = BeautifulSoup(client.get(collection.url).content, "html.parser").select_one(
        ".offline-packs"
    )
    text = " ".join(section.get_text(" ").replace("\xa0", " ").split())
    assert filesizeformat(pack.size).replace("\xa0", " ") in text
    shown = re.search(r"khoảng ([\d.,]+) đồng dữ liệu di động", text)
    assert shown and int(re.sub(r"\D", "", shown[1])) == math.ceil(pack.size / 1024**2 * 10_000)


@pytest.mark.django_db
def test_unpublished_lesson_makes_the_pack_stale_and_the_rebuild_leaves_it_out(
    content, client, django_capture_on_commit_callbacks
):
    collection, _course, lessons = content
    pack = build_and_store(collection, "zip")
    file_name = pack.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lessons[1].unpublish()
    pack.refresh_from_db()
    assert pack.status == PackStatus.STALE
    assert download(client, pack).status_code == 404
    assert (
        reverse("public:offline_pack", args=[pack.pk])
        not in client.get(collection.url).content.decode()
    )

    for callback in callbacks:  # the commit: the file goes, the rebuild runs
        callback()
    assert not pack.file.storage.exists(file_name)
    assert not OfflinePack.objects.filter(pk=pack.pk).exists()
    rebuilt = OfflinePack.objects.get(source_page=collection, format="zip")
    assert rebuilt.status == PackStatus.READY
    assert set(rebuilt.lessons.values_list("pk", flat=True)) == {lessons[0].pk, lessons[2].pk}
    assert download(client, rebuilt).status_code == 200
    with rebuilt.file.open("rb") as handle:
        names = zipfile.ZipFile(handle).namelist()
    assert not any(lessons[1].slug in name for name in names)


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["private", "republished", "deleted"])
def test_private_edited_or_deleted_lesson_makes_the_pack_stale(content, client, change):
    collection, _course, lessons = content
    pack = build_and_store(collection, "zip")
    lesson = LessonPage.objects.get(pk=lessons[0].pk)
    if change == "private":
        PageViewRestriction.objects.create(
            page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
        )
    elif change == "republished":
        lesson.summary = "Tóm tắt đã sửa."
        lesson.save_revision().publish()
    else:
        lesson.delete()
    pack.refresh_from_db()
    assert pack.status == PackStatus.STALE
    assert download(client, pack).status_code == 404


@pytest.mark.django_db
def test_printed_sheet_has_a_qr_to_the_pack_that_survives_rebuilds(content, client):
    """The printed sheet of a lesson, or of its collection, carries a second QR to a pack
    holding it; the QR names the source and format (/l/<id>/goi.zip), not one build, so a
    sheet printed today still works after the pack is rebuilt, and refuses a stale pack."""
    collection, _course, lessons = content
    sheet_url = reverse("public:print_sheet", args=[lessons[0].pk])
    assert "sheet-pack" not in client.get(sheet_url).content.decode()

    first = build_and_store(collection, "zip")
    build_and_store(collection, "zim")
    latest = reverse("public:offline_pack_latest", args=[collection.pk, "zip"])
    address = f"http://testserver{latest}"
    for url in (sheet_url, reverse("public:print_sheet", args=[collection.pk])):
        html = client.get(url).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        sheet = soup.select_one(".sheet-pack")
        assert sheet is not None, url
        ids = [element["id"] for element in soup.select("[id]")]
        assert len(ids) == len(set(ids)), url  # two QR codes, no id repeated
        assert address in sheet.get_text()
        assert qr_svg(address) in html  # the QR encodes exactly that address
        assert collection.title in sheet.get_text() and "index.html" in sheet.get_text()
        assert filesizeformat(first.size).replace("\xa0", " ") in sheet.get_text().replace(
            "\xa0", " "
        )

    response = client.get(latest)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == first.file.open("rb").read()
    first.file.close()

    lesson = LessonPage.objects.get(pk=lessons[0].pk)
    lesson.summary = "Tóm tắt đã sửa."
    lesson.save_revision().publish()
    assert client.get(latest).status_code == 404  # stale: the printed QR answers 404
    assert "sheet-pack" not in client.get(sheet_url).content.decode()  # the ZIM is stale too
    rebuilt = build_and_store(collection, "zip")
    assert rebuilt.pk != first.pk
    response = client.get(latest)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == rebuilt.file.open("rb").read()
    rebuilt.file.close()

    assert (
        client.get(reverse("public:offline_pack_latest", args=[collection.pk, "exe"])).status_code
        == 404
    )
    assert (
        client.get(reverse("public:offline_pack_latest", args=[lessons[0].pk, "zip"])).status_code
        == 404
    )


@pytest.mark.django_db
def test_download_checks_again_even_without_signals(content, client):
    """An expiry or a bulk update sends no signal: the view still refuses to serve."""
    collection, _course, lessons = content
    pack = build_and_store(collection, "zip")
    LessonPage.objects.filter(pk=lessons[2].pk).update(live=False)
    assert download(client, pack).status_code == 404
    pack.refresh_from_db()
    assert pack.status == PackStatus.STALE


@pytest.mark.django_db
def test_unpublished_collection_pack_is_not_served(content, client):
    collection, _course, _lessons = content
    pack = build_and_store(collection, "zip")
    collection.unpublish()
    assert download(client, pack).status_code == 404
    assert client.get(reverse("public:offline_pack", args=[999999])).status_code == 404


# --- the command ---------------------------------------------------------------------------
def run(*args):
    out = io.StringIO()
    call_command("build_offline_pack", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("pack_format", ["zip", "zim"])
def test_command_writes_the_pack(content, tmp_path, pack_format):
    output = tmp_path / f"goi.{pack_format}"
    text = run("--collection", "hoc-lieu-on-tap", "--format", pack_format, "--output", str(output))
    assert "3 bài học" in text
    assert output.stat().st_size > 0
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".part")]


@pytest.mark.django_db
def test_command_by_centre_code(content, centre_a, tmp_path):
    output = tmp_path / "trung-tam.zip"
    run("--centre", centre_a.slug, "--format", "zip", "--output", str(output))
    assert len([n for n in zipfile.ZipFile(output).namelist() if n.startswith("lessons/")]) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--collection", "khong-co"], "Không có bộ sưu tập nào có mã “khong-co”"),
        (["--course", "khong-co"], "Không có học phần nào có mã"),
        (["--centre", "khong-co"], "Không có trung tâm nào có mã"),
        (["--collection", "hoc-lieu-on-tap", "--max-lessons", "2"], "vượt giới hạn 2 bài"),
        (["--collection", "hoc-lieu-on-tap", "--max-bytes", "2000"], "vượt giới hạn"),
        (["--collection", "trong-rong"], "không có bài học nào đang công bố"),
    ],
)
def test_command_refuses_bad_input_with_one_clear_line(
    content, site_tree, centre_a, tmp_path, args, message
):
    draft = LessonPageFactory(parent=centre_a.library_page, title="Bài nháp", live=False)
    publish_collection(site_tree[1], "Trống rỗng", "trong-rong", [draft])
    output = tmp_path / "goi.zip"
    with pytest.raises(CommandError, match=message):
        run(*args, "--format", "zip", "--output", str(output))
    assert not output.exists()
    assert not os.listdir(tmp_path)


@pytest.mark.django_db
def test_command_refuses_an_unwritable_output(content, tmp_path):
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        run(
            "--collection",
            "hoc-lieu-on-tap",
            "--format",
            "zip",
            "--output",
            str(tmp_path / "khong" / "goi.zip"),
        )
    locked = tmp_path / "khoa"
    locked.mkdir(mode=0o500)
    if os.access(locked, os.W_OK):
        pytest.skip("running as root: a read-only folder is still writable")
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        run(
            "--collection",
            "hoc-lieu-on-tap",
            "--format",
            "zip",
            "--output",
            str(locked / "goi.zip"),
        )


# --- figures -------------------------------------------------------------------------------
@pytest.mark.benchmark
@pytest.mark.django_db
def test_benchmark_pack_of_100_lessons(content, centre_a, tmp_path, capsys):
    print_pack_figures(centre_a.library_page, 97, 100, tmp_path, capsys)


# --- demo ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_seed_demo_builds_one_pack_of_one_collection_once():
    for _run in range(2):
        call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    pack = OfflinePack.objects.get()
    assert pack.status == PackStatus.READY and pack.format == "zip" and pack.lesson_count > 0
    with pack.file.open("rb") as handle:
        assert "index.html" in zipfile.ZipFile(handle).namelist()
