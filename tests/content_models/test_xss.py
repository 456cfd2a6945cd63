"""Script injection by a (semi-trusted) teacher, docs/faults.md row 21.

Everything goes in through the real admin views, as the Draftail and StreamField widgets post
it or as a crafted POST would, and comes out through the real templates: the public lesson
page, the admin's messages, dashboard, editor and revision comparison. The check is on the
parsed HTML: no element carries an event handler, a `javascript:` URL or a script with our
payload, wherever the payload text itself may show (escaped) as text.
"""

import json

from django.test import Client
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from content_models.blocks import LessonStreamBlock
from content_models.models import LessonPage
from tests.content_models.admin_forms import add_lesson, contentstate, edit_lesson, login

MARK = "alert(1337)"
IMG = f"<img src=x onerror={MARK}>"
SCRIPT = f"<script>{MARK}</script>"
CLOSE_JSON = f"</script><script>{MARK}</script>"
ATTR = f'x" onmouseover="{MARK}'
JS_URL = f"javascript:{MARK}"


def injected(html):
    """Elements an attacker made: handlers, javascript: URLs, scripts or styles with MARK."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") and MARK in text:
                found.append(str(tag)[:120])
            if name in ("href", "src", "action", "formaction") and "javascript:" in text.lower():
                found.append(str(tag)[:120])
        # JSON-LD may carry the payload as (escaped) data; breaking out of it makes a new
        # <script> element, which is caught here.
        is_data = tag.name == "script" and tag.get("type") == "application/ld+json"
        active = tag.name in ("script", "style", "iframe", "object") and not is_data
        if active and MARK in tag.get_text():
            found.append(str(tag)[:120])
    return found


def page_html(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        html = json.loads(html).get("html", "")
    return html


def table_value():
    return json.dumps(
        {
            "data": [["Cột 1", IMG], [SCRIPT, "<b>đậm</b>"]],
            "cell": [{"row": 0, "col": 1, "className": ATTR}],
            "mergeCells": [{"row": 1, "col": 0, "rowspan": 1, "colspan": f'1" onclick="{MARK}'}],
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "table_header_choice": "both",
            "table_caption": CLOSE_JSON,
        }
    )


def hostile_body():
    """What a crafted POST can send; Draftail itself would never produce the entities."""
    link = {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": JS_URL}}}
    sneaky = {
        "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": " JaVaScRiPt:" + MARK}},
        "1": {"type": "IMAGE", "mutability": "IMMUTABLE", "data": {"src": "x", "alt": ATTR}},
        "2": {"type": "DOCUMENT", "mutability": "MUTABLE", "data": {"url": JS_URL, "id": 1}},
    }
    ranges = [{"offset": 0, "length": 4, "key": 0}, {"offset": 5, "length": 8, "key": 2}]
    return [
        ("paragraph", contentstate(f"Bấm vào đây {SCRIPT}", link, [ranges[0] | {"length": 12}])),
        ("paragraph", contentstate(f"Chào liên kết {IMG} {SCRIPT}", sneaky, ranges)),
        ("heading", {"text": IMG, "size": "h2"}),
        ("code", {"language": "html", "code": SCRIPT + IMG}),
        ("formula", {"latex": CLOSE_JSON, "caption": IMG}),
        ("quote", {"text": IMG, "source": SCRIPT}),
        ("table", table_value()),
    ]


@pytest.fixture
def hostile_lesson(client, teacher_a, editor, centre_a):
    """Written by teacher A through the admin, approved and published by the editor."""
    login(client, teacher_a)
    response = add_lesson(
        client,
        centre_a.library_page,
        CLOSE_JSON + IMG,
        "bai-hoc-doc-hai",
        body=hostile_body(),
        summary=SCRIPT + IMG,
        authors=IMG,
        learning_objectives=f"{IMG}\n{SCRIPT}",
        **{"action-submit": "action-submit"},
    )
    assert response.status_code == 302, response.context["form"].errors
    lesson = LessonPage.objects.get(slug="bai-hoc-doc-hai")
    reviewer = login(Client(), editor)
    task_state = lesson.current_workflow_state.current_task_state
    reviewer.post(
        reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", task_state.pk])
    )
    lesson.refresh_from_db()
    assert lesson.live
    return lesson


def test_stored_rich_text_is_stripped(hostile_lesson):
    paragraphs = [
        block.value.source for block in hostile_lesson.body if block.block_type == "paragraph"
    ]
    assert len(paragraphs) == 2
    for source in paragraphs:
        assert "javascript:" not in source.lower()
        assert "<script" not in source
        assert "<img" not in source
        assert not injected(source)
    # The text around the payload survives.
    assert "Bấm vào đây" in paragraphs[0] and "Chào" in paragraphs[1]
    assert "<a>" in paragraphs[0]  # the link kept its text, lost its javascript: URL


def test_public_lesson_page_escapes_everything(hostile_lesson):
    html = page_html(Client().get(hostile_lesson.url))
    assert not injected(html), injected(html)
    # The payloads are still shown, as text.
    assert "&lt;img src=x onerror=alert(1337)&gt;" in html
    # The table kept its cell text, dropped the class, and escaped the caption.
    table = BeautifulSoup(html, "html.parser").find("table")
    assert table is not None and IMG in table.get_text()
    assert not any(
        "onmouseover" in str(value)
        for cell in table.find_all(["td", "th"])
        for value in cell.attrs.values()
    )


def test_blocks_render_escaped_through_their_templates(hostile_lesson):
    """Each block on its own, as the theme's block templates render it."""
    stream_block = LessonStreamBlock()
    for child in hostile_lesson.body:
        html = stream_block.child_blocks[child.block_type].render(child.value)
        assert not injected(html), (child.block_type, injected(html))


