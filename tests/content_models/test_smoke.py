from content_models.models import LessonPage, Licence, ProgrammeLevel, Province
from tests.factories.pages import LessonPageFactory


def test_taxonomy_is_seeded(db):
    assert Province.objects.count() == 34
    assert ProgrammeLevel.objects.first().name == "Xóa mù chữ giai đoạn 1"
    assert not Licence.objects.get(name="CC BY-ND 4.0").allows_derivatives


def test_lesson_factory_under_centre_library(centre_a):
    lesson = LessonPageFactory(parent=centre_a.library_page, title="Phương trình bậc hai")
    assert LessonPage.objects.get(pk=lesson.pk).centre == centre_a
    assert lesson.url.startswith("/kho-hoc-lieu/")
