"""English through Django's translation machinery; Vietnamese for everyone who did not ask.

The language follows only the cookie set by the switch in the header (cms.middleware), never
the browser's Accept-Language, so a learner whose phone is set to English still reads
Vietnamese lessons with a Vietnamese voice. The catalogue is cms/locale/en; it is refreshed with
    manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests
        --ignore="*/migrations/*" --ignore=test-artifacts --no-location
then every new or fuzzy entry is translated and compilemessages is run (the .mo is committed,
so a server without gettext still speaks English).
"""

import ast
import gettext
import re
import shutil
from html import unescape

from django.conf import settings

import pytest

from search import facets
from search.indexer import drain

pytestmark = pytest.mark.django_db

CATALOGUE = settings.BASE_DIR / "cms" / "locale" / "en" / "LC_MESSAGES" / "django"
SEARCH = "/tim-kiem/"

# (Vietnamese, English) interface strings every public page shows.
EVERY_PAGE = [
    ("Bỏ qua, đến nội dung chính", "Skip to main content"),
    ('<button type="submit">Tìm</button>', '<button type="submit">Search</button>'),
    ("Điều hướng chính", "Main navigation"),
    ("Sơ đồ trang", "Sitemap"),
]
HOME = [
    ("Học theo chương trình", "Browse by programme"),
    ("Bài học mới", "New lessons"),
    ("Các trung tâm đóng góp", "Contributing centres"),
]
LESSON = [
    ("Mục tiêu bài học", "Learning objectives"),
    ("Cách ghi nguồn khi dùng lại", "How to credit this when you reuse it"),
    ("<dd>45 phút</dd>", "<dd>45 minutes</dd>"),
    ("<dd>Tiếng Việt</dd>", "<dd>Vietnamese</dd>"),
]
SEARCH_PAGE = [
    ("<h1>Tìm kiếm học liệu</h1>", "<h1>Search learning materials</h1>"),
    ("Từ khóa (có dấu hoặc không dấu)", "Search terms (with or without Vietnamese accents)"),
    ("Tìm thấy 5 học liệu", "5 items found"),
    ('<p class="card-kind">Học phần</p>', '<p class="card-kind">Course</p>'),
    ("Lọc kết quả", "Filter results"),
]


@pytest.fixture
def catalogue(public_content, settings):
    """The public content, also in the database search table (no Elasticsearch needed)."""
    settings.ELASTICSEARCH_URL = ""
    drain(force=True)
    facets.invalidate()  # labels cached by an earlier test's database
    return public_content


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def pages(content):
    """(url, expected strings) for the home page, a lesson and the search page."""
    return [
        ("/", EVERY_PAGE + HOME),
        (content["lesson"].url, EVERY_PAGE + LESSON),
        (SEARCH, EVERY_PAGE[:1] + EVERY_PAGE[2:] + SEARCH_PAGE),  # its own box, no header one
    ]