def test_library_and_centre_listings_escape_the_title(hostile_lesson, centre_a, site_tree):
    _home, library = site_tree
    for url in (library.url, centre_a.library_page.url):
        html = page_html(Client().get(url))
        assert not injected(html), (url, injected(html))
        assert "onerror=alert(1337)" in BeautifulSoup(html, "html.parser").get_text()


def test_admin_messages_and_dashboard_escape_the_title(client, teacher_a, editor, centre_a):
    login(client, teacher_a)
    response = add_lesson(
        client,
        centre_a.library_page,
        IMG,
        "tieu-de-doc-hai",
        follow=True,
        **{"action-submit": "action-submit"},
    )
    html = page_html(response)
    assert "&lt;img src=x onerror=alert(1337)&gt;" in html  # in the success message
    assert not injected(html)
    lesson = LessonPage.objects.get(slug="tieu-de-doc-hai")

    reviewer = login(Client(), editor)
    assert not injected(page_html(reviewer.get(reverse("wagtailadmin_home"))))
    task_state = lesson.current_workflow_state.current_task_state
    approved = reviewer.post(
        reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", task_state.pk]),
        follow=True,
    )
    html = page_html(approved)
    assert not injected(html)
    for url in (
        reverse("wagtailadmin_explore", args=[centre_a.library_page.pk]),
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        reverse("wagtailadmin_pages:history", args=[lesson.pk]),
    ):
        assert not injected(page_html(reviewer.get(url))), url


def test_revision_comparison_escapes_both_sides(client, teacher_a, editor, centre_a):
    """CVE-2020-11001 was an XSS in this view."""
    login(client, teacher_a)
    add_lesson(
        client,
        centre_a.library_page,
        "Bài so sánh",
        "bai-so-sanh",
        body=[("heading", {"text": "Mở đầu", "size": "h2"})],
    )
    lesson = LessonPage.objects.get(slug="bai-so-sanh")
    edit_lesson(client, lesson, title=IMG, body=hostile_body(), summary=SCRIPT)
    first, last = (
        lesson.revisions.order_by("pk")[:1].get(),
        lesson.revisions.order_by("-pk")[:1].get(),
    )
    reviewer = login(Client(), editor)
    html = page_html(
        reviewer.get(
            reverse("wagtailadmin_pages:revisions_compare", args=[lesson.pk, first.pk, last.pk])
        )
    )
    assert not injected(html), injected(html)
    assert MARK in html  # the payload is in the comparison, as text


@pytest.mark.parametrize(
    "html",
    [
        IMG,
        f'<a href="{JS_URL}">x</a>',
        f'<td class="{ATTR}">x</td>',
        f'<script type="application/ld+json">{{"name": "{CLOSE_JSON}"}}</script>',
    ],
)
def test_the_detector_sees_each_injection(html):
    """The check above can fail: each raw payload, unescaped, is reported."""
    assert injected(html)
    assert not injected(html.replace("<", "&lt;").replace('"', "&quot;"))


def test_rich_text_without_a_feature_list_gets_the_projects_short_list(db):
    """A future RichTextField(features=None) cannot bring back images, embeds or headings."""
    from wagtail.admin.rich_text import DraftailRichTextArea
    from wagtail.rich_text import features

    from content_models.blocks import RICH_TEXT_FEATURES

    assert features.get_default_features() == RICH_TEXT_FEATURES
    converter = DraftailRichTextArea().converter
    stored = converter.to_database_format(
        json.dumps(
            {
                "blocks": [
                    {
                        "key": "h",
                        "type": "header-two",
                        "depth": 0,
                        "text": "Tiêu đề",
                        "inlineStyleRanges": [],
                        "entityRanges": [],
                    },
                    {
                        "key": "p",
                        "type": "unstyled",
                        "depth": 0,
                        "text": "Đoạn văn",
                        "inlineStyleRanges": [],
                        "entityRanges": [],
                    },
                ],
                "entityMap": {},
            }
        )
    )
    assert "<h2" not in stored and "Đoạn văn" in stored
