"""The anonymous page cache (cms/page_cache.py): who gets a stored page, what invalidates it,
and that every view served from it is still counted.

Real requests through the whole middleware stack and Wagtail's serve view, the real usage
counting and the real publish signals; the cache is the test settings' in-memory one.
"""

from django.conf import settings as django_settings
from django.core.cache import caches

from wagtail.models import PageViewRestriction, Site

import pytest

from cms.models import SiteSettings
from content_models.models import DailyUsage
from content_models.usage.buffer import flush
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.HLM_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def lesson(centre_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = LessonPageFactory(parent=centre_a.library_page, title="Phân số", live=False)
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def visit(client, url, address="10.1.1.1", agent=BROWSER, **headers):
    return client.get(url, headers={"user-agent": agent, **headers}, REMOTE_ADDR=address)


def views(page):
    flush()
    return sum(
        DailyUsage.objects.filter(kind="view", item_id=page.pk).values_list("count", flat=True)
    )


def test_a_second_anonymous_visit_gets_the_stored_page(client, lesson):
    first = visit(client, lesson.url)
    second = visit(client, lesson.url, address="10.1.1.2")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "vi"
    assert "Cookie" in first["Vary"] and "Cookie" in second["Vary"]
    assert "Phân số" in second.content.decode()


def test_every_view_served_from_the_cache_is_counted(client, lesson):
    responses = [visit(client, lesson.url, address=f"10.2.0.{n}") for n in range(1, 6)]
    assert [r["X-Page-Cache"] for r in responses] == ["miss", "hit", "hit", "hit", "hit"]
    assert views(lesson) == 5


def test_hits_keep_the_counting_rules(client, lesson):
    visit(client, lesson.url)  # miss, counted
    assert visit(client, lesson.url)["X-Page-Cache"] == "hit"  # same visitor within 30 s
    robot = visit(client, lesson.url, address="10.3.3.3", agent=GOOGLEBOT)
    assert robot["X-Page-Cache"] == "hit"
    head = client.head(lesson.url, headers={"user-agent": BROWSER}, REMOTE_ADDR="10.4.4.4")
    assert (head.status_code, head["X-Page-Cache"], head.content) == (200, "hit", b"")
    assert views(lesson) == 1


def test_languages_and_save_data_are_stored_apart(client, lesson):
    vi = visit(client, lesson.url)
    assert visit(client, lesson.url, save_data="on")["X-Page-Cache"] == "miss"
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    en = visit(client, lesson.url)
    assert en["X-Page-Cache"] == "miss"
    assert (vi["Content-Language"], en["Content-Language"]) == ("vi", "en")
    again = visit(client, lesson.url)
    assert (again["X-Page-Cache"], again["Content-Language"]) == ("hit", "en")
    assert "Cookie" in again["Vary"]


def test_signed_in_users_and_other_cookies_bypass_the_cache(client, lesson, teacher_a):
    visit(client, lesson.url)
    client.cookies["messages"] = "x"
    assert not visit(client, lesson.url).has_header("X-Page-Cache")
    del client.cookies["messages"]
    client.force_login(teacher_a)
    signed_in = visit(client, lesson.url)
    assert signed_in.status_code == 200
    assert not signed_in.has_header("X-Page-Cache")


def test_views_other_than_pages_are_never_stored(client, lesson):
    # Search pages are stored only with HLM_SEARCH_CACHE_SECONDS (test_page_cache_search.py).
    for url in ("/tim-kiem/?q=phan+so", "/sitemap.xml", "/api/v1/lessons"):
        visit(client, url)
        assert not visit(client, url).has_header("X-Page-Cache"), url


def test_publishing_a_change_invalidates_at_once(
    client, lesson, django_capture_on_commit_callbacks
):
    visit(client, lesson.url)
    assert visit(client, lesson.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        lesson.title = "Phân số và số thập phân"
        lesson.save_revision().publish()
    fresh = visit(client, lesson.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Phân số và số thập phân" in fresh.content.decode()


def test_an_unpublished_page_is_not_served_from_the_cache(
    client, lesson, django_capture_on_commit_callbacks
):
    url = lesson.url
    visit(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        lesson.unpublish()
    assert visit(client, url).status_code == 404


def test_a_restricted_page_is_never_stored_and_restricting_invalidates(
    client, lesson, django_capture_on_commit_callbacks
):
    visit(client, lesson.url)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
        )
    for _ in range(2):
        response = visit(client, lesson.url)
        assert 'type="password"' in response.content.decode()
        assert not response.has_header("X-Page-Cache")


def test_a_site_setting_change_invalidates(
    client, lesson, site_tree, django_capture_on_commit_callbacks
):
    visit(client, lesson.url)
    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.for_site(Site.objects.get(is_default_site=True)).save()
    assert visit(client, lesson.url)["X-Page-Cache"] == "miss"


def test_rendering_and_counting_leave_the_generation_alone(client, lesson):
    visit(client, lesson.url)
    generation = caches["pages"].get("page-cache:generation")
    for n in range(3):
        visit(client, lesson.url, address=f"10.5.0.{n}")
    flush()  # the usage batch runs at once in tests and updates view_count
    assert caches["pages"].get("page-cache:generation") == generation
    assert visit(client, lesson.url)["X-Page-Cache"] == "hit"


def test_off_when_the_setting_is_zero(client, lesson, settings):
    settings.HLM_PAGE_CACHE_SECONDS = 0
    visit(client, lesson.url)
    assert not visit(client, lesson.url).has_header("X-Page-Cache")


@pytest.mark.django_db(transaction=True)
def test_without_its_table_the_cache_steps_aside(client, centre_a, settings, caplog):
    """A deployment that has not run `createcachetable` yet (the migrations run before it
    used to): publishing still works and pages are served, uncached, with a warning logged."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hlm_page_cache_never_made",
        },
    }
    page = LessonPageFactory(parent=centre_a.library_page, title="Phân số", live=False)
    page.save_revision().publish()
    for _ in range(2):
        response = visit(client, page.url)
        assert response.status_code == 200
        assert not response.has_header("X-Page-Cache")
    assert "page cache" in caplog.text
    assert views(page) == 1  # counted all the same (one visitor; nothing left at exit)
