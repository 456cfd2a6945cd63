"""Factories for lessons and courses placed under a centre's library page."""

import factory
import wagtail_factories

from content_models.models import CoursePage, LessonPage, Licence


class LessonPageFactory(wagtail_factories.PageFactory):
    """A lesson; pass parent=<CentreLibraryPage>. Licence defaults to CC BY 4.0."""

    title = factory.Sequence(lambda n: f"Bài học số {n}")
    summary = "Tóm tắt bài học dành cho học viên GDTX."
    licence = factory.LazyFunction(lambda: Licence.objects.get(name="CC BY 4.0"))
    centre = factory.LazyAttribute(lambda o: o.parent.specific.centre if o.parent else None)

    class Meta:
        model = LessonPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Học phần số {n}")
    summary = "Học phần gồm nhiều bài học."
    licence = factory.LazyFunction(lambda: Licence.objects.get(name="CC BY 4.0"))
    centre = factory.LazyAttribute(lambda o: o.parent.specific.centre if o.parent else None)

    class Meta:
        model = CoursePage
