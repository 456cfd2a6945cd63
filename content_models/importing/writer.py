"""Write validated rows as lesson pages, through Wagtail's page and revision API.

New lessons are added under their centre's library page; a lesson whose `external_id` exists
gets a new revision (moved first if its centre changed). Without `publish` the revision stays
a draft (a live lesson keeps its live content until someone publishes); with it the revision
is published, which fires Wagtail's `page_published` signal the search index listens to.
The caller wraps the whole run in one transaction.
"""

from dataclasses import dataclass, field

from taggit.models import Tag
from wagtail.models import Page

from content_models.choices import CentreKind
from content_models.importing.attachments import store_document
from content_models.importing.vocabularies import Missing
from content_models.models import (
    Centre,
    CentreLibraryPage,
    LessonAttachment,
    LessonPage,
    Subject,
    ensure_centre_library,
)
from content_models.models.workflow import centre_collection
from media.text import normalise_key, vi_slugify


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    new_centres: list = field(default_factory=list)
    new_subjects: list = field(default_factory=list)
    new_keywords: list = field(default_factory=list)
    documents: int = 0
    stored_files: list = field(default_factory=list)


def centre_kind_for(name):
    """Guess the kind of a new centre from the usual naming."""
    key = normalise_key(name)
    if "gdnn-gdtx" in key or "gdnn - gdtx" in key:
        return CentreKind.GDNN_GDTX
    if "học tập cộng đồng" in key:
        return CentreKind.COMMUNITY
    if "gdtx" in key or "giáo dục thường xuyên" in key:
        return CentreKind.GDTX_PROVINCE
    return CentreKind.OTHER


def unique_slug(parent, title, exclude_pk=None):
    base = vi_slugify(title, max_length=240) or "bai-hoc"
    siblings = Page.objects.child_of(parent)
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


class LessonWriter:
    def __init__(self, *, publish=False, user=None):
        self.publish = publish
        self.user = user
        self.report = ImportReport()
        self._created_terms = {}
        self._libraries = {}

    def resolve(self, term):
        """The model instance for `term`, creating a `Missing` one once per name."""
        if not isinstance(term, Missing):
            return term
        key = (term.kind, normalise_key(term.name))
        if key in self._created_terms:
            return self._created_terms[key]
        if term.kind == "centre":
            obj = Centre.objects.create(
                name=term.name, province=term.province, kind=centre_kind_for(term.name)
            )
            ensure_centre_library(obj)
            self.report.new_centres.append(obj)
        elif term.kind == "subject":
            obj = Subject.objects.create(name=term.name)
            self.report.new_subjects.append(obj)
        else:
            obj = Tag.objects.create(name=term.name)
            self.report.new_keywords.append(obj)
        self._created_terms[key] = obj
        return obj

    def library_for(self, centre):
        if centre.pk not in self._libraries:
            page = CentreLibraryPage.objects.filter(centre=centre).first()
            self._libraries[centre.pk] = page or ensure_centre_library(centre)
        return self._libraries[centre.pk]

    def write(self, row):
        centre = self.resolve(row.centre)
        library = self.library_for(centre)
        documents = [
            store_document(
                path,
                centre_collection(centre),
                user=self.user,
                mime_type=mime_type,
                stored=self.report.stored_files,
            )
            for path, mime_type in row.attachments
        ]
        self.report.documents += len(documents)

        if row.existing is None:
            page = LessonPage(
                title=row.title,
                slug=unique_slug(library, row.title),
                external_id=row.external_id,
                live=False,
                owner=self.user,
            )
            self._apply(page, row, centre, documents)
            library.add_child(instance=page)
            self.report.created.append(page)
        else:
            page = LessonPage.objects.get(pk=row.existing.pk)
            if page.get_parent().pk != library.pk:
                page.move(library, pos="last-child", user=self.user)
                page = LessonPage.objects.get(pk=page.pk)
            page = page.get_latest_revision_as_object()
            self._apply(page, row, centre, documents)
            self.report.updated.append(page)
        revision = page.save_revision(user=self.user, log_action=True)
        if self.publish:
            revision.publish(user=self.user)
        return page

    def _apply(self, page, row, centre, documents):
        page.title = row.title
        page.draft_title = row.title
        page.summary = row.summary
        page.body = row.body
        page.licence = row.licence
        page.centre = centre
        page.language = row.language
        page.authors = row.authors
        page.resource_type = row.resource_type
        page.programme_levels.set(row.programme_levels)
        page.subjects.set([self.resolve(term) for term in row.subjects])
        page.grades.set(row.grades)
        page.keywords.set([self.resolve(term) for term in row.keywords])
        page.attachments = [
            LessonAttachment(document=document, sort_order=index)
            for index, document in enumerate(documents)
        ]
