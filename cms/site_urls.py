"""Site-wide public URLs: sitemap, robots.txt, feeds and the language switch."""

from django.urls import path

from wagtail.contrib.sitemaps.views import sitemap

from cms import views
from content_models import feeds

urlpatterns = [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("ngon-ngu/", views.switch_language, name="switch_language"),
    path("bai-hoc-moi/rss.xml", feeds.NewLessonsFeed(), name="feed_rss"),
    path("bai-hoc-moi/atom.xml", feeds.NewLessonsAtomFeed(), name="feed_atom"),
    path("bai-hoc-moi/<slug:slug>/rss.xml", feeds.LevelLessonsFeed(), name="feed_level_rss"),
    path("bai-hoc-moi/<slug:slug>/atom.xml", feeds.LevelLessonsAtomFeed(), name="feed_level_atom"),
]
