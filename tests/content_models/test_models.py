"""Models, seeded vocabularies, groups, and deleting a term in use (docs/faults.md row 23)."""

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from wagtail.models import GroupCollectionPermission, GroupPagePermission, ReferenceIndex

import pytest

from content_models.models import (
    Centre,
    Grade,
    LessonPage,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
)
from content_models.models.workflow import (
    EDITORS_GROUP,
    centre_collection,
    teachers_group_name,
)
from content_models.taxonomy_seed import LICENCES, PROGRAMME_LEVELS, PROVINCES, RESOURCE_TYPES
from tests.content_models.admin_forms import login
from tests.factories.pages import CoursePageFactory, LessonPageFactory

# --- Seeded vocabularies --------------------------------------------------------------------


def test_programme_levels_are_seeded_in_order(db):
    assert list(ProgrammeLevel.objects.values_list("name", flat=True)) == PROGRAMME_LEVELS
    assert len(PROGRAMME_LEVELS) == 8


def test_licences_carry_their_terms(db):
    assert Licence.objects.count() == len(LICENCES) == 7
    by_name = {licence.name: licence for licence in Licence.objects.all()}
    assert by_name["CC BY-ND 4.0"].allows_derivatives is False
    assert by_name["CC BY-NC 4.0"].allows_commercial is False
    assert by_name["CC BY-NC-SA 4.0"].share_alike is True
    assert by_name["CC0"].url == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert all(
        licence.url.startswith("https://creativecommons.org/") for licence in by_name.values()
    )


def test_other_vocabularies_are_seeded(db):
    assert Province.objects.count() == len(PROVINCES) == 34
    assert list(Grade.objects.values_list("number", flat=True)) == list(range(1, 13))
    assert set(ResourceType.objects.values_list("name", flat=True)) == set(RESOURCE_TYPES)
    assert Subject.objects.filter(name="Giáo dục kinh tế và pháp luật").exists()
    assert Subject.objects.filter(is_skill=True).exists()


# --- Pages ----------------------------------------------------------------------------------


def test_lesson_helpers_and_rules(centre_a):
    lesson = LessonPageFactory(
        parent=centre_a.library_page,
        learning_objectives="Nhận biết phân số\n\n  Rút gọn phân số  \n",
        authors="Nguyễn Văn An, Trần Thị Bình,",
    )
    assert lesson.objectives == ["Nhận biết phân số", "Rút gọn phân số"]
    assert lesson.author_list == ["Nguyễn Văn An", "Trần Thị Bình"]
    lesson.derived_from = lesson
    with pytest.raises(ValidationError) as error:
        lesson.full_clean()
    assert "derived_from" in error.value.message_dict


def test_contributing_centre_defaults_to_the_library(centre_a):
    lesson = LessonPageFactory(parent=centre_a.library_page, centre=None)
    lesson.full_clean()
    assert lesson.centre == centre_a
    course = CoursePageFactory(parent=centre_a.library_page, centre=None)
    course.full_clean()
    assert course.centre == centre_a


# --- Groups and permissions set-up ----------------------------------------------------------


def test_teachers_group_may_add_and_edit_in_its_library_only(centre_a, centre_b):
    group_a = teachers_group_name(centre_a)
    grants = GroupPagePermission.objects.filter(group__name=group_a)
    assert {grant.page_id for grant in grants} == {centre_a.library_page.pk}
    assert {grant.permission.codename for grant in grants} == {"add_page", "change_page"}
    media = GroupCollectionPermission.objects.filter(group__name=group_a)
    assert {grant.collection_id for grant in media} == {centre_collection(centre_a).pk}
    # Wagtail checks its own image/document permissions, not the custom models'.
    assert {grant.permission.content_type.app_label for grant in media} == {
        "wagtailimages",
        "wagtaildocs",
    }
    assert not media.filter(permission__codename__startswith="delete").exists()
    assert centre_collection(centre_a) != centre_collection(centre_b)


