"""Card queries read only the columns cards show (`PageQuerySet.card_columns`, docs/pages.md):
a card template that reads a deferred column makes a query per card, which fails here (and in
tests/cms/test_page_queries.py, as a count that grows with the cards on a page)."""

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

import pytest

from content_models.models import CollectionPage, CoursePage, LessonPage
from content_models.models.querysets import published_cards

pytestmark = pytest.mark.django_db


def render_cards(template, name, model, pk):
    (card,) = published_cards(model).filter(pk=pk)
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string(template, {name: card})
    return html, [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    ("template", "name", "model", "key"),
    [
        ("components/lesson_card.html", "lesson", LessonPage, "lesson"),
        ("components/course_card.html", "course", CoursePage, "course"),
        ("components/item_card.html", "item", CoursePage, "course"),
    ],
)
def test_a_card_reads_no_deferred_column(public_content, template, name, model, key):
    page = public_content[key]
    render_cards(template, name, model, page.pk)  # site root paths cached, renditions made
    html, queries = render_cards(template, name, model, page.pk)
    assert queries == []
    assert page.title in html
    assert page.summary.split()[0] in html


def test_cards_leave_the_page_body_unread(public_content):
    (lesson,) = published_cards(LessonPage).filter(pk=public_content["lesson"].pk)
    assert {"body", "learning_objectives", "attribution"} <= lesson.get_deferred_fields()


def test_a_collection_card_has_what_the_home_page_shows(public_content):
    (collection,) = published_cards(CollectionPage).filter(pk=public_content["collection"].pk)
    shown = {"title", "url_path", "cover_image_id", "search_description", "introduction"}
    assert not shown & collection.get_deferred_fields()
    assert "items" in collection.get_deferred_fields()
