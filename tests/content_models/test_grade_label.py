"""A grade is named one way everywhere: “Lớp N”, translated with the interface."""

from django.utils import translation

from content_models.models import Grade, grade_label


def test_grade_label_in_both_languages():
    assert grade_label(10) == "Lớp 10"
    with translation.override("en"):
        assert grade_label(10) == "Grade 10"
    with translation.override("vi"):
        assert grade_label(7) == "Lớp 7"


def test_a_grade_reads_as_its_label():
    grade = Grade(number=12)
    assert str(grade) == grade.name == grade_label(12)