def test_editors_publish_everywhere_below_home(site_tree):
    home, _library = site_tree
    codenames = set(
        GroupPagePermission.objects.filter(group__name=EDITORS_GROUP, page=home).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= codenames


# --- Deleting a vocabulary term still in use (docs/faults.md row 23) ------------------------


def delete_url(term):
    return reverse(term.snippet_viewset.get_url_name("delete"), args=[term.pk])


def list_url(term):
    return reverse(term.snippet_viewset.get_url_name("list"))


def error_messages(client, response):
    assert response.status_code == 302
    follow = client.get(response["Location"])
    return [str(m) for m in follow.context["messages"] if m.level_tag == "error"]


@pytest.fixture
def reviewer(editor):
    return login(Client(), editor)


@pytest.fixture
def lesson_in_use(centre_a):
    lesson = LessonPageFactory(
        parent=centre_a.library_page,
        title="Phân số và số thập phân",
        licence=Licence.objects.get(name="CC0"),
        resource_type=ResourceType.objects.get(name="Video"),
    )
    lesson.subjects.set([Subject.objects.get(name="Toán")])
    lesson.programme_levels.set([ProgrammeLevel.objects.first()])
    lesson.grades.set([Grade.objects.get(number=6)])
    lesson.save()
    return lesson


@pytest.mark.parametrize(
    "model,lookup",
    [
        (Licence, {"name": "CC0"}),
        (Subject, {"name": "Toán"}),
        (ProgrammeLevel, {"sort_order": 1}),
        (Grade, {"number": 6}),
        (ResourceType, {"name": "Video"}),
    ],
)
def test_deleting_a_term_used_by_a_lesson_is_refused_with_a_clear_message(
    reviewer, lesson_in_use, model, lookup
):
    term = model.objects.filter(**lookup).first()
    for method in (reviewer.get, reviewer.post):
        response = method(delete_url(term))
        assert response["Location"] == list_url(term)
        (message,) = error_messages(reviewer, response)
        assert "Không thể xóa" in message
        assert "Phân số và số thập phân" in message
    assert model.objects.filter(pk=term.pk).exists()
    lesson_in_use.refresh_from_db()
    assert lesson_in_use.subjects.filter(name="Toán").exists()


def test_centre_and_province_in_use_cannot_be_deleted(reviewer, centre_a):
    for term, user in (
        (centre_a, centre_a.library_page.title),
        (centre_a.province, centre_a.name),
    ):
        response = reviewer.post(delete_url(term))
        (message,) = error_messages(reviewer, response)
        assert user in message
        assert type(term).objects.filter(pk=term.pk).exists()


def test_refused_even_when_wagtails_reference_index_is_stale(reviewer, lesson_in_use):
    """Wagtail's own guard reads the reference index; without it the delete was a 500."""
    ReferenceIndex.objects.all().delete()
    licence = Licence.objects.get(name="CC0")
    response = reviewer.post(delete_url(licence))
    assert error_messages(reviewer, response)
    assert Licence.objects.filter(pk=licence.pk).exists()


def test_term_used_only_by_a_pending_draft_is_kept(reviewer, centre_a, teacher_a):
    """A live lesson whose draft (a revision, not yet the row) switches licence."""
    lesson = LessonPageFactory(parent=centre_a.library_page, title="Bài có bản nháp")
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.licence = Licence.objects.get(name="CC BY-SA 4.0")
    lesson.save_revision(user=teacher_a)
    licence = Licence.objects.get(name="CC BY-SA 4.0")
    assert not LessonPage.objects.filter(licence=licence).exists()
    (message,) = error_messages(reviewer, reviewer.post(delete_url(licence)))
    assert "Bài có bản nháp" in message
    assert Licence.objects.filter(pk=licence.pk).exists()


def test_bulk_delete_of_terms_in_use_is_refused(reviewer, lesson_in_use):
    maths = Subject.objects.get(name="Toán")
    unused = Subject.objects.get(name="Ngữ văn")
    url = f"/admin/bulk/content_models/subject/delete/?id={maths.pk}&id={unused.pk}"
    response = reviewer.post(url)
    assert error_messages(reviewer, response)
    assert Subject.objects.filter(pk__in=[maths.pk, unused.pk]).count() == 2


def test_an_unused_term_is_deleted(reviewer, site_tree):
    unused = Licence.objects.create(name="Giấy phép thử", url="https://example.org/giay-phep")
    assert reviewer.get(delete_url(unused)).status_code == 200
    response = reviewer.post(delete_url(unused))
    assert response.status_code == 302 and response["Location"] == list_url(unused)
    assert not Licence.objects.filter(pk=unused.pk).exists()


def test_teachers_cannot_delete_terms(client, teacher_a):
    login(client, teacher_a)
    centre = Centre.objects.get()
    response = client.post(delete_url(centre))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert Centre.objects.filter(pk=centre.pk).exists()


def test_renamed_centre_keeps_its_teachers_rights_and_files(client, centre_a, teacher_a):
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from content_models.models import ensure_centre_library
    from content_models.reuse import teacher_centres

    collection = centre_collection(centre_a)
    document = get_document_model().objects.create(
        title="Phiếu học tập phân số",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="phieu.pdf"),
        collection=collection,
    )
    collections_before = Collection.objects.count()

    centre_a.name = "Trung tâm GDNN-GDTX Bảo Thắng (đổi tên)"
    centre_a.save()
    ensure_centre_library(centre_a)  # what an import or seed_demo runs next

    centre_a.refresh_from_db()
    assert Collection.objects.count() == collections_before
    assert centre_collection(centre_a).pk == collection.pk
    assert centre_collection(centre_a).name == centre_a.name
    assert teacher_a.groups.get().name == teachers_group_name(centre_a)
    assert Group.objects.filter(name__startswith="Giáo viên – ").count() == 1  # A only
    assert list(teacher_centres(teacher_a)) == [centre_a]
    login(client, teacher_a)
    library = centre_a.library_page
    assert (
        client.get(reverse("wagtailadmin_pages:add_subpage", args=[library.pk])).status_code == 200
    )
    edit = client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert edit.status_code == 200
    assert "Phiếu học tập phân số" in edit.content.decode()
