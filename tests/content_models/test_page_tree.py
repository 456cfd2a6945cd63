"""Page tree rules (docs/conventions.md §5): one assertion per page type, singletons' max_count."""

from django.urls import reverse

from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html

from content_models.models import (
    Centre,
    CentreLibraryPage,
    CollectionPage,
    CoursePage,
    HomePage,
    LessonPage,
    LibraryPage,
    Province,
    ensure_centre_library,
    ensure_site_structure,
)
from tests.factories.pages import CoursePageFactory, LessonPageFactory

ALL_TYPES = {HomePage, LibraryPage, CentreLibraryPage, LessonPage, CoursePage, CollectionPage}


class PageTreeRulesTests(WagtailPageTestCase):
    """Where each page type may be created, from the class rules alone."""

    def test_home_page(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {LibraryPage})
        self.assertEqual(HomePage.max_count, 1)

    def test_library_page(self):
        self.assertAllowedParentPageTypes(LibraryPage, {HomePage})
        self.assertAllowedSubpageTypes(LibraryPage, {CentreLibraryPage, CollectionPage})
        self.assertEqual(LibraryPage.max_count, 1)

    def test_centre_library_page(self):
        self.assertAllowedParentPageTypes(CentreLibraryPage, {LibraryPage})
        self.assertAllowedSubpageTypes(CentreLibraryPage, {LessonPage, CoursePage})
        self.assertCanNotCreateAt(HomePage, CentreLibraryPage)
        self.assertCanNotCreateAt(CentreLibraryPage, CentreLibraryPage)

    def test_lesson_page(self):
        self.assertAllowedParentPageTypes(LessonPage, {CentreLibraryPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertCanCreateAt(CentreLibraryPage, LessonPage)
        for parent in ALL_TYPES - {CentreLibraryPage}:
            self.assertCanNotCreateAt(parent, LessonPage)
        self.assertCanNotCreateAt(Page, LessonPage)

    def test_course_page(self):
        self.assertAllowedParentPageTypes(CoursePage, {CentreLibraryPage})
        self.assertAllowedSubpageTypes(CoursePage, set())
        self.assertCanCreateAt(CentreLibraryPage, CoursePage)
        self.assertCanNotCreateAt(LibraryPage, CoursePage)
        self.assertCanNotCreateAt(LessonPage, CoursePage)

    def test_collection_page(self):
        self.assertAllowedParentPageTypes(CollectionPage, {LibraryPage})
        self.assertAllowedSubpageTypes(CollectionPage, set())
        self.assertCanCreateAt(LibraryPage, CollectionPage)
        self.assertCanNotCreateAt(CentreLibraryPage, CollectionPage)
        self.assertCanNotCreateAt(HomePage, CollectionPage)

    def test_the_root_only_takes_the_home_page(self):
        self.assertAllowedSubpageTypes(Page, {Page, HomePage})
        for page_type in ALL_TYPES - {HomePage}:
            self.assertCanNotCreateAt(Page, page_type)


class PageTreeInstancesTests(WagtailPageTestCase):
    """The rules against a real tree: singletons are full, every page type opens in the editor."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.library = ensure_site_structure()
        cls.centre = Centre.objects.create(
            name="Trung tâm GDTX tỉnh Điện Biên",
            province=Province.objects.get(name="Điện Biên"),
            kind="gdtx",
        )
        cls.centre_library = ensure_centre_library(cls.centre)
        cls.lesson = LessonPageFactory(parent=cls.centre_library, title="Số nguyên tố")
        cls.course = CoursePageFactory(parent=cls.centre_library, title="Số học lớp 6")
        cls.collection = cls.library.add_child(
            instance=CollectionPage(title="Toán cho người lớn", slug="toan-cho-nguoi-lon")
        )

    def test_singletons_cannot_be_created_twice(self):
        root = Page.get_first_root_node()
        self.assertFalse(HomePage.can_create_at(root))
        self.assertFalse(LibraryPage.can_create_at(self.home))

    def test_site_structure_is_idempotent(self):
        self.assertEqual(ensure_site_structure(), (self.home, self.library))
        self.assertEqual(ensure_centre_library(self.centre).pk, self.centre_library.pk)
        self.assertEqual(HomePage.objects.count(), 1)
        self.assertEqual(LibraryPage.objects.count(), 1)
        self.assertEqual(CentreLibraryPage.objects.filter(centre=self.centre).count(), 1)

    def test_lessons_and_courses_still_go_under_a_centre_library(self):
        self.assertTrue(LessonPage.can_create_at(self.centre_library))
        self.assertTrue(CoursePage.can_create_at(self.centre_library))
        self.assertFalse(LessonPage.can_create_at(self.library))
        self.assertTrue(CollectionPage.can_create_at(self.library))

    def _post_data(self, page, user):
        """The editor's own form fields; StreamFields (drawn by JavaScript) posted empty."""
        self.client.force_login(user)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
        data = querydict_from_html(html.decode(), form_id="page-edit-form")
        for field in type(page)._meta.get_fields():
            if isinstance(field, StreamField):
                data[f"{field.name}-count"] = "0"
        data["action-publish"] = "action-publish"
        return data

    def test_every_page_type_opens_and_saves_in_the_editor(self):
        user = self.create_superuser("quantri")
        for page in (
            self.home,
            self.library,
            self.centre_library,
            self.lesson,
            self.course,
            self.collection,
        ):
            with self.subTest(page_type=type(page.specific).__name__):
                page = page.specific
                self.assertPageIsEditable(page, self._post_data(page, user), user=user)
