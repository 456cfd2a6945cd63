"""Reuse (remix) of another centre's lesson: real views, real permissions, real database."""

from django.core.files.base import ContentFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from wagtail.models import PageViewRestriction, WorkflowState
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

import pytest

from content_models.models import LessonPage, Licence, ProgrammeLevel, Subject
from content_models.models.workflow import centre_collection
from content_models.reuse import reuse_destinations, teacher_centres
from media.models import CustomDocument
from tests.factories.pages import LessonPageFactory

PASSWORD = "mat-khau-thu-nghiem"
SA_ERROR = (
    "Giấy phép CC BY-SA 4.0 yêu cầu tác phẩm phái sinh giữ nguyên giấy phép chia sẻ tương tự"
)


def licence(name):
    return Licence.objects.get(name=name)


def published_lesson(centre, licence_name="CC BY 4.0", **fields):
    """A lesson of `centre` published through a revision, as the review workflow leaves it."""
    fields.setdefault("title", "Phương trình bậc hai")
    fields.setdefault("authors", "Lò Văn Sơn, Nguyễn Thị Mai")
    lesson = LessonPageFactory(
        parent=centre.library_page, licence=licence(licence_name), live=False, **fields
    )
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


@pytest.fixture
def original(centre_b):
    """A CC BY lesson of centre B with body, attachment, keywords and classification."""
    document = CustomDocument.objects.create(
        title="Phiếu bài tập phương trình",
        file=ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", name="phieu.pdf"),
        collection=centre_collection(centre_b),
    )
    lesson = LessonPageFactory(
        parent=centre_b.library_page,
        title="Phương trình bậc hai",
        authors="Lò Văn Sơn, Nguyễn Thị Mai",
        licence=licence("CC BY 4.0"),
        learning_objectives="Giải được phương trình bậc hai",
        body=[
            ("heading", {"text": "Công thức nghiệm", "size": "h2"}),
            ("paragraph", "<p>Biệt thức Δ = b² − 4ac.</p>"),
        ],
        live=False,
    )
    lesson.attachments.create(document=document, title="Phiếu bài tập")
    lesson.keywords.add("phương trình", "đại số")
    lesson.programme_levels.add(ProgrammeLevel.objects.get(name="Chương trình GDTX cấp THCS"))
    lesson.subjects.add(Subject.objects.get(name="Toán"))
    lesson.save()
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def reuse_url(page):
    return reverse("desk:reuse", args=[page.pk])


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_teacher_reuses_cc_by_lesson_of_another_centre(client, original, teacher_a, centre_a):
    login(client, teacher_a)
    page = client.get(reuse_url(original))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phương trình bậc hai" in html
    # BY → every licence still requiring attribution is offered; CC0 is not.
    for name in ("CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC 4.0", "CC BY-NC-ND 4.0"):
        assert f">{name}</label>" in html
    assert ">CC0</label>" not in html

    response = client.post(
        reuse_url(original),
        {"licence": licence("CC BY-SA 4.0").pk, "destination": centre_a.library_page.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:index")

    copy = LessonPage.objects.get(derived_from=original)
    assert copy.get_parent().pk == centre_a.library_page.pk
    assert not copy.live
    assert copy.has_unpublished_changes
    assert copy.first_published_at is None
    assert copy.owner == teacher_a
    assert copy.centre == centre_a
    assert copy.licence.name == "CC BY-SA 4.0"
    assert copy.title == original.title
    assert copy.slug == original.slug  # free in centre A's library
    assert copy.url_path != original.url_path
    # Attribution: title, authors, centre, URL, licence of the original.
    for part in (
        "Phái sinh từ “Phương trình bậc hai”",
        "Lò Văn Sơn, Nguyễn Thị Mai",
        original.centre.name,
        original.full_url,
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ):
        assert part in copy.attribution
    # Body, attachment, keywords and classification are copied.
    assert [block.block_type for block in copy.body] == ["heading", "paragraph"]
    assert "Biệt thức" in str(copy.body[1].value)
    assert [a.document_id for a in copy.attachments.all()] == [
        a.document_id for a in original.attachments.all()
    ]
    assert sorted(copy.keywords.names()) == ["phương trình", "đại số"]
    assert [s.name for s in copy.subjects.all()] == ["Toán"]
    assert copy.programme_levels.count() == 1
    # One revision, made by the teacher; none of the original's history is copied.
    revisions = list(copy.revisions.all())
    assert len(revisions) == 1
    assert revisions[0].user == teacher_a
    assert copy.latest_revision_id == revisions[0].pk
    assert revisions[0].as_object().derived_from_id == original.pk
    # The original is untouched.
    original.refresh_from_db()
    assert original.live and original.licence.name == "CC BY 4.0"
    assert original.get_parent().specific.centre_id != centre_a.pk

    # The draft is on the teacher's desk, and invisible to the public.
    desk = login(client, teacher_a).get(reverse("desk:index")).content.decode()
    assert f'id="trang-{copy.pk}"' in desk
    assert "Bản nháp" in desk
    assert f'Phái sinh từ <a href="{original.url}">“Phương trình bậc hai”</a>' in desk
    client.logout()
    assert client.get(copy.url).status_code == 404


def test_teacher_edits_and_submits_the_copy_in_the_admin(client, original, teacher_a, centre_a):
    """The derivative is an ordinary lesson of centre A: its teacher edits and submits it."""
    login(client, teacher_a).post(
        reuse_url(original),
        {"licence": licence("CC BY 4.0").pk, "destination": centre_a.library_page.pk},
    )
    copy = LessonPage.objects.get(derived_from=original)
    edit_url = reverse("wagtailadmin_pages:edit", args=[copy.pk])
    form = client.get(edit_url)
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    for key in [key for key in data if "__prefix__" in key]:
        del data[key]
    # The body editor is built by JavaScript; post the blocks as its script would.
    body = [
        ("heading", {"text": "Công thức nghiệm", "size": "h2"}),
        ("paragraph", rich_text("<p>Thêm ví dụ của trung tâm.</p>")),
    ]
    data.update(nested_form_data({"body": streamfield(body)}))
    data["action-submit"] = "1"
    assert client.post(edit_url, data).status_code == 302

    draft = LessonPage.objects.get(pk=copy.pk).get_latest_revision_as_object()
    assert "Thêm ví dụ của trung tâm." in str(draft.body[1].value)
    assert draft.attachments.count() == 1
    assert draft.derived_from_id == original.pk
    assert copy.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_copy_takes_the_published_version_not_a_pending_draft(
    client, original, teacher_a, centre_a
):
    original.title = "Bản nháp chưa duyệt"
    original.save_revision()
    login(client, teacher_a).post(
        reuse_url(original),
        {"licence": licence("CC BY 4.0").pk, "destination": centre_a.library_page.pk},
    )
    copy = LessonPage.objects.get(derived_from=original)
    assert copy.title == "Phương trình bậc hai"
    assert "Bản nháp chưa duyệt" not in copy.attribution


def test_no_derivatives_lesson_is_refused_with_explanation(client, centre_b, teacher_a, centre_a):
    lesson = published_lesson(centre_b, "CC BY-ND 4.0")
    count = LessonPage.objects.count()
    login(client, teacher_a)
    for response in (
        client.get(reuse_url(lesson)),
        client.post(
            reuse_url(lesson),
            {"licence": licence("CC BY-ND 4.0").pk, "destination": centre_a.library_page.pk},
        ),
    ):
        assert response.status_code == 403
        assert "Giấy phép CC BY-ND 4.0 không cho phép tạo tác phẩm phái sinh" in (
            response.content.decode()
        )
    assert LessonPage.objects.count() == count


def test_incompatible_licence_choice_is_a_form_error(client, centre_b, teacher_a, centre_a):
    lesson = published_lesson(centre_b, "CC BY-SA 4.0")
    count = LessonPage.objects.count()
    login(client, teacher_a)
    offered = client.get(reuse_url(lesson)).content.decode()
    assert ">CC BY-SA 4.0</label>" in offered
    assert ">CC BY 4.0</label>" not in offered

    response = client.post(
        reuse_url(lesson),
        {"licence": licence("CC BY 4.0").pk, "destination": centre_a.library_page.pk},
    )
    assert response.status_code == 200
    assert SA_ERROR in response.content.decode()
    assert LessonPage.objects.count() == count


def test_non_commercial_must_stay_non_commercial(client, centre_b, teacher_a, centre_a):
    lesson = published_lesson(centre_b, "CC BY-NC 4.0")
    login(client, teacher_a)
    refused = client.post(
        reuse_url(lesson),
        {"licence": licence("CC BY-SA 4.0").pk, "destination": centre_a.library_page.pk},
    )
    assert "phải giữ điều kiện phi thương mại" in refused.content.decode()
    assert not LessonPage.objects.filter(derived_from=lesson).exists()

    accepted = client.post(
        reuse_url(lesson),
        {"licence": licence("CC BY-NC-SA 4.0").pk, "destination": centre_a.library_page.pk},
    )
    assert accepted.status_code == 302
    assert LessonPage.objects.get(derived_from=lesson).licence.name == "CC BY-NC-SA 4.0"


@pytest.mark.parametrize("value", ["", "abc", "999999", "-1"])
def test_bad_licence_values_are_form_errors(client, original, teacher_a, centre_a, value):
    response = login(client, teacher_a).post(
        reuse_url(original), {"licence": value, "destination": centre_a.library_page.pk}
    )
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not LessonPage.objects.filter(derived_from=original).exists()


def test_anonymous_is_sent_to_login(client, original):
    for response in (client.get(reuse_url(original)), client.post(reuse_url(original), {})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
        assert "next=" in response["Location"]
    assert not LessonPage.objects.filter(derived_from=original).exists()


def test_draft_and_private_originals_are_not_found(client, centre_b, teacher_a):
    draft = LessonPageFactory(parent=centre_b.library_page, live=False)
    draft.save_revision()
    private = published_lesson(centre_b, title="Bài riêng tư")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
    )
    login(client, teacher_a)
    assert client.get(reuse_url(draft)).status_code == 404
    assert client.get(reuse_url(private)).status_code == 404
    assert client.post(reuse_url(private), {}).status_code == 404
    assert client.get(reverse("desk:reuse", args=[centre_b.library_page.pk])).status_code == 404


def test_teacher_cannot_put_the_copy_in_another_centre(client, original, teacher_b, centre_a):
    response = login(client, teacher_b).post(
        reuse_url(original),
        {"licence": licence("CC BY 4.0").pk, "destination": centre_a.library_page.pk},
    )
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not LessonPage.objects.filter(derived_from=original).exists()


def test_user_without_centre_is_refused(client, original, django_user_model):
    user = django_user_model.objects.create_user(username="hocvien", password=PASSWORD)
    response = login(client, user).get(reuse_url(original))
    assert response.status_code == 403
    assert "Chỉ giáo viên thuộc một trung tâm" in response.content.decode()


def test_editor_chooses_the_centre(client, original, editor, centre_a, centre_b):
    login(client, editor)
    html = client.get(reuse_url(original)).content.decode()
    assert f'<option value="{centre_a.library_page.pk}"' in html
    assert f'<option value="{centre_b.library_page.pk}"' in html
    response = client.post(
        reuse_url(original),
        {"licence": licence("CC BY 4.0").pk, "destination": centre_a.library_page.pk},
    )
    assert response.status_code == 302
    copy = LessonPage.objects.get(derived_from=original)
    assert (copy.owner, copy.centre, copy.live) == (editor, centre_a, False)


def test_second_reuse_gets_a_new_slug_and_is_announced(client, original, teacher_a, centre_a):
    login(client, teacher_a)
    data = {"licence": licence("CC BY 4.0").pk, "destination": centre_a.library_page.pk}
    client.post(reuse_url(original), data)
    assert "đã có bản dùng lại" in client.get(reuse_url(original)).content.decode()
    client.post(reuse_url(original), data)
    slugs = sorted(LessonPage.objects.filter(derived_from=original).values_list("slug", flat=True))
    assert slugs == [original.slug, f"{original.slug}-1"]


def test_reusing_a_derivative_keeps_the_whole_chain(client, original, teacher_a, centre_a):
    original.attribution = "Phái sinh từ “Bài gốc đầu tiên” của Trung tâm X."
    original.save_revision().publish()
    login(client, teacher_a).post(
        reuse_url(original),
        {"licence": licence("CC BY 4.0").pk, "destination": centre_a.library_page.pk},
    )
    copy = LessonPage.objects.get(derived_from=original)
    assert copy.attribution.startswith("Phái sinh từ “Phương trình bậc hai”")
    assert copy.attribution.endswith("Phái sinh từ “Bài gốc đầu tiên” của Trung tâm X.")


def test_roles_from_groups_and_page_permissions(teacher_a, teacher_b, editor, centre_a, centre_b):
    assert list(teacher_centres(teacher_a)) == [centre_a]
    assert [lib.pk for lib in reuse_destinations(teacher_a)] == [centre_a.library_page.pk]
    assert [lib.pk for lib in reuse_destinations(teacher_b)] == [centre_b.library_page.pk]
    assert not teacher_centres(editor).exists()
    assert {lib.pk for lib in reuse_destinations(editor)} == {
        centre_a.library_page.pk,
        centre_b.library_page.pk,
    }


def render_reuse(page, user, source):
    request = RequestFactory().get(page.url_path)
    request.user = user
    return Template(source).render(Context({"page": page, "request": request}))


TAG = (
    "{% load reuse_tags %}{% reuse_action page request.user as r %}"
    "{{ r.offered }}|{{ r.allowed }}|{{ r.requires_login }}|{{ r.url }}|{{ r.reason }}"
)


def test_reuse_tag_and_include(original, centre_b, teacher_a):
    from django.contrib.auth.models import AnonymousUser

    nd_lesson = published_lesson(centre_b, "CC BY-NC-ND 4.0", title="Bài không phái sinh")
    url = reuse_url(original)

    assert render_reuse(original, teacher_a, TAG) == f"True|True|False|{url}|"
    offered, allowed, login_needed, _url, reason = render_reuse(nd_lesson, teacher_a, TAG).split(
        "|"
    )
    assert (offered, allowed) == ("False", "False")
    assert "không cho phép tạo tác phẩm phái sinh" in reason
    assert render_reuse(original, AnonymousUser(), TAG).startswith("True|False|True|")

    include = '{% include "desk/_reuse_button.html" %}'
    button = render_reuse(original, teacher_a, include)
    assert "Dùng lại trong trung tâm của tôi" in button
    assert f'href="{url}"' in button
    refused = render_reuse(nd_lesson, teacher_a, include)
    assert "Dùng lại trong trung tâm của tôi" not in refused
    assert reverse("desk:reuse", args=[nd_lesson.pk]) not in refused
    assert "CC BY-NC-ND 4.0 không cho phép" in refused
    anonymous = render_reuse(original, AnonymousUser(), include)
    assert f"{reverse('wagtailadmin_login')}?next=" in anonymous
