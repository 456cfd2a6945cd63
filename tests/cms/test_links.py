"""One host everywhere: every address the site gives away (sitemap, feeds, canonical link,
og:url, JSON-LD, the attribution text, the short link) names the Site's host, which comes from
settings.SITE_URL, and answers 200 there. See docs/public-site.md ("One host")."""

import json
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from content_models.models import ensure_site_structure

ORIGIN = "http://testserver"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
# Vocabularies and licences named by the metadata: not ours to serve.
EXTERNAL = {"schema.org", "creativecommons.org", "purl.org", "www.w3.org"}
SHORT_LINK = re.compile(r"/l/\d+/")
URL_RE = re.compile(r"https?://[^\s,;)”\"<>]+")


@pytest.fixture
def site_tree(db, settings):
    """The shared site tree, its Site set from SITE_URL (the test client's host)."""
    settings.SITE_URL = ORIGIN
    return ensure_site_structure()


def _urls_in(value):
    if isinstance(value, str):
        return URL_RE.findall(value)
    if isinstance(value, dict):
        return [url for item in value.values() for url in _urls_in(item)]
    if isinstance(value, list):
        return [url for item in value for url in _urls_in(item)]
    return []


def _given_addresses(client, public_content):
    given = {}
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    given["sitemap"] = [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    rss = ElementTree.fromstring(client.get(reverse("feed_rss")).content)
    given["rss"] = [e.text for e in rss.iter() if e.tag in ("link", "guid") and e.text]
    atom = ElementTree.fromstring(client.get(reverse("feed_atom")).content)
    given["atom"] = [e.get("href") for e in atom.iter(f"{ATOM}link")]
    for name in ("lesson", "course", "collection"):
        html = client.get(public_content[name].url).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        given[f"{name} canonical"] = [soup.find("link", rel="canonical")["href"]]
        given[f"{name} og:url"] = [soup.find("meta", property="og:url")["content"]]
        for script in soup.find_all("script", type="application/ld+json"):
            given[f"{name} JSON-LD"] = _urls_in(json.loads(script.string))
        attribution = soup.find(id="attribution-text")
        if attribution:
            given[f"{name} attribution"] = _urls_in(attribution.get_text())
    return given


def test_every_given_address_names_the_site_host_and_answers(client, public_content):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("testserver", 80, ORIGIN)
    given = _given_addresses(client, public_content)
    for source in ("sitemap", "rss", "atom", "lesson JSON-LD", "lesson attribution"):
        assert given[source], f"{source} gave no address"
    for source, urls in given.items():
        for url in urls:
            if urlsplit(url).hostname in EXTERNAL:
                continue
            assert urlsplit(url)[:2] == ("http", "testserver"), (source, url)
            path = urlsplit(url).path
            if path.startswith(django_settings.MEDIA_URL):  # served by the web server in front
                assert default_storage.exists(path.removeprefix(django_settings.MEDIA_URL)), url
                continue
            # A fresh client each time: no cookie or session from an earlier answer helps.
            # Each address answers as listed; only a short link (/l/<id>/) redirects, once,
            # to its page.
            response = Client().get(url)
            if SHORT_LINK.fullmatch(path):
                assert response.status_code == 301, (source, url, response.status_code)
                response = Client().get(response["Location"])
            assert response.status_code == 200, (source, url, response.status_code)


def test_site_follows_settings(settings, site_tree):
    settings.SITE_URL = "https://hoclieu.example.vn"
    ensure_site_structure()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("hoclieu.example.vn", 443)
    assert site.root_url == "https://hoclieu.example.vn"
    settings.SITE_URL = "http://localhost:8000"
    ensure_site_structure()
    assert Site.objects.get(is_default_site=True).root_url == "http://localhost:8000"
