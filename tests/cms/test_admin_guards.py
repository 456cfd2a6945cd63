"""Each guard of cms/admin_guards, cms/admin_search and content_models.draft_visibility, by
the behaviour a user sees through the real views (docs/security/admin-views.md).

The world (tests/cms/admin_world.py): per centre a draft lesson, a live lesson whose pending
draft is in review, and unused media, each named with an ASCII secret.
"""

import json

from django.test import Client
from django.urls import reverse

from wagtail.models import Page, WorkflowState
from wagtail.search.query import And, Phrase, PlainText

import pytest

from cms.admin_search import MAX_QUERY_LENGTH, clean_query, clean_text
from content_models.draft_visibility import HIDDEN_TITLE
from content_models.models import LessonPage
from tests.content_models.admin_forms import lesson_form_data, login
from tests.factories.pages import CoursePageFactory, LessonPageFactory

LIVE_TITLE_B = "Bài đã duyệt B"
HUGE = "99999999999999999999"


def as_user(user):
    return login(Client(), user)


def text_of(response):
    """The body; for a modal's JSON, its HTML and data with Vietnamese left unescaped."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(response.content), ensure_ascii=False)
    return response.content.decode(errors="replace")


def followed_text(client, response):
    """The response, and the page a redirect leads to (where its message is shown)."""
    text = text_of(response)
    if response.status_code in (301, 302):
        text += text_of(client.get(response["Location"]))
    return text


def assert_shows_nothing_of(text, work):
    for secret in work.secrets:
        assert secret not in text, secret


# --- workflow views -----------------------------------------------------------------------


def test_workflow_preview_of_an_unseen_page_is_a_404_naming_nothing(world, teacher_a, editor):
    client = as_user(teacher_a)
    for page in world.b.pages:
        url = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, world.task.pk])
        response = client.get(url)
        assert response.status_code == 404
        assert_shows_nothing_of(followed_text(client, response), world.b)
    # Unknown ids answer the same as unseen ones: nothing to enumerate.
    unknown = reverse("wagtailadmin_pages:workflow_preview", args=[987654, world.task.pk])
    assert client.get(unknown).status_code == 404

    # Their own page not in review: Wagtail's message may name it, to them.
    own = reverse("wagtailadmin_pages:workflow_preview", args=[world.a.draft.pk, world.task.pk])
    response = client.get(own)
    assert response.status_code == 302
    assert "zqadraftx" in followed_text(client, response)

    # The reviewer previews B's pending draft.
    reviewer = as_user(editor)
    url = reverse("wagtailadmin_pages:workflow_preview", args=[world.b.live.pk, world.task.pk])
    response = reviewer.get(url)
    assert response.status_code == 200
    assert "zqbpendingx" in text_of(response)


def test_workflow_actions_and_cancellation_of_unseen_pages_are_404(world, teacher_a, editor):
    client = as_user(teacher_a)
    task_state = world.b.task_state()
    pages = "wagtailadmin_pages"
    for page in world.b.pages:
        for url in (
            reverse(f"{pages}:workflow_action", args=[page.pk, "approve", task_state.pk]),
            reverse(
                f"{pages}:collect_workflow_action_data", args=[page.pk, "reject", task_state.pk]
            ),
            reverse(f"{pages}:confirm_workflow_cancellation", args=[page.pk]),
        ):
            for response in (client.get(url), client.post(url, {"comment": "Duyệt hộ"})):
                assert response.status_code == 404, url
                assert_shows_nothing_of(followed_text(client, response), world.b)
    assert world.b.workflow_state().status == WorkflowState.STATUS_IN_PROGRESS

    reviewer = as_user(editor)
    modal = reviewer.get(reverse(f"{pages}:confirm_workflow_cancellation", args=[world.b.live.pk]))
    assert modal.status_code == 200
    assert json.loads(modal.content)["step"] == "confirm"
    assert world.task.name in json.loads(modal.content)["html"]


# --- reports, choosers, widgets --------------------------------------------------------------


def test_page_types_report_names_the_users_own_last_edit(world, teacher_a, editor):
    url = reverse("wagtailadmin_reports:page_types_usage")
    text = text_of(as_user(teacher_a).get(url))
    assert "zqapendingx" in text  # A's last edited lesson: their own pending draft
    assert_shows_nothing_of(text, world.b)
    assert "zqbpendingx" in text_of(as_user(editor).get(url))  # B edited last, site-wide


def test_page_chooser_shows_other_centres_live_titles_only(world, teacher_a, teacher_b):
    client = as_user(teacher_a)
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[world.b.library.pk]))
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "duyệt"})
    parent = client.get(reverse("wagtailadmin_choose_page_child", args=[world.b.live.pk]))
    for response in (browse, search, parent):
        assert response.status_code == 200
        text = text_of(response)
        assert LIVE_TITLE_B in text
        assert_shows_nothing_of(text, world.b)
    drafts_parent = reverse("wagtailadmin_choose_page_child", args=[world.b.draft.pk])
    assert client.get(drafts_parent).status_code == 404

    chosen = client.get(
        reverse("wagtailadmin_choose_page_chosen_multiple"),
        {"id": [world.b.draft.pk, world.b.live.pk]},
    )
    result = json.loads(chosen.content)["result"]
    assert [(item["id"], item["adminTitle"]) for item in result] == [
        (world.b.live.pk, LIVE_TITLE_B)
    ]

    # Teacher B, whose pages these are, sees the pending title.
    own = as_user(teacher_b).get(
        reverse("wagtailadmin_choose_page_child", args=[world.b.library.pk])
    )
    assert "zqbpendingx" in text_of(own)


def test_page_chooser_search_finds_other_centres_pages_by_their_live_title(world, teacher_a):
    client = as_user(teacher_a)
    search = reverse("wagtailadmin_choose_page_search")

    def found(query):
        return f"/admin/pages/{world.b.live.pk}/" in text_of(client.get(search, {"q": query}))

    assert found("duyệt B") and found("Bài")
    # Wagtail's index holds the page row, whose title stays the live one while a draft is
    # pending: words of B's pending title find nothing.
    assert not found("zqbpending")
    assert not found("zqbdraft")


def test_external_link_to_another_centres_live_page_gets_its_live_title(world, teacher_a):
    client = as_user(teacher_a)
    response = client.post(
        reverse("wagtailadmin_choose_page_external_link"),
        {
            "external-link-chooser-url": world.b.live.full_url,
            "external-link-chooser-link_text": "",
        },
    )
    data = json.loads(response.content)
    internal = data.get("internal") or data.get("result")
    assert internal["id"] == world.b.live.pk
    assert internal["adminTitle"] == LIVE_TITLE_B
    assert "zqbpendingx" not in response.content.decode()


def test_chooser_widgets_in_own_forms_show_only_visible_titles(world, teacher_a):
    own = LessonPageFactory(parent=world.a.library, title="Bài phái sinh của A", live=False)
    own.derived_from = world.b.live
    own.save_revision()
    client = as_user(teacher_a)
    edit = reverse("wagtailadmin_pages:edit", args=[own.pk])
    text = text_of(client.get(edit))
    assert LIVE_TITLE_B in text
    assert_shows_nothing_of(text, world.b)

    # A stored id of B's draft (forged, or unpublished since) shows a placeholder.
    LessonPage.objects.filter(pk=own.pk).update(derived_from=world.b.draft)
    own.refresh_from_db()
    own.save_revision()
    text = text_of(client.get(edit))
    assert str(HIDDEN_TITLE) in text
    assert_shows_nothing_of(text, world.b)

    course = CoursePageFactory(
        parent=world.a.library,
        title="Học phần của A",
        units=[("unit", {"title": "Phần 1", "lessons": [world.b.live, world.b.draft]})],
    )
    course.save_revision()
    text = text_of(client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])))
    # The units' choosers are set up from JSON, where Vietnamese letters are escaped.
    assert json.dumps(LIVE_TITLE_B)[1:-1] in text
    assert json.dumps(str(HIDDEN_TITLE))[1:-1] in text
    assert_shows_nothing_of(text, world.b)


def test_desk_names_only_originals_the_user_may_see(world, teacher_a):
    LessonPage.objects.filter(pk=world.a.draft.pk).update(derived_from=world.b.draft)
    LessonPage.objects.filter(pk=world.a.live.pk).update(derived_from=world.b.live)
    text = text_of(as_user(teacher_a).get(reverse("desk:index")))
    assert "Phái sinh từ một bài học chưa công khai." in text
    assert f"“{LIVE_TITLE_B}”" in text
    assert_shows_nothing_of(text, world.b)


# --- copies --------------------------------------------------------------------------------


def test_imported_lessons_can_be_copied_without_their_identity_or_counts(teacher_a, centre_a):
    lesson = LessonPageFactory(
        parent=centre_a.library_page, title="Bài nhập từ bảng tính", external_id="demo-001"
    )
    lesson.save_revision().publish()
    LessonPage.objects.filter(pk=lesson.pk).update(view_count=57)
    client = as_user(teacher_a)
    for number in (1, 2):
        response = client.post(
            reverse("wagtailadmin_pages:copy", args=[lesson.pk]),
            {
                "new_title": f"Bản sao {number}",
                "new_slug": f"ban-sao-{number}",
                "new_parent_page": str(centre_a.library_page.pk),
            },
        )
        assert response.status_code == 302
        copy = LessonPage.objects.get(slug=f"ban-sao-{number}")
        assert copy.external_id is None
        assert copy.view_count == 0
    assert LessonPage.objects.get(pk=lesson.pk).external_id == "demo-001"


@pytest.mark.parametrize("parent", [None, "", "abc", HUGE, "b_draft"])
def test_copy_without_a_usable_parent_is_a_form_error(world, teacher_a, parent):
    data = {"new_title": "Bản sao", "new_slug": "ban-sao"}
    if parent is not None:
        data["new_parent_page"] = str(world.b.draft.pk) if parent == "b_draft" else parent
    client = as_user(teacher_a)
    response = client.post(reverse("wagtailadmin_pages:copy", args=[world.a.draft.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert_shows_nothing_of(text_of(response), world.b)
    assert not LessonPage.objects.filter(slug="ban-sao").exists()


# --- the desk's reuse ----------------------------------------------------------------------


def test_reuse_with_huge_ids_is_a_404_or_a_form_error(world, teacher_a):
    client = as_user(teacher_a)
    for page_id in ("9223372036854775808", HUGE):
        assert client.get(f"/ban-lam-viec/dung-lai/{page_id}/").status_code == 404
        assert client.post(f"/ban-lam-viec/gui-duyet/{page_id}/").status_code == 404
    before = LessonPage.objects.count()
    response = client.post(
        reverse("desk:reuse", args=[world.b.live.pk]),
        {"licence": str(world.b.live.licence_id), "destination": HUGE},
    )
    assert response.status_code == 200
    assert "destination" in response.context["form"].errors
    assert LessonPage.objects.count() == before


# --- searches, API, id lists ---------------------------------------------------------------


def test_clean_query_keeps_words_and_drops_what_breaks_sql():
    assert clean_text('"') is None
    assert clean_text(" \x00 ") is None
    assert clean_text('phân "số\x00 tối') == "phân số tối"
    assert len(clean_text("a" * 10_000)) == MAX_QUERY_LENGTH
    assert clean_query(PlainText('"')) is None
    cleaned = clean_query(And([PlainText('"'), Phrase("phân số")]))
    assert isinstance(cleaned, Phrase) and cleaned.query_string == "phân số"


@pytest.mark.parametrize("query", ['"', 'a"b', '"zqadoc', "zqadoc AND (", "NEAR(x", "*"])
def test_admin_searches_take_quotes_and_operators(world, teacher_a, query):
    client = as_user(teacher_a)
    for url in (
        "/admin/documents/",
        "/admin/images/",
        "/admin/documents/chooser/results/",
        "/admin/images/chooser/results/",
        "/admin/choose-page/search/",
        "/admin/pages/search/",
        f"/admin/pages/{world.a.library.pk}/",
        "/admin/pages/usage/content_models/lessonpage/",
    ):
        assert client.get(url, {"q": query}).status_code == 200, url
    assert client.get("/admin/api/main/pages/", {"search": query}).status_code == 200
    if query.startswith('"zqadoc'):  # the words around a stray quote are still searched
        assert "zqadocx" in text_of(client.get("/admin/documents/", {"q": query}))


def test_nul_in_an_admin_query_string_is_a_400(world, teacher_a):
    client = as_user(teacher_a)
    for url in ("/admin/documents/", "/admin/tag-autocomplete/", "/admin/api/main/pages/"):
        response = client.get(url, {"q": "a\x00b", "term": "\x00", "search": "\x00"})
        assert response.status_code == 400, url


def test_admin_api_refuses_offsets_the_database_cannot_take(editor, world):
    client = as_user(editor)
    for endpoint in ("pages", "documents", "images"):
        url = f"/admin/api/main/{endpoint}/"
        for offset in ("9223372036854775808", HUGE, "2147483649"):
            response = client.get(url, {"offset": offset})
            assert response.status_code == 400, (endpoint, offset)
            assert "offset" in json.loads(response.content)["message"]
        assert client.get(url, {"offset": "2147483648"}).status_code == 200
        assert client.get(url, {"offset": "-1"}).status_code == 400


def test_malformed_id_lists_are_a_400(editor, world):
    client = as_user(editor)
    chosen = reverse("wagtailadmin_choose_page_chosen_multiple")
    for value in ("abc", HUGE, "9223372036854775808", "-3"):
        assert client.get(chosen, {"id": value}).status_code == 400
        assert client.get("/admin/bulk/wagtailcore/page/delete/", {"id": value}).status_code == 400
        assert client.get("/admin/choose-page/", {"target_pages[]": value}).status_code == 400
    assert client.get(chosen, {"id": world.a.live.pk}).status_code == 200
    select_all = client.get(
        "/admin/bulk/wagtailcore/page/unpublish/",
        {"id": "all", "childOf": world.a.library.pk},
    )
    assert select_all.status_code == 200


def test_vocabulary_listings_find_terms_by_name(editor, centre_a):
    client = as_user(editor)
    for model, query, expected in (
        ("centre", "Lào Cai", centre_a.name),
        ("province", "Lào", "Lào Cai"),
        ("licence", "BY-SA", "CC BY-SA 4.0"),
        ("subject", "Toán", "Toán"),
    ):
        response = client.get(f"/admin/snippets/content_models/{model}/", {"q": query})
        assert response.status_code == 200
        assert expected in text_of(response), model


# --- page forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        {"drop": "body-count"},
        {"set": ("body-count", "abc")},
        {"set": ("body-count", "3")},  # counts blocks that were not sent
        {"drop": "attachments-TOTAL_FORMS"},
        {"set": ("attachments-TOTAL_FORMS", HUGE)},
    ],
)
def test_lesson_posts_with_missing_or_bogus_counters_are_form_errors(teacher_a, centre_a, broken):
    lesson = LessonPageFactory(parent=centre_a.library_page, title="Bài của A", live=False)
    lesson.save_revision()
    revisions = lesson.revisions.count()
    data = lesson_form_data("Tiêu đề bị đổi", lesson.slug)
    if "drop" in broken:
        del data[broken["drop"]]
    else:
        name, value = broken["set"]
        data[name] = value
    client = as_user(teacher_a)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data)
    assert response.status_code == 200
    assert lesson.revisions.count() == revisions
    assert Page.objects.get(pk=lesson.pk).draft_title == "Bài của A"
