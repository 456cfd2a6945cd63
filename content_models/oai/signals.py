"""When a harvestable record changes, its `OaiRecord` row is rewritten in the same transaction.

Wagtail's publish, unpublish, move and slug signals, page deletion, view restrictions, edits
of the vocabularies a record shows (a renamed subject changes every lesson's metadata and
sets), and a document whose file or title is replaced (the lessons attaching it describe
another file: its URL, size, type and checksum). Connected by `ContentModelsConfig.ready()`.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from content_models.metadata.describe import KINDS
from content_models.models.pages import CoursePage, LessonAttachment, LessonPage
from content_models.models.taxonomy import (
    Centre,
    Grade,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
)
from content_models.oai import records

MATERIALS = (LessonPage, CoursePage)
M2M_FIELDS = {ProgrammeLevel: "programme_levels", Subject: "subjects", Grade: "grades"}


def on_published(sender, instance, **kwargs):
    if type(instance) in KINDS:
        records.refresh([instance.pk])


def on_unpublished(sender, instance, **kwargs):
    records.refresh(records.subtree_ids(instance))


def on_deleting(sender, instance, **kwargs):
    # Wagtail drops the references to a deleted page with it: note who links to it now.
    instance._oai_referrers = records.referrers([instance.pk])


def on_deleted(sender, instance, **kwargs):
    records.withdraw(instance.pk, getattr(instance, "_oai_referrers", ()))


def on_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    if url_path_before != url_path_after:  # the URL in the metadata changed
        records.refresh(records.subtree_ids(instance))


def on_slug_changed(sender, instance, **kwargs):
    records.refresh(records.subtree_ids(instance))


def on_privacy_changed(sender, instance, **kwargs):
    records.refresh(records.subtree_ids(instance.page))


def pages_using(term):
    """Ids of the lessons and courses whose metadata shows `term`."""
    ids = set()
    if type(term) in M2M_FIELDS:
        for model in MATERIALS:
            ids.update(
                model.objects.filter(**{M2M_FIELDS[type(term)]: term}).values_list("pk", flat=True)
            )
    elif isinstance(term, ResourceType):
        ids.update(LessonPage.objects.filter(resource_type=term).values_list("pk", flat=True))
    elif isinstance(term, Licence):
        for model in MATERIALS:
            ids.update(model.objects.filter(licence=term).values_list("pk", flat=True))
    elif isinstance(term, (Centre, Province)):
        centres = [term] if isinstance(term, Centre) else list(term.centres.all())
        for model in MATERIALS:
            ids.update(model.objects.filter(centre__in=centres).values_list("pk", flat=True))
    return ids


def on_term_saved(sender, instance, created=False, **kwargs):
    if not created:
        records.refresh(pages_using(instance))


def on_term_deleting(sender, instance, **kwargs):
    # Many-to-many uses vanish with the term: note them now, rewrite after the delete.
    instance._oai_pages = pages_using(instance)


def on_term_deleted(sender, instance, **kwargs):
    records.refresh(getattr(instance, "_oai_pages", ()))


def on_document_saving(sender, instance, **kwargs):
    if instance.pk is not None:
        instance._oai_before = (
            sender.objects.filter(pk=instance.pk).values_list("file", "title").first()
        )


def on_document_saved(sender, instance, created=False, **kwargs):
    """A replaced file (stored under a new generated name) or a new title: the lessons that
    attach the document now describe something else."""
    before = getattr(instance, "_oai_before", None)
    if not created and before is not None and before != (instance.file.name, instance.title):
        records.refresh(
            LessonAttachment.objects.filter(document=instance).values_list("page_id", flat=True)
        )


def connect():
    page_published.connect(on_published, dispatch_uid="oai-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="oai-unpublished")
    for model in KINDS:
        name = model.__name__
        pre_delete.connect(on_deleting, sender=model, dispatch_uid=f"oai-deleting-{name}")
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"oai-deleted-{name}")
    post_page_move.connect(on_moved, dispatch_uid="oai-moved")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="oai-slug")
    post_save.connect(on_privacy_changed, sender=PageViewRestriction, dispatch_uid="oai-private")
    post_delete.connect(on_privacy_changed, sender=PageViewRestriction, dispatch_uid="oai-public")
    document = get_document_model()
    pre_save.connect(on_document_saving, sender=document, dispatch_uid="oai-document-pre")
    post_save.connect(on_document_saved, sender=document, dispatch_uid="oai-document")
    for model in (ProgrammeLevel, Subject, Grade, ResourceType, Licence, Province, Centre):
        name = model.__name__
        post_save.connect(on_term_saved, sender=model, dispatch_uid=f"oai-term-{name}")
        pre_delete.connect(on_term_deleting, sender=model, dispatch_uid=f"oai-term-pre-{name}")
        post_delete.connect(on_term_deleted, sender=model, dispatch_uid=f"oai-term-del-{name}")
