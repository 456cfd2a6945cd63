"""Site-wide public URLs: sitemap, robots.txt, feeds, language switch helpers."""

from django.urls import path

from wagtail.contrib.sitemaps.views import sitemap

urlpatterns = [
    path("sitemap.xml", sitemap, name="sitemap"),
]
