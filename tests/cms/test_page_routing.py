"""The public pages' own routing (one query for the pages down the path, docs/pages.md) serves
what Wagtail's would: the right page when slugs repeat, 404 for drafts and unknown paths, and
every view restriction above a page, whichever page carries it."""

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from tests.cms.conftest import publish
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Tóm tắt riêng của bài học này."


def lesson(centre, title, slug):
    return publish(
        LessonPageFactory(parent=centre.library_page, title=title, slug=slug, summary=SUMMARY)
    )


def test_the_same_slug_in_two_centres_serves_each_centres_lesson(client, centre_a, centre_b):
    first = lesson(centre_a, "Bài của trung tâm A", "on-tap")
    second = lesson(centre_b, "Bài của trung tâm B", "on-tap")
    assert "Bài của trung tâm A" in client.get(first.url).content.decode()
    assert "Bài của trung tâm B" in client.get(second.url).content.decode()


def test_drafts_and_unknown_paths_are_404(client, centre_a):
    draft = LessonPageFactory(parent=centre_a.library_page, slug="ban-nhap", live=False)
    library = centre_a.library_page.url
    assert client.get(f"{library}{draft.slug}/").status_code == 404
    assert client.get(f"{library}khong-co/").status_code == 404
    assert client.get(f"{library}khong-co/con-nua/").status_code == 404
    assert client.get(f"{centre_a.library_page.get_parent().url}mon/khong-co/").status_code == 404


@pytest.mark.parametrize("restricted", ["library", "centre", "lesson"])
def test_a_password_anywhere_above_a_lesson_guards_it(client, centre_a, restricted):
    page = lesson(centre_a, "Bài có mật khẩu", "bai-co-mat-khau")
    holder = {
        "library": centre_a.library_page.get_parent(),
        "centre": centre_a.library_page,
        "lesson": page,
    }[restricted]
    PageViewRestriction.objects.create(
        page=holder, restriction_type=PageViewRestriction.PASSWORD, password="bimat"
    )
    response = client.get(page.url)
    content = response.content.decode()
    assert SUMMARY not in content
    assert 'name="password"' in content


def test_a_group_restriction_sends_anonymous_visitors_to_log_in(client, centre_a):
    page = lesson(centre_a, "Bài nội bộ", "bai-noi-bo")
    restriction = PageViewRestriction.objects.create(
        page=centre_a.library_page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Nhóm nội bộ"))
    response = client.get(page.url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert SUMMARY not in client.get(page.url, follow=True).content.decode()
