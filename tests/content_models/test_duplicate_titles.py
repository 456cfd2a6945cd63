"""A lesson saved in the admin with the title of another lesson of its centre: a warning with a
link to the other one, never an error (content_models/duplicates.py)."""

from django.urls import reverse

import pytest

from content_models.duplicates import lessons_titled
from content_models.models import LessonPage
from tests.content_models.admin_forms import add_lesson, edit_lesson, login
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db


def warnings_of(response):
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def test_creating_a_lesson_with_a_title_the_centre_has_warns_with_a_link(
    client, teacher_a, centre_a, centre_b
):
    LessonPageFactory(parent=centre_b.library_page, title="Phân số")  # another centre: fine
    existing = LessonPageFactory(parent=centre_a.library_page, title="Phân số")
    login(client, teacher_a)
    response = add_lesson(client, centre_a.library_page, "PHÂN  SỐ", "phan-so-2", follow=True)
    assert response.status_code == 200
    created = LessonPage.objects.get(slug="phan-so-2")  # saved all the same
    warnings = warnings_of(response)
    assert len(warnings) == 1
    assert "Trung tâm đã có 1 bài khác cùng tiêu đề “PHÂN  SỐ”" in warnings[0]
    assert reverse("wagtailadmin_pages:edit", args=[existing.pk]) in warnings[0]
    assert f"#{existing.pk}" in warnings[0]
    assert lessons_titled("phân số", centre_a.pk) == [existing, created]


def test_editing_into_a_taken_title_warns_and_a_distinct_title_does_not(
    client, teacher_a, centre_a
):
    LessonPageFactory(parent=centre_a.library_page, title="Lũy thừa")
    mine = LessonPageFactory(parent=centre_a.library_page, title="Căn bậc hai")
    login(client, teacher_a)
    response = edit_lesson(client, mine, title="Lũy thừa")
    assert response.status_code == 302
    assert warnings_of(client.get(response.url))
    response = edit_lesson(client, mine, title="Căn bậc hai")
    assert not warnings_of(client.get(response.url))
