"""Fixtures of the usage, report and evidence-sheet tests."""

from datetime import date

from django.contrib.auth.models import Group

import pytest

from content_models.models import DailyUsage, Licence, ReuseRecord
from content_models.reuse import reuse_lesson
from tests.conftest import _user
from tests.factories.pages import LessonPageFactory


@pytest.fixture
def director_a(django_user_model, centre_a):
    centre_a.refresh_from_db()
    user = _user(django_user_model, "giamdoc_a")
    user.groups.add(Group.objects.get(pk=centre_a.directors_group_id))
    return user


@pytest.fixture
def figures(centre_a, centre_b, teacher_a, teacher_b):
    """A lesson of centre A by teacher A, reused by teacher B into centre B; usage rows in and
    outside school year 2025-2026."""
    lesson = LessonPageFactory(
        parent=centre_a.library_page,
        title="Phân số",
        owner=teacher_a,
        licence=Licence.objects.get(name="CC BY 4.0"),
        authors="Lò Văn Sơn",
        live=False,
    )
    lesson.save_revision(user=teacher_a).publish(user=teacher_a, skip_permission_checks=True)
    lesson.refresh_from_db()
    copy = reuse_lesson(
        lesson, user=teacher_b, destination=centre_b.library_page, licence=lesson.licence
    )
    copy.save_revision(user=teacher_b).publish(user=teacher_b, skip_permission_checks=True)
    day = date.today()
    in_year = date(2025, 10, 15)
    for item, when, n in ((lesson.pk, in_year, 30), (lesson.pk, date(2025, 8, 31), 1000)):
        DailyUsage.objects.create(kind="view", item_id=item, day=when, count=n)
    DailyUsage.objects.create(kind="view", item_id=copy.pk, day=in_year, count=4)
    ReuseRecord.objects.update(published_on=in_year)  # as if reused during that year
    return {"lesson": lesson, "copy": copy, "today": day}
