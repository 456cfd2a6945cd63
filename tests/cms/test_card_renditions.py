"""Cards bring their cover's renditions with the card query (docs/pages.md, "Page cost"):
`{% responsive_image %}` then reads neither Wagtail's rendition cache nor the database, and
writes the same markup as when it looks them up itself."""

from django.core.cache import caches
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

import pytest

from content_models.models import LessonPage
from content_models.models.querysets import published_cards
from media.models import CustomImage
from media.renditions import PRESETS
from tests.cms.conftest import make_image, publish
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db

CARD = Template('{% load media_tags %}{% responsive_image image "card" alt="" %}')


def lesson_with_cover(centre, title, renditions=True):
    image = make_image(title)
    if renditions:
        image.get_renditions(*PRESETS["card"].specs)
    return publish(LessonPageFactory(parent=centre.library_page, title=title, cover_image=image))


def render(image):
    return CARD.render(Context({"image": image}))


def test_cards_render_their_cover_without_a_query_or_the_rendition_cache(centre_a):
    lesson = lesson_with_cover(centre_a, "Bài có ảnh bìa")
    (card,) = published_cards(LessonPage).filter(pk=lesson.pk)

    prefetched = card.cover_image.prefetched_renditions
    assert sorted(rendition.filter_spec for rendition in prefetched) == sorted(
        PRESETS["card"].specs
    )
    caches["default"].clear()  # Wagtail's rendition cache (no "renditions" alias here)
    with CaptureQueriesContext(connection) as queries:
        html = render(card.cover_image)
    assert len(queries) == 0
    assert "480w" in html
    # The same markup as Wagtail's own lookup of the same image.
    assert html == render(CustomImage.objects.get(pk=card.cover_image_id))


def test_a_cover_without_renditions_falls_back_to_wagtail(centre_a):
    lesson = lesson_with_cover(centre_a, "Bài ảnh mới", renditions=False)
    (card,) = published_cards(LessonPage).filter(pk=lesson.pk)

    assert not hasattr(card.cover_image, "prefetched_renditions")
    html = render(card.cover_image)
    assert "480w" in html
    assert card.cover_image.renditions.count() == len(PRESETS["card"].specs)
