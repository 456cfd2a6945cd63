"""Drive the real Wagtail admin views with the POST data its page editor sends.

Shared by the permission, workflow and XSS tests. The data is built with Wagtail's own
`wagtail.test.utils.form_data` helpers so it matches what the Draftail/StreamField widgets post.
"""

import json

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from content_models.blocks import RICH_TEXT_FEATURES
from content_models.models import Licence

PASSWORD = "mat-khau-thu-nghiem"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD), user.username
    return client


def paragraph(html):
    """A paragraph block value as the Draftail widget posts it (contentstate JSON)."""
    return rich_text(html, features=RICH_TEXT_FEATURES)


def contentstate(text, entity_map=None, entity_ranges=None):
    """Raw Draftail contentstate, for posting what the widget would never produce itself."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": entity_ranges or [],
                }
            ],
            "entityMap": entity_map or {},
        }
    )


def lesson_form_data(title, slug, body=(), licence=None, summary="Tóm tắt bài học.", **extra):
    """POST data of the lesson editor; `body` is a list of (block_type, value) tuples."""
    licence = licence or Licence.objects.get(name="CC BY 4.0")
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": summary,
            "learning_objectives": "",
            "body": streamfield(list(body)),
            "attachments": inline_formset([]),
            "cover_image": "",
            "resource_type": "",
            "duration_minutes": "",
            "language": "vi",
            "keywords": "",
            "licence": str(licence.pk),
            "authors": "",
            "centre": "",
            "derived_from": "",
            "attribution": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )
    data.update(extra)
    return data


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["content_models", "lessonpage", parent.pk])


def add_lesson(client, parent, title, slug, follow=False, **kwargs):
    return client.post(add_url(parent), lesson_form_data(title, slug, **kwargs), follow=follow)


def edit_lesson(client, page, title=None, action=None, **kwargs):
    """POST the edit view; action is None (save draft), "publish", "submit", …"""
    data = lesson_form_data(title or page.title, page.slug, **kwargs)
    if action:
        data[f"action-{action}"] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []
