"""The public pages, checked with tools nobody on the team wrote: the Nu HTML Checker
(`vnu.jar --errors-only`) finds 0 errors and axe-core 0 violations on home, a programme
landing page, search, a lesson, a course, a collection, a centre, the teacher's desk and the
print sheet of the demo site (`seed_demo`); screenshots of each at 360 px and 1280 px go to
test-artifacts/screenshots/. The home page's lesson counts (per programme, subject and centre)
are the database's.

The checkers come from the npm registry through `.ci/page-checks.sh`, which installs them
(var/checkers/) and runs this test with their paths in VNU_JAR and AXE_JS; without those the
test is skipped (so the general pytest runs do not repeat it), with the command to run
(docs/public-site.md).
"""

import io
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from django.core.management import call_command

import pytest
from bs4 import BeautifulSoup

from content_models.models import CentreLibraryPage, CollectionPage, CoursePage, LessonPage
from content_models.models.taxonomy import ProgrammeLevel, Subject
from tests.browser.conftest import PHONE, SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VNU_JAR = Path(os.environ.get("VNU_JAR", "/nonexistent/vnu.jar"))
AXE_JS = Path(os.environ.get("AXE_JS", "/nonexistent/axe.min.js"))
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
DEMO_PASSWORD = "mat-khau-kiem-tra-trang"
TEACHER = "giaovien.laocai"
# The axe-core rules: WCAG 2.1 A and AA, and axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture
def demo_site(monkeypatch, search_environment):
    if not VNU_JAR.is_file() or not AXE_JS.is_file() or not shutil.which("java"):
        pytest.skip("run through bash .ci/page-checks.sh (VNU_JAR, AXE_JS and java needed)")
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    from search.indexer import drain

    drain(force=True)
    search_environment.refresh()


def public_urls():
    """name → address of each kind of public page, on the demo's content."""
    lesson = LessonPage.objects.live().get(external_id="demo-001")
    library = lesson.get_parent().get_parent().specific
    level = ProgrammeLevel.objects.filter(pk__in=lesson.programme_levels.all()).first()
    return {
        "home": "/",
        "programme": f"{library.url}chuong-trinh/{level.slug}/",
        "search": "/tim-kiem/?q=phương+trình",
        "lesson": lesson.url,
        "course": CoursePage.objects.live().order_by("path").first().url,
        "collection": CollectionPage.objects.live().order_by("path").first().url,
        "centre": CentreLibraryPage.objects.live().order_by("path").first().url,
        "print sheet": f"/l/{lesson.pk}/in/",
    }


def log_in(page, username):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")


def nu_errors(documents):
    """{name: [message, …]} of the Nu HTML Checker's errors in the HTML documents."""
    folder = SCREENSHOTS.parent / "html"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = {}
    for name, html in documents.items():
        path = folder / f"{name.replace(' ', '-')}.html"
        path.write_text(html, encoding="utf-8")
        paths[str(path.resolve())] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = {}
    for message in json.loads(result.stdout)["messages"]:
        name = paths.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        extract = message.get("extract", "")
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} ({extract!r})"
        )
    return errors


def axe_violations(page):
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


def home_counts(html):
    """{list: {name: count}} as the home page shows them."""
    soup = BeautifulSoup(html, "html.parser")
    shown = {}
    for kind, selector in (
        ("levels", ".term-grid li"),
        ("subjects", ".term-list li"),
        ("centres", ".centre-list li"),
    ):
        shown[kind] = {
            item.a.get_text(strip=True): int(re.findall(r"\d+", item.get_text(" "))[-1])
            for item in soup.select(selector)
        }
    return shown


def database_counts():
    """The same lists counted from the database: live, public lessons."""
    lessons = LessonPage.objects.live().public()
    counted = {
        "levels": Counter(lessons.values_list("programme_levels__name", flat=True)),
        "subjects": Counter(lessons.values_list("subjects__name", flat=True)),
        "centres": Counter(lessons.values_list("centre__name", flat=True)),
    }
    counted["levels"].update(
        dict.fromkeys(ProgrammeLevel.objects.values_list("name", flat=True), 0)
    )
    counted["subjects"].update(dict.fromkeys(Subject.objects.values_list("name", flat=True), 0))
    return counted


def test_public_pages_pass_the_nu_checker_and_axe(demo_site, new_context, shot):
    urls = public_urls()
    documents, violations = {}, {}
    for options, width in ((PHONE, "360"), (DESKTOP, "1280")):
        # Injecting axe-core is an inline script the site's CSP would refuse.
        context = new_context(bypass_csp=True, **options)
        page = context.new_page()
        pages = dict(urls)
        for name, url in pages.items():
            response = page.goto(url)
            assert response.status == 200, (name, url, response.status)
            documents[name] = response.text()
            shot(page, f"{name.replace(' ', '-')}-{width}", full_page=width == "1280")
            found = axe_violations(page)
            if found:
                violations[f"{name} at {width} px"] = found
        log_in(page, TEACHER)
        response = page.goto("/ban-lam-viec/")
        assert response.status == 200
        documents["desk"] = response.text()
        shot(page, f"desk-{width}", full_page=width == "1280")
        found = axe_violations(page)
        if found:
            violations[f"desk at {width} px"] = found
    print(f"\nscreenshots and checked HTML: {SCREENSHOTS.parent}")
    # Each list on the home page counts what the database counts (each centre said "1 bài"
    # while it had 6 to 12).
    shown, counted = home_counts(documents["home"]), database_counts()
    for kind, names in shown.items():
        assert len(names) >= 3, (kind, names)
        assert names == {name: counted[kind][name] for name in names}, kind
    assert len(set(shown["centres"].values())) > 1, shown["centres"]
    found = {"Nu HTML Checker": nu_errors(documents), "axe-core": violations}
    assert not any(found.values()), json.dumps(found, ensure_ascii=False, indent=1)
