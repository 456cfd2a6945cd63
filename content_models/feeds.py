"""RSS and Atom feeds of newly published lessons, overall and per programme level.

Centres and provincial departments follow these to see what their colleagues share.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from content_models.models import LessonPage, LibraryPage, ProgrammeLevel

FEED_ITEMS = 30


class NewLessonsFeed(Feed):
    """RSS 2.0: the newest live, public lessons (all levels)."""

    language = "vi"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self, obj=None):
        if obj is not None:
            return _("Bài học mới – %(level)s") % {"level": obj.name}
        return _("Bài học mới – Học liệu mở GDTX")

    def description(self, obj=None):
        return _(
            "Các bài học vừa được công bố trong kho học liệu mở dùng chung của các trung tâm GDTX."
        )

    def link(self, obj=None):
        library = LibraryPage.objects.live().first()
        if library is None:
            return "/"
        if obj is not None:
            return library.landing_url(obj, self.request) or "/"
        return library.get_url(self.request) or "/"

    def items(self, obj=None):
        lessons = LessonPage.objects.published().select_related("centre").with_terms()
        if obj is not None:
            lessons = lessons.filter(programme_levels=obj)
        return lessons.order_by("-first_published_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        # Absolute, from the Wagtail site: the same canonical URL as the sitemap, the JSON-LD,
        # OAI-PMH and the content API (docs/interfaces.md), whatever host the feed was read on.
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return self.request.build_absolute_uri(reverse("public:short_link", args=[item.pk]))

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.authors or (item.centre.name if item.centre_id else None)

    def item_categories(self, item):
        return [term.name for term in item.level_terms + item.subject_terms]


class NewLessonsAtomFeed(NewLessonsFeed):
    feed_type = Atom1Feed
    subtitle = NewLessonsFeed.description


class LevelLessonsFeed(NewLessonsFeed):
    """RSS 2.0: the newest lessons of one programme level (by slug)."""

    def get_object(self, request, slug):
        level = ProgrammeLevel.objects.filter(slug=slug).first()
        if level is None:
            raise Http404(_("Không có chương trình này."))
        return level


class LevelLessonsAtomFeed(LevelLessonsFeed):
    feed_type = Atom1Feed
    subtitle = NewLessonsFeed.description
