"""The admin's one "Báo cáo" menu: the school-year report sits in Wagtail's Reports submenu,
and every item of that submenu speaks Vietnamese (cms/locale_wagtail for Wagtail's own)."""

import json

from django.urls import reverse
from django.utils import translation

from wagtail import hooks

import pytest

pytestmark = pytest.mark.django_db


def test_there_is_one_reports_menu_and_it_holds_the_school_year_report(client, teacher_a, editor):
    for user in (teacher_a, editor):
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert html.count(json.dumps("Báo cáo")[1:-1]) == 1, user  # the submenu, once
        assert json.dumps("Sử dụng và đóng góp học liệu")[1:-1] in html
        assert reverse("reports:index") in html


def test_every_reports_menu_item_is_translated():
    labels = {}
    for language in ("en", "vi"):
        with translation.override(language):
            labels[language] = [
                str(hook().label) for hook in hooks.get_hooks("register_reports_menu_item")
            ]
    # Wagtail's items are English in "en"; in Vietnamese none may fall back to it. Ours is
    # Vietnamese text translated to English, so it differs the other way round.
    untranslated = [en for en, vi in zip(labels["en"], labels["vi"], strict=True) if en == vi]
    assert untranslated == []