def press_language_switch(client, url, code):
    """Submit the header's switch on `url` as a visitor without JavaScript would."""
    page = html(client.get(url))
    form = re.search(
        r'<form class="lang-switch" action="([^"]+)" method="post">(.*?)</form>', page, re.S
    )
    assert form, "no language switch in the header"
    assert f'name="language" value="{code}"' in form.group(2)
    next_url = unescape(re.search(r'name="next" value="([^"]*)"', form.group(2)).group(1))
    response = client.post(form.group(1), {"language": code, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == code
    return next_url


def assert_language(content, code, strings):
    index = 0 if code == "vi" else 1
    assert f'<html lang="{code}">' in content
    for pair in strings:
        assert pair[index] in content, pair[index]
        assert pair[1 - index] not in content, pair[1 - index]


def test_vietnamese_without_a_choice(client, catalogue):
    for url, strings in pages(catalogue):
        response = client.get(url)
        assert response["Content-Language"] == "vi"
        assert_language(html(response), "vi", strings)


def test_english_after_the_header_switch(client, catalogue):
    lesson_url = catalogue["lesson"].url
    assert press_language_switch(client, lesson_url, "en") == lesson_url
    for url, strings in pages(catalogue):
        response = client.get(url)
        assert response["Content-Language"] == "en"
        content = html(response)
        assert_language(content, "en", strings)
    # The lesson itself stays in its own language, marked for screen readers.
    content = html(client.get(lesson_url))
    assert '<h1 lang="vi">Phương trình bậc hai</h1>' in content
    # And back: the switch now offers Vietnamese.
    press_language_switch(client, "/", "vi")
    assert_language(html(client.get("/")), "vi", EVERY_PAGE + HOME)


def test_djangos_set_language_view_switches_too(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "en", "next": SEARCH})
    assert response.status_code == 302 and response["Location"] == SEARCH
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert_language(html(client.get(SEARCH)), "en", SEARCH_PAGE)


def test_browser_language_alone_does_not_switch(client, site_tree):
    """Accept-Language is ignored on purpose (cms/middleware.py): the page stays Vietnamese."""
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response["Content-Language"] == "vi"
    assert_language(html(response), "vi", EVERY_PAGE)


@pytest.mark.parametrize("cookie", ["fr", "", "en'><script>", "x" * 300])
def test_unknown_language_cookie_falls_back_to_vietnamese(client, site_tree, cookie):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    assert_language(html(client.get("/")), "vi", EVERY_PAGE)


def test_facet_labels_follow_each_visitors_language(client, catalogue):
    """A Vietnamese visitor's search must not decide the labels an English visitor reads."""
    language_facet = re.compile(r'name="language" value="vi"[^>]*> ([^<]+?) <span')
    assert language_facet.findall(html(client.get(SEARCH))) == ["Tiếng Việt"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert language_facet.findall(html(client.get(SEARCH))) == ["Vietnamese"]


def test_messages_from_python_code_are_translated(client, catalogue):
    """gettext() in views, not only {% translate %} in templates: a bad filter's notice."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = html(client.get(SEARCH, {"sort": "khong-co"}))
    assert "There is no sort order “khong-co”; results are sorted by relevance." in content


def po_entries(path):
    """Dicts of msgid, msgstr (or msgstr[0], msgstr[1]) and flags of a .po file."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            entry = None
            continue
        if entry is None:
            entry = {"flags": ""}
            entries.append(entry)
        if line.startswith("#,"):
            entry["flags"] += line
        elif not line.startswith("#"):
            keyword = re.match(r"^(msgid|msgid_plural|msgstr(?:\[\d\])?) ", line)
            if keyword:
                key = keyword.group(1)
                line = line[keyword.end() :]
                entry[key] = ""
            entry[key] += ast.literal_eval(line)  # PO strings use C escapes, as Python does
    return [entry for entry in entries if entry.get("msgid")]  # not the header


def test_catalogue_is_complete_and_compiled():
    entries = po_entries(CATALOGUE.with_suffix(".po"))
    assert len(entries) > 400
    with CATALOGUE.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}|</?[a-z]+[^>]*>")
    for entry in entries:
        msgid = entry["msgid"]
        assert "fuzzy" not in entry["flags"], msgid
        if "msgid_plural" in entry:
            translations = [entry["msgstr[0]"], entry["msgstr[1]"]]
            # The committed .mo says the same as the .po (compilemessages was run).
            assert compiled.ngettext(msgid, entry["msgid_plural"], 1) == translations[0], msgid
            assert compiled.ngettext(msgid, entry["msgid_plural"], 5) == translations[1], msgid
        else:
            translations = [entry["msgstr"]]
            assert compiled.gettext(msgid) == translations[0], msgid
        for translation in translations:
            assert translation, f"untranslated: {msgid}"
            assert set(placeholder.findall(translation)) == set(placeholder.findall(msgid)), msgid


def test_catalogue_holds_every_string_of_the_code(tmp_path, monkeypatch, settings):
    # Each engineer adding a {% translate %} or gettext() string must also add its English.
    """makemessages into a scratch folder finds no msgid missing from the committed catalogue."""
    from django.core.management import call_command

    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed on this machine")
    settings.LOCALE_PATHS = [tmp_path]
    monkeypatch.chdir(settings.BASE_DIR)
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=[
            ".venv",
            "var",
            "tests",
            "*/migrations/*",
            "test-artifacts",
            "cms/locale",
        ],
        no_location=True,
        verbosity=0,
    )
    fresh = {entry["msgid"] for entry in po_entries(tmp_path / "en" / "LC_MESSAGES" / "django.po")}
    committed = {entry["msgid"] for entry in po_entries(CATALOGUE.with_suffix(".po"))}
    assert sorted(fresh - committed) == [], "run makemessages -l en and translate these"
