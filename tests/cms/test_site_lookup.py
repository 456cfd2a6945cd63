"""The request's Site and the site settings come from a cache (cms/site_lookup.py,
cms/site_settings_cache.py, docs/pages.md): no query for them once known, and the same answer
as reading the tables right after a Site or the settings are added, changed or deleted."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from cms.models import SiteSettings
from cms.page_cache import new_generation
from tests.cms.conftest import publish
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db


def title_at(client, host, path="/"):
    response = client.get(path, headers={"host": host})
    if response.status_code != 200:
        return response.status_code
    return response.context["page"].title


def site_queries(client, url, table="wagtailcore_site"):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]


def test_a_known_site_costs_no_query(client, site_tree, centre_a):
    home, _library = site_tree
    lesson = publish(LessonPageFactory(parent=centre_a.library_page, title="Bài một"))
    assert site_queries(client, home.url)  # the first request looks the site up
    assert site_queries(client, home.url) == []
    assert site_queries(client, lesson.url) == []
    assert client.get(lesson.url).context["page"].pk == lesson.pk


def test_a_changed_site_is_used_from_the_next_request(client, site_tree, centre_a):
    home, library = site_tree
    other = Site.objects.create(hostname="b.example", port=80, root_page=library)
    assert title_at(client, "b.example") == library.title
    assert title_at(client, "a.example") == home.title  # the default site

    other.hostname = "c.example"
    other.save()
    assert title_at(client, "b.example") == home.title
    assert title_at(client, "c.example") == library.title

    other.root_page = centre_a.library_page
    other.save()
    assert title_at(client, "c.example") == centre_a.library_page.title

    other.delete()
    assert title_at(client, "c.example") == home.title


def test_no_site_for_the_host_is_a_404_as_in_wagtail(client, site_tree):
    home, _library = site_tree
    assert title_at(client, "a.example") == home.title
    Site.objects.filter(is_default_site=True).update(is_default_site=False)  # no signal
    Site.objects.first().save()  # a save drops the cached answers
    assert title_at(client, "a.example") == 404


def test_known_site_settings_cost_no_query(client, site_tree):
    home, _library = site_tree
    assert site_queries(client, home.url, "cms_sitesettings")
    assert site_queries(client, home.url, "cms_sitesettings") == []


def test_changed_site_settings_show_on_the_next_request(client, site_tree):
    home, _library = site_tree
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.footer_text = "Chân trang thứ nhất"
    settings.save()
    assert "Chân trang thứ nhất" in client.get(home.url).content.decode()

    settings.footer_text = "Chân trang thứ hai"
    settings.save()
    content = client.get(home.url).content.decode()
    assert "Chân trang thứ hai" in content
    assert "Chân trang thứ nhất" not in content

    settings.delete()
    content = client.get(home.url).content.decode()
    assert "Chân trang thứ hai" not in content
    assert SiteSettings.objects.filter(site=site).exists()  # made again, as Wagtail does


def test_a_change_saved_in_another_process_shows_with_the_page_cache_generation(
    client, site_tree, settings
):
    """Another worker's save reaches this process's cache only through the page cache's
    shared generation: the row changes without a signal here, then a new generation."""
    settings.HLM_PAGE_CACHE_SECONDS = 300
    home, library = site_tree
    site = Site.objects.get(is_default_site=True)
    row = SiteSettings.for_site(site)
    row.footer_text = "Chân trang cũ"
    row.save()
    assert "Chân trang cũ" in client.get(home.url).content.decode()

    SiteSettings.objects.filter(pk=row.pk).update(footer_text="Chân trang mới")
    Site.objects.filter(pk=site.pk).update(root_page=library)
    new_generation()
    response = client.get("/")
    assert response.context["page"].pk == library.pk
    assert "Chân trang mới" in response.content.decode()
