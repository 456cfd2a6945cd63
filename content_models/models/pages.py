"""The page tree: Home → Library → Centre library → Lesson / Course; Library → Collection.

A centre's lessons live under its CentreLibraryPage, which is what the teachers' page
permissions hang on (see `workflow.py`).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content_models.blocks import (
    RICH_TEXT_FEATURES,
    CollectionItemsStreamBlock,
    CourseUnitsStreamBlock,
    LessonStreamBlock,
)
from content_models.choices import Language
from content_models.models.mixins import BasePage, CoverImageMixin
from content_models.panels import PostedInlinePanel
from content_models.permissions import CentreScopedPageForm, ChosenItemsPageForm


class HomePage(BasePage):
    """The site's front page: search first, browse, featured collections."""

    introduction = models.TextField(_("giới thiệu"), blank=True)
    featured_collections = StreamField(
        [("collection", blocks.PageChooserBlock(page_type="content_models.CollectionPage"))],
        verbose_name=_("bộ sưu tập nổi bật"),
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("featured_collections"),
    ]
    # Only pages the user may know of (content_models/permissions.py).
    base_form_class = ChosenItemsPageForm

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content_models.LibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")


class LibraryPage(RoutablePageMixin, BasePage):
    """The catalogue root: lists every published lesson with level and subject filters.

    Landing pages per programme level and per subject are routes of this page; the listing
    itself lives in `content_models.listing` with the rest of the public presentation.
    """

    introduction = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["content_models.HomePage"]
    subpage_types = ["content_models.CentreLibraryPage", "content_models.CollectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("kho học liệu")

    @path("")
    def listing(self, request):
        from content_models.listing import serve_library

        return serve_library(self, request)

    @path("chuong-trinh/<slug:slug>/", name="programme_level")
    def programme_level_landing(self, request, slug):
        from content_models.listing import serve_library

        return serve_library(self, request, level_slug=slug)

    @path("mon/<slug:slug>/", name="subject")
    def subject_landing(self, request, slug):
        from content_models.listing import serve_library

        return serve_library(self, request, subject_slug=slug)

    def get_sitemap_urls(self, request=None):
        from content_models.listing import landing_sitemap_urls

        return super().get_sitemap_urls(request) + landing_sitemap_urls(self, request)


class CentreLibraryPage(BasePage):
    """One centre's shelf; its teachers may add and edit pages below it only."""

    centre = models.OneToOneField(
        "content_models.Centre",
        verbose_name=_("trung tâm"),
        on_delete=models.PROTECT,
        related_name="library_page",
    )
    introduction = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("centre"), FieldPanel("introduction")]
    # Teachers may edit their library's introduction, never which centre it belongs to.
    base_form_class = CentreScopedPageForm

    parent_page_types = ["content_models.LibraryPage"]
    subpage_types = ["content_models.LessonPage", "content_models.CoursePage"]

    class Meta:
        verbose_name = _("thư viện trung tâm")


