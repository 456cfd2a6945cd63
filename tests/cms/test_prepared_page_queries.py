"""The home, library and centre pages' queries compiled once per process (PreparedQuery,
docs/pages.md "Page cost, third round") answer as the ORM would, for the right centre, and
show every change at the next request: only their SQL is kept, never their rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from content_models.models import CollectionPage, DailyUsage, LessonPage, Subject
from content_models.models.library import _CENTRE_COURSES, _HOME_LESSONS, HOME_CARDS
from content_models.models.prepared import PreparedQuery
from content_models.models.querysets import PreparedPages, centre_usage_totals, published_cards
from tests.cms.conftest import make_image, publish
from tests.factories.pages import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


def lesson(centre, title, subject, views=0, level=None):
    page = LessonPageFactory(
        parent=centre.library_page, title=title, cover_image=make_image(title), view_count=views
    )
    page.subjects.set([subject])
    if level is not None:
        page.programme_levels.set([level])
    return publish(page)


def card_facts(page):
    """What a card shows of a lesson or course, compared between two ways of reading it."""
    image = page.cover_image
    return (
        page.pk,
        page.title,
        page.url_path,
        page.view_count,
        page.licence.name,
        page.centre.name,
        [term.name for term in page.subject_terms],
        sorted(rendition.filter_spec for rendition in getattr(image, "prefetched_renditions", [])),
        getattr(page, "attachments_size", None),
    )


def test_home_lessons_are_the_orm_cards(client, centre_a, centre_b, taxonomy):
    # The oldest are the most viewed: 6 newest and 6 most viewed make 8 lessons.
    for number in range(HOME_CARDS + 2):
        views = HOME_CARDS + 2 - number
        lesson(centre_a if number % 2 else centre_b, f"Bài {number}", taxonomy["toan"], views)
    assert client.get("/").status_code == 200  # renditions made for the cards
    orm = list(
        LessonPage.objects.published().newest_or_popular(
            HOME_CARDS, cards=published_cards(LessonPage)
        )
    )
    with CaptureQueriesContext(connection) as queries:
        precompiled = _HOME_LESSONS.run()
        facts = sorted(card_facts(page) for page in precompiled)
    assert len(queries.captured_queries) == 1  # related rows and terms came with the query
    assert facts == sorted(card_facts(page) for page in orm)
    assert len(precompiled) == HOME_CARDS + 2


def test_tree_path_selects_the_centre(centre_a, centre_b, taxonomy):
    course_a = publish(CoursePageFactory(parent=centre_a.library_page, title="Học phần A"))
    course_b = publish(CoursePageFactory(parent=centre_b.library_page, title="Học phần B"))
    lesson(centre_a, "Bài toán", taxonomy["toan"])
    lesson(centre_b, "Bài văn", taxonomy["van"])
    page_a, page_b = centre_a.library_page, centre_b.library_page
    assert [page.pk for page in _CENTRE_COURSES.run(page_a.path)] == [course_a.pk]
    assert [page.pk for page in _CENTRE_COURSES.run(page_b.path)] == [course_b.pk]
    assert [subject.name for subject in page_a.subjects_covered()] == ["Toán"]
    assert [subject.name for subject in page_b.subjects_covered()] == ["Ngữ văn"]


def test_changes_show_at_the_next_request(client, centre_a, taxonomy):
    first = lesson(centre_a, "Bài đầu tiên", taxonomy["toan"], views=5)
    course = publish(CoursePageFactory(parent=centre_a.library_page, title="Học phần đầu"))
    library = centre_a.library_page
    home = client.get("/").content.decode()
    assert "Bài đầu tiên" in home and "Bài mới đăng" not in home
    centre = client.get(library.url).content.decode()
    assert "Học phần đầu" in centre and "Ngữ văn" not in centre

    lesson(centre_a, "Bài mới đăng", taxonomy["van"])
    first.unpublish()
    course.unpublish()
    home = client.get("/").content.decode()
    assert "Bài mới đăng" in home and "Bài đầu tiên" not in home
    subjects = home[home.index('class="term-list"') :]
    subjects = subjects[: subjects.index("</ul>")]
    assert "Ngữ văn" in subjects and "Toán" not in subjects  # subjects without lessons left out
    centre = client.get(library.url).content.decode()
    assert "Học phần đầu" not in centre and "Ngữ văn" in centre


def test_centre_usage_totals_follow_the_daily_table(centre_a, centre_b, taxonomy):
    mine = lesson(centre_a, "Bài của A", taxonomy["toan"])
    other = lesson(centre_b, "Bài của B", taxonomy["toan"])
    assert centre_usage_totals(centre_a.library_page) == (0, 0)
    DailyUsage.objects.create(kind="view", item_id=mine.pk, day="2026-10-01", count=4)
    DailyUsage.objects.create(kind="view", item_id=other.pk, day="2026-10-01", count=7)
    assert centre_usage_totals(centre_a.library_page) == (4, 0)
    assert centre_usage_totals(centre_b.library_page) == (7, 0)


def test_only_letters_and_digits_go_into_a_tree_path_pattern(centre_a):
    subjects = PreparedQuery(
        lambda path: Subject.objects.filter(lessonpage__path__startswith=path)
    )
    for bad in ("", "0001%", "0001_", "0001' OR 1=1"):
        with pytest.raises(ValueError):
            subjects.run(bad)
    assert subjects.run(centre_a.library_page.path) == []


def test_pages_of_lessons_are_the_orm_pages(client, centre_a, centre_b, taxonomy, monkeypatch):
    """Each page of the listing and of a centre's library, stored slice or not (past
    `STORED_ROWS`), holds the lessons the ORM gives, newest first."""
    monkeypatch.setattr(PreparedPages, "STORED_ROWS", 12)
    for number in range(14):
        lesson(centre_a, f"Bài số {number:02d}", taxonomy["toan"])
    lesson(centre_b, "Bài của trung tâm B", taxonomy["van"])
    library = centre_a.library_page.get_parent().specific
    for page, total in ((library, 15), (centre_a.library_page, 14)):
        orm = list(
            published_cards(LessonPage)
            .descendant_of(page)
            .order_by("-first_published_at", "-pk")
            .values_list("title", flat=True)
        )
        assert len(orm) == total
        for number, window in ((1, orm[:12]), (2, orm[12:])):
            content = client.get(f"{page.url}?page={number}").content.decode()
            titles = [part.split("</a>")[0] for part in content.split('<h3 class="card-title">')]
            shown = [title.rsplit(">", 1)[-1] for title in titles[1:]]
            assert shown == window, (page, number)


def test_landings_and_filters_list_their_own_lessons(client, centre_a, taxonomy):
    """Each level, subject or pair of them has its own stored query: each lists its lessons."""
    lesson(centre_a, "Bài toán THPT", taxonomy["toan"], level=taxonomy["thpt"])
    lesson(centre_a, "Bài văn THCS", taxonomy["van"], level=taxonomy["thcs"])
    library = centre_a.library_page.get_parent().specific
    thpt, toan, van = taxonomy["thpt"].slug, taxonomy["toan"].slug, taxonomy["van"].slug
    expected = {
        f"chuong-trinh/{thpt}/": ["Bài toán THPT"],
        f"mon/{toan}/": ["Bài toán THPT"],
        f"mon/{van}/": ["Bài văn THCS"],
        f"mon/{van}/?level={thpt}": [],
        f"?level={thpt}&subject={toan}": ["Bài toán THPT"],
        "": ["Bài văn THCS", "Bài toán THPT"],
    }
    for route, titles in expected.items():
        content = client.get(library.url + route).content.decode()
        shown = [
            part.split("</a>")[0].rsplit(">", 1)[-1]
            for part in content.split('<h3 class="card-title">')[1:]
        ]
        assert shown == titles, route


def test_featured_collections_in_the_editors_order_else_the_newest(client, centre_a):
    library = centre_a.library_page.get_parent().specific
    first, second, third, fourth = (
        publish(
            library.add_child(instance=CollectionPage(title=f"Bộ sưu tập {n}", slug=f"bst-{n}"))
        )
        for n in range(1, 5)
    )
    home = library.get_parent().specific

    def shown():
        content = client.get("/").content.decode()
        section = content[content.index('id="featured"') :]
        section = section[: section.index("</section>")]
        return [part.split("</a>")[0].rsplit(">", 1)[-1] for part in section.split("<h3")[1:]]

    assert shown() == ["Bộ sưu tập 4", "Bộ sưu tập 3", "Bộ sưu tập 2"]  # none chosen
    home.featured_collections = [("collection", third), ("collection", first)]
    publish(home)
    assert shown() == ["Bộ sưu tập 3", "Bộ sưu tập 1"]
    home.featured_collections = [("collection", second), ("collection", fourth)]
    publish(home)
    fourth.unpublish()
    assert shown() == ["Bộ sưu tập 2"]  # another set of ids: its own stored query
    second.unpublish()
    assert shown() == ["Bộ sưu tập 3", "Bộ sưu tập 1"]  # none of the chosen live: the newest
