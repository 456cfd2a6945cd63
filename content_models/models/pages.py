"""Learning materials: lessons and courses, the pages teachers write under their centre's
library (`library.py` holds the pages around them).

A centre's lessons live under its CentreLibraryPage, which is what the teachers' page
permissions hang on (see `workflow.py`). What each page shows and how many queries it takes:
docs/pages.md.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from content_models.blocks import RICH_TEXT_FEATURES, CourseUnitsStreamBlock, LessonStreamBlock
from content_models.choices import Language
from content_models.forms import CentreScopedPageForm
from content_models.models.expressions import chosen_ids, terms_from_json
from content_models.models.mixins import BasePage, CoverImageMixin, ViewCountMixin
from content_models.models.querysets import (
    CoursePageQuerySet,
    LessonPageQuerySet,
    collections_including,
    in_order,
    pages_around,
    published_links,
    published_pages,
)
from content_models.models.taxonomy import Grade, ProgrammeLevel, Subject
from content_models.open_graph import og_image_url
from content_models.panels import PostedInlinePanel, material_tabs

COURSE_PARAM = "hoc-phan"  # GET parameter: the course a lesson is followed in


def unit_lesson_ids(units):
    """Ids of the lessons of a course's `units`, in course order, read from the stored data."""
    return [pk for unit in units.raw_data for pk in chosen_ids(unit["value"].get("lessons"))]


class LessonTag(TaggedItemBase):
    """A keyword (từ khóa) on a lesson."""

    content_object = ParentalKey(
        "content_models.LessonPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LearningMaterialFields(ViewCountMixin, CoverImageMixin, models.Model):
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

    # A copy starts its own life: no views counted yet.
    # https://docs.wagtail.org/en/stable/reference/models.html#wagtail.models.Page.exclude_fields_in_copy
    exclude_fields_in_copy = ["view_count"]

    # A teacher may only credit their own centre (content_models/permissions.py).
    base_form_class = CentreScopedPageForm

    class Meta:
        abstract = True

    # Vocabulary terms as shown on cards and pages: from the JSON the card and page queries
    # carry (`with_terms`), else from the relations (previews, pages read elsewhere).

    @property
    def level_terms(self):
        return self._terms("level_data", "programme_levels", ProgrammeLevel)

    @property
    def subject_terms(self):
        return self._terms("subject_data", "subjects", Subject)

    @property
    def grade_terms(self):
        return self._terms("grade_data", "grades", Grade)

    def _terms(self, annotation, relation, model):
        if annotation in self.__dict__:
            return terms_from_json(model, self.__dict__[annotation])
        return list(getattr(self, relation).all())

    def clean(self):
        super().clean()
        if not self.centre_id:
            # The parent is a centre library (parent_page_types): credit its centre.
            library = self.get_parent() and self.get_parent().specific
            self.centre_id = getattr(library, "centre_id", None)


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

    edit_handler = material_tabs(content_panels, classification_panels)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_objectives"),
        index.FilterField("licence"),
        index.FilterField("centre"),
    ]

    objects = PageManager.from_queryset(LessonPageQuerySet)()

    parent_page_types = ["content_models.CentreLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bài học")
        verbose_name_plural = _("bài học")

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The attachments are shown differently to a browser asking to save data
        # (components/light_version.html, docs/light-versions.md): caches must tell them apart.
        patch_vary_headers(response, ("Save-Data",))
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attachments = list(self.attachments.all())
        around = pages_around(self)
        context.update(
            attachments=attachments,
            total_size=sum(attachment.offered_size or 0 for attachment in attachments),
            centre_page=around["centre_page"],
            courses=around["courses"],
            collections=around["collections"],
            derived_from_page=around["derived_from"],
            derivatives=around["derivatives"],
            og_image=og_image_url(self.cover_image, request),
        )
        context.update(self.course_navigation(around["courses"], request))
        return context

    @property
    def keyword_names(self):
        if "keyword_data" in self.__dict__:
            return sorted(self.__dict__["keyword_data"] or [])
        return [tag.name for tag in self.keywords.all()]

    def course_navigation(self, courses, request):
        """The course being followed (GET hoc-phan, else the first one) and the lessons before
        and after this one in it."""
        wanted = request.GET.get(COURSE_PARAM, "")
        course = None
        if wanted.isdigit():
            course = next((c for c in courses if c.pk == int(wanted)), None)
        if course is None and courses:
            course = courses[0]
        if course is None:
            return {}
        sequence = in_order(published_links, LessonPage, unit_lesson_ids(course.course_units))
        positions = [lesson.pk for lesson in sequence]
        if self.pk not in positions:
            return {"current_course": course}
        index = positions.index(self.pk)
        return {
            "current_course": course,
            "course_position": index + 1,
            "course_length": len(sequence),
            "previous_lesson": sequence[index - 1] if index > 0 else None,
            "next_lesson": sequence[index + 1] if index + 1 < len(sequence) else None,
            "course_param": COURSE_PARAM,
        }

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

    @cached_property
    def size(self):
        """Size of the file in bytes, or None when it is missing from storage (still listed)."""
        try:
            return self.document.file_size or self.document.get_file_size()
        except OSError:
            return None

    @property
    def offered_size(self):
        """What the lesson page offers first: the light version's size when there is one
        (docs/light-versions.md), else the file's."""
        if self.document.has_light_version:
            return self.document.light_size
        return self.size


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

    edit_handler = material_tabs(content_panels, classification_panels)

    search_fields = Page.search_fields + [index.SearchField("summary")]

    objects = PageManager.from_queryset(CoursePageQuerySet)()

    parent_page_types = ["content_models.CentreLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("học phần")
        verbose_name_plural = _("học phần")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sequence = self.lesson_sequence()
        live = {lesson.pk: lesson for lesson in sequence}
        # Units from the stored data: resolving the chooser blocks would read every lesson,
        # drafts included, once more.
        units = [
            {
                "title": unit["value"].get("title", ""),
                "description": unit["value"].get("description", ""),
                "lessons": [
                    live[pk] for pk in chosen_ids(unit["value"].get("lessons")) if pk in live
                ],
            }
            for unit in self.units.raw_data
        ]
        context.update(
            units=units,
            lessons=sequence,
            lesson_total=len(sequence),
            first_lesson=sequence[0] if sequence else None,
            collections=collections_including(self),
            og_image=og_image_url(self.cover_image, request),
        )
        return context

    def lesson_sequence(self):
        """Live lessons of every unit, in course order (for previous / next navigation)."""
        return in_order(published_pages, LessonPage, unit_lesson_ids(self.units))