class LessonTag(TaggedItemBase):
    """A keyword (từ khóa) on a lesson."""

    content_object = ParentalKey(
        "content_models.LessonPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LearningMaterialFields(CoverImageMixin, models.Model):
    """Fields lessons and courses share: description, classification, licence, centre."""

    summary = models.TextField(_("tóm tắt"), max_length=1000)
    programme_levels = ParentalManyToManyField(
        "content_models.ProgrammeLevel", verbose_name=_("chương trình"), blank=True
    )
    subjects = ParentalManyToManyField(
        "content_models.Subject", verbose_name=_("môn học"), blank=True
    )
    grades = ParentalManyToManyField("content_models.Grade", verbose_name=_("lớp"), blank=True)
    licence = models.ForeignKey(
        "content_models.Licence",
        verbose_name=_("giấy phép"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    centre = models.ForeignKey(
        "content_models.Centre",
        verbose_name=_("trung tâm đóng góp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Để trống: lấy theo thư viện trung tâm chứa trang này."),
    )
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0, editable=False)

    # A copy starts its own life: no views counted yet.
    # https://docs.wagtail.org/en/stable/reference/models.html#wagtail.models.Page.exclude_fields_in_copy
    exclude_fields_in_copy = ["view_count"]

    # A teacher may only credit their own centre (content_models/permissions.py).
    base_form_class = CentreScopedPageForm

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        # Counted with an F() update: no IP, no cookie, no session (content_models.views).
        from content_models.views import count_view

        count_view(self, request)
        return super().serve(request, *args, **kwargs)

    def clean(self):
        super().clean()
        if not self.centre_id:
            library = self.get_parent() and self.get_parent().specific
            if isinstance(library, CentreLibraryPage):
                self.centre_id = library.centre_id


class LessonPage(LearningMaterialFields, BasePage):
    """A lesson or learning resource (bài giảng, video, đề kiểm tra, …) with its attachments."""

    body = StreamField(LessonStreamBlock(), verbose_name=_("nội dung"), blank=True)
    learning_objectives = models.TextField(
        _("mục tiêu bài học"), blank=True, help_text=_("Mỗi dòng một mục tiêu.")
    )
    duration_minutes = models.PositiveIntegerField(_("thời lượng (phút)"), null=True, blank=True)
    resource_type = models.ForeignKey(
        "content_models.ResourceType",
        verbose_name=_("loại học liệu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(
        _("ngôn ngữ"), max_length=10, choices=Language.choices, default=Language.VI
    )
    authors = models.CharField(
        _("tác giả"), max_length=500, blank=True, help_text=_("Cách nhau bằng dấu phẩy.")
    )
    keywords = ClusterTaggableManager(through=LessonTag, verbose_name=_("từ khóa"), blank=True)
    derived_from = models.ForeignKey(
        "content_models.LessonPage",
        verbose_name=_("phái sinh từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derivatives",
    )
    attribution = models.TextField(
        _("ghi nhận nguồn gốc"),
        blank=True,
        help_text=_("Ghi công tác giả, trung tâm và giấy phép của bài gốc khi phái sinh."),
    )
    external_id = models.CharField(
        _("mã nguồn nhập"), max_length=255, null=True, blank=True, unique=True, editable=False
    )
    # The import's identity stays with the imported lesson (unique: copying it was a 500).
    exclude_fields_in_copy = LearningMaterialFields.exclude_fields_in_copy + ["external_id"]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("learning_objectives"),
        FieldPanel("body"),
        PostedInlinePanel("attachments", label=_("Tệp đính kèm")),
        FieldPanel("cover_image"),
    ]
    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("programme_levels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("subjects"),
                FieldPanel("grades", widget=forms.CheckboxSelectMultiple),
                FieldPanel("resource_type"),
                FieldPanel("duration_minutes"),
                FieldPanel("language"),
                FieldPanel("keywords"),
            ],
            heading=_("Phân loại"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("licence"),
                FieldPanel("authors"),
                FieldPanel("centre"),
                FieldPanel("derived_from"),
                FieldPanel("attribution"),
            ],
            heading=_("Giấy phép và tác giả"),
        ),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Nội dung")),
            ObjectList(classification_panels, heading=_("Phân loại và giấy phép")),
            ObjectList(Page.promote_panels, heading=_("Quảng bá")),
            ObjectList(Page.settings_panels, heading=_("Thiết lập")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_objectives"),
        index.FilterField("licence"),
        index.FilterField("centre"),
    ]

    parent_page_types = ["content_models.CentreLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bài học")
        verbose_name_plural = _("bài học")

    @property
    def objectives(self):
        return [line.strip() for line in self.learning_objectives.splitlines() if line.strip()]

    @cached_property
    def author_list(self):
        return [name.strip() for name in self.authors.split(",") if name.strip()]

    def clean(self):
        super().clean()
        if self.derived_from_id and self.derived_from_id == self.pk:
            raise ValidationError({"derived_from": _("Bài học không thể phái sinh từ chính nó.")})


class LessonAttachment(Orderable):
    """A downloadable file of a lesson, in the order the teacher chose."""

    page = ParentalKey(LessonPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "media.CustomDocument",
        verbose_name=_("tệp"),
        on_delete=models.PROTECT,
        related_name="lesson_attachments",
    )
    title = models.CharField(
        _("tên hiển thị"), max_length=255, blank=True, help_text=_("Để trống: dùng tên tệp.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def display_title(self):
        return self.title or self.document.title


class CoursePage(LearningMaterialFields, BasePage):
    """Courseware (học phần): ordered units, each an ordered list of lessons."""

    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)
    units = StreamField(CourseUnitsStreamBlock(), verbose_name=_("các phần"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("introduction"),
        FieldPanel("units"),
        FieldPanel("cover_image"),
    ]
    classification_panels = [
        FieldPanel("programme_levels", widget=forms.CheckboxSelectMultiple),
        FieldPanel("subjects"),
        FieldPanel("grades", widget=forms.CheckboxSelectMultiple),
        FieldPanel("licence"),
        FieldPanel("centre"),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Nội dung")),
            ObjectList(classification_panels, heading=_("Phân loại và giấy phép")),
            ObjectList(Page.promote_panels, heading=_("Quảng bá")),
            ObjectList(Page.settings_panels, heading=_("Thiết lập")),
        ]
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]

    parent_page_types = ["content_models.CentreLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("học phần")
        verbose_name_plural = _("học phần")

    def lesson_sequence(self):
        """Live lessons of every unit, in course order (for previous / next navigation)."""
        ids = [page.pk for unit in self.units for page in unit.value["lessons"] if page]
        pages = LessonPage.objects.live().public().in_bulk(ids)
        return [pages[pk] for pk in ids if pk in pages]


class CollectionPage(CoverImageMixin, BasePage):
    """An editor's curated, ordered set of lessons and courses."""

    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)
    items = StreamField(CollectionItemsStreamBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("items"),
        FieldPanel("cover_image"),
    ]
    # Only images and pages the user may choose (content_models/permissions.py).
    base_form_class = ChosenItemsPageForm
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["content_models.LibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bộ sưu tập")
        verbose_name_plural = _("bộ sưu tập")

    def live_items(self):
        ids = [block.value.pk for block in self.items if block.value]
        pages = Page.objects.live().public().specific().in_bulk(ids)
        return [pages[pk] for pk in ids if pk in pages]
