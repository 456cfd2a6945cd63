"""What goes into a pack: the live, public lessons of a collection, a course or a centre."""

from django.utils.translation import gettext as _

from content_models.models import CentreLibraryPage, CollectionPage, CoursePage, LessonPage


class PackError(Exception):
    """A pack that cannot be built as asked; the message is shown to the person who asked."""


SOURCE_MODELS = {
    "collection": CollectionPage,
    "course": CoursePage,
    "centre": CentreLibraryPage,
}


def find_source(kind, slug):
    """The page a `--collection/--course/--centre SLUG` names (a centre by its own code or by
    its library page's slug); PackError when there is none."""
    model = SOURCE_MODELS[kind]
    pages = model.objects.filter(slug=slug)
    if kind == "centre":
        pages = model.objects.filter(centre__slug=slug) or pages
    page = pages.order_by("-live", "pk").first()
    if page is None:
        raise PackError(
            {
                "collection": _("Không có bộ sưu tập nào có mã “%(slug)s”."),
                "course": _("Không có học phần nào có mã “%(slug)s”."),
                "centre": _("Không có trung tâm nào có mã “%(slug)s”."),
            }[kind]
            % {"slug": slug}
        )
    return page


def source_kind(page):
    for kind, model in SOURCE_MODELS.items():
        if isinstance(page, model):
            return kind
    return None


def _live_public(ids):
    lessons = LessonPage.objects.live().public().in_bulk(ids)
    return [lessons[pk] for pk in ids if pk in lessons]


def lessons_of(page):
    """Live, public lessons of `page`, in its own order, each once.

    A collection's courses contribute their lessons in course order; a centre's lessons come
    in title order.
    """
    page = page.specific
    if isinstance(page, CollectionPage):
        ids = []
        for item in page.live_items():
            if isinstance(item, LessonPage):
                ids.append(item.pk)
            elif isinstance(item, CoursePage):
                ids.extend(lesson.pk for lesson in item.lesson_sequence())
    elif isinstance(page, CoursePage):
        ids = [lesson.pk for lesson in page.lesson_sequence()]
    elif isinstance(page, CentreLibraryPage):
        ids = list(
            LessonPage.objects.live()
            .public()
            .descendant_of(page)
            .order_by("title", "pk")
            .values_list("pk", flat=True)
        )
    else:
        return []
    return _live_public(list(dict.fromkeys(ids)))
