"""Controlled vocabularies, edited by editors as Wagtail snippets.

Names are Vietnamese data. They are referenced by lessons with PROTECT, so a term still in use
cannot be deleted (docs/faults.md row 23); renaming one re-indexes the lessons that use it.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from content_models.choices import CentreKind
from content_models.models.querysets import TermQuerySet
from media.text import vi_slugify


class TaxonomyTerm(index.Indexed, models.Model):
    """Common shape of a vocabulary term: a name, a stable slug and an order."""

    name = models.CharField(_("tên"), max_length=255, unique=True)
    slug = models.SlugField(_("mã"), max_length=255, unique=True, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = vi_slugify(self.name)
        super().save(*args, **kwargs)


class ProgrammeLevel(TaxonomyTerm):
    """A GDTX programme (chương trình), from literacy to in-service training; ordered."""

    description = models.TextField(_("mô tả"), blank=True)
    panels = TaxonomyTerm.panels + [FieldPanel("description")]

    objects = TermQuerySet.as_manager()

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")


class Subject(TaxonomyTerm):
    """A school subject of GDPT 2018 / GDTX, or a skills topic (is_skill)."""

    is_skill = models.BooleanField(_("chủ đề kỹ năng"), default=False)
    panels = TaxonomyTerm.panels + [FieldPanel("is_skill")]

    objects = TermQuerySet.as_manager()

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("môn học")
        verbose_name_plural = _("môn học")


def grade_label(number):
    """“Lớp 10”: the one wording of a grade, for the admin, pages, facets and the index.

    Translated into the active language; text meant to be the same in every language (the
    search index) should call it under `translation.override("vi")`.
    """
    return gettext("Lớp %(number)s") % {"number": number}


class Grade(models.Model):
    """A school grade, lớp 1 to 12."""

    number = models.PositiveSmallIntegerField(_("lớp"), unique=True)

    panels = [FieldPanel("number")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("lớp")
        verbose_name_plural = _("lớp")

    def __str__(self):
        return grade_label(self.number)

    @property
    def name(self):
        return str(self)


class ResourceType(TaxonomyTerm):
    """The kind of material: electronic lesson, video, slides, worksheet, …"""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("loại học liệu")
        verbose_name_plural = _("loại học liệu")


class Licence(TaxonomyTerm):
    """An open licence, with what it allows; drives reuse (remix) decisions."""

    url = models.URLField(_("địa chỉ văn bản giấy phép"))
    allows_derivatives = models.BooleanField(_("cho phép tác phẩm phái sinh"), default=True)
    allows_commercial = models.BooleanField(_("cho phép sử dụng thương mại"), default=True)
    share_alike = models.BooleanField(_("chia sẻ tương tự (SA)"), default=False)

    panels = TaxonomyTerm.panels + [
        FieldPanel("url"),
        FieldPanel("allows_derivatives"),
        FieldPanel("allows_commercial"),
        FieldPanel("share_alike"),
    ]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("giấy phép")
        verbose_name_plural = _("giấy phép")


class Province(TaxonomyTerm):
    """A provincial-level unit (34 since the 2025 reorganisation)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")


TEACHERS_GROUP_PREFIX = "Giáo viên – "
GROUP_NAME_MAX = 150


DIRECTORS_GROUP_PREFIX = "Lãnh đạo – "


def teachers_group_name(centre):
    """Name of a centre's teachers' group: Django caps group names at 150 characters."""
    return f"{TEACHERS_GROUP_PREFIX}{centre.name}"[:GROUP_NAME_MAX]


def directors_group_name(centre):
    """Name of a centre's directors' group (its reports, no page rights of its own)."""
    return f"{DIRECTORS_GROUP_PREFIX}{centre.name}"[:GROUP_NAME_MAX]


class Centre(index.Indexed, models.Model):
    """A contributing centre; its library page is where its teachers' lessons live."""

    name = models.CharField(_("tên trung tâm"), max_length=255, unique=True)
    slug = models.SlugField(_("mã"), max_length=255, unique=True, blank=True)
    kind = models.CharField(
        _("loại hình"), max_length=20, choices=CentreKind.choices, default=CentreKind.OTHER
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="centres",
    )
    website = models.URLField(_("trang web"), blank=True)
    # The centre's teachers' group and media collection, created with its library
    # (models/workflow.py). Held by key, not by name, so renaming a centre keeps its
    # teachers' rights and its files.
    teachers_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("nhóm giáo viên"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="centre",
    )
    # The centre's director(s): they read the centre's reports (docs/usage-and-reports.md).
    directors_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("nhóm lãnh đạo trung tâm"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="directed_centre",
    )
    media_collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("thư mục tệp"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="centre",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("province"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("trung tâm")
        verbose_name_plural = _("trung tâm")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = vi_slugify(self.name)
        super().save(*args, **kwargs)
        self.rename_group_and_collection()

    def rename_group_and_collection(self):
        """Keep the linked group's and collection's names readable after a rename.

        The links are keys, so this is cosmetic: rights and files follow the key either way.
        A name another group already holds is left as it was rather than failing the save.
        """
        group, new_name = self.teachers_group, teachers_group_name(self)
        if (
            group is not None
            and group.name != new_name
            and not Group.objects.filter(name=new_name).exists()
        ):
            group.name = new_name
            group.save(update_fields=["name"])
        collection = self.media_collection
        if collection is not None and collection.name != self.name:
            collection.name = self.name
            collection.save(update_fields=["name"])
