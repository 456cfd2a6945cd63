"""Public pages fetch what they show in a fixed number of SQL queries: the count does not grow
with the number of lessons, courses or collections on a page, and stays within the budgets of
docs/pages.md."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import pytest

from content_models.models import CollectionPage, LessonAttachment, LessonPage
from tests.cms.conftest import image_bytes, make_document, make_image, publish
from tests.factories.pages import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db

# Page → most queries it may make (docs/pages.md). The lesson's related materials come from
# the search service; these budgets hold with its database backend.
BUDGETS = {
    "home": 10,
    "library": 10,
    "library page 2": 10,
    "level landing": 10,
    "subject landing": 10,
    "centre library": 10,
    "lesson": 12,
    "course": 10,
    "collection": 10,
}


class Catalogue:
    """A lesson, course and collection under test, and `add(n)` to put n more lessons, courses
    and collections around them: each new lesson derives from the lesson under test and is in
    the course and collection under test; each new course and collection includes the lesson."""

    def __init__(self, centre, library, taxonomy):
        self.centre, self.library, self.taxonomy = centre, library, taxonomy
        self.lessons, self.courses, self.collections = [], [], []
        self.lesson = self._lesson("Bài học được xem", derived_from=None)
        self.course = CoursePageFactory(parent=centre.library_page, title="Học phần được xem")
        self.collection = self._collection("Bộ sưu tập được xem", "bo-suu-tap-duoc-xem", [])
        self.add(0)

    def _lesson(self, title, derived_from):
        lesson = LessonPageFactory(
            parent=self.centre.library_page,
            title=title,
            cover_image=make_image(title),
            derived_from=derived_from,
            authors="Nguyễn Thị Lan",
        )
        lesson.programme_levels.set([self.taxonomy["thpt"]])
        lesson.subjects.set([self.taxonomy["toan"], self.taxonomy["van"]])
        lesson.grades.set([self.taxonomy["grade10"]])
        lesson.keywords.add("đại số", title)
        document = make_document(f"Phiếu {title}", image_bytes("PDF"), "phieu.pdf")
        LessonAttachment.objects.create(page=lesson, document=document)
        return publish(lesson)

    def _collection(self, title, slug, items):
        collection = self.library.add_child(
            instance=CollectionPage(
                title=title, slug=slug, cover_image=make_image(title), items=items
            )
        )
        return publish(collection)

    def add(self, count):
        start = len(self.lessons)
        for number in range(start, start + count):
            self.lessons.append(self._lesson(f"Bài phái sinh {number}", derived_from=self.lesson))
            course = CoursePageFactory(
                parent=self.centre.library_page,
                title=f"Học phần {number}",
                cover_image=make_image(f"Học phần {number}"),
                units=[
                    ("unit", {"title": "Chương 1", "description": "", "lessons": [self.lesson]})
                ],
            )
            course.programme_levels.set([self.taxonomy["thpt"]])
            self.courses.append(publish(course))
            self.collections.append(
                self._collection(
                    f"Bộ sưu tập {number}", f"bo-suu-tap-{number}", [("item", self.lesson)]
                )
            )
        lessons = [self.lesson, *self.lessons]
        half = len(lessons) // 2 + 1
        self.course.units = [
            ("unit", {"title": "Chương 1", "description": "", "lessons": lessons[:half]}),
            ("unit", {"title": "Chương 2", "description": "Ôn tập", "lessons": lessons[half:]}),
        ]
        publish(self.course)
        self.collection.items = [("item", page) for page in [*lessons, *self.courses]]
        publish(self.collection)
        # The most viewed lessons are on the home page too.
        LessonPage.objects.filter(pk__in=[lesson.pk for lesson in lessons]).update(view_count=3)

    def urls(self):
        library = self.library.url
        return {
            "home": "/",
            "library": library,
            "library page 2": f"{library}?page=2",
            "level landing": f"{library}chuong-trinh/{self.taxonomy['thpt'].slug}/",
            "subject landing": f"{library}mon/{self.taxonomy['toan'].slug}/",
            "centre library": self.centre.library_page.url,
            "lesson": self.lesson.url,
            "course": self.course.url,
            "collection": self.collection.url,
        }


def make_catalogue(centre, taxonomy):
    return Catalogue(centre, centre.library_page.get_parent().specific, taxonomy)


def count_queries(client, url):
    assert client.get(url).status_code == 200, url  # renditions made, caches filled
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries.captured_queries)


@override_settings(ELASTICSEARCH_URL="")
def test_page_queries_do_not_grow_with_the_content_on_the_page(client, centre_a, taxonomy):
    catalogue = make_catalogue(centre_a, taxonomy)
    catalogue.add(2)
    few = {name: count_queries(client, url) for name, url in catalogue.urls().items()}
    catalogue.add(12)  # more than a page of the library's listing
    many = {name: count_queries(client, url) for name, url in catalogue.urls().items()}
    grew = {name: (few[name], count) for name, count in many.items() if count > few[name]}
    assert not grew, grew
    content = client.get(catalogue.lesson.url).content.decode()
    assert "Bài phái sinh 0" in content  # what grew is on the page
    assert "Học phần 13" in content and "Bộ sưu tập 13" in content


@override_settings(ELASTICSEARCH_URL="")
def test_pages_stay_within_their_query_budgets(
    client, centre_a, taxonomy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # published pages reach the search table
        catalogue = make_catalogue(centre_a, taxonomy)
        catalogue.add(3)
    counts = {name: count_queries(client, url) for name, url in catalogue.urls().items()}
    over = {name: count for name, count in counts.items() if count > BUDGETS[name]}
    assert not over, counts


def test_home_counts_each_centres_and_levels_lessons(client, centre_a, taxonomy):
    catalogue = make_catalogue(centre_a, taxonomy)
    catalogue.add(2)  # 3 lessons of centre A, all of the THPT level
    content = client.get("/").content.decode()
    centres = content[content.index('class="centre-list"') :]
    assert "3 bài" in centres[: centres.index("</li>")]
    levels = content[content.index('class="term-grid"') :]
    level = levels[levels.index(taxonomy["thpt"].name) :]
    assert "3 bài" in level[: level.index("</li>")]
