"""Changes that alter search results write outbox rows, inside the changing transaction.

content_models never imports search (docs/architecture.md, the one-way rule): everything is
wired here, from Wagtail's and Django's signals (RTD `signals.py`). Handlers only insert rows;
the drain runs after the commit (outbox.py), so a stopped Elasticsearch can never fail a
publish (docs/faults.md row 8).
"""

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from content_models.models import (
    Centre,
    CentreLibraryPage,
    CoursePage,
    Grade,
    LessonAttachment,
    LessonPage,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
)
from content_models.models.workflow import EDITORS_GROUP
from search import facet_names, facets, synonyms
from search.events import catalogue_changed
from search.models import OutboxEntry, SearchSynonym
from search.outbox import enqueue, enqueue_descendants, enqueue_ids
from search.permissions import grant_editor_permissions

Reason = OutboxEntry.Reason
MATERIALS = (LessonPage, CoursePage)


def _is_material(page):
    return isinstance(page, MATERIALS) or getattr(page, "specific_class", None) in MATERIALS


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    if _is_material(instance):
        enqueue(instance, Reason.PUBLISH)


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    if _is_material(instance):
        enqueue(instance, Reason.UNPUBLISH)
    else:  # unpublishing a library hides nothing below it, but re-check its subtree anyway
        enqueue_descendants(instance, Reason.UNPUBLISH)


@receiver(post_delete, sender=LessonPage)
@receiver(post_delete, sender=CoursePage)
def on_deleted(sender, instance, **kwargs):
    enqueue(instance, Reason.DELETE)


@receiver(pre_page_move)
@receiver(post_page_move)
def on_moved(sender, instance, **kwargs):
    """Before and after: Wagtail sends post_page_move after its own transaction, so the row
    written before the move guarantees the change is never lost, the one after that the drain
    reads the new URL."""
    if kwargs.get("url_path_before") != kwargs.get("url_path_after"):
        enqueue_descendants(instance, Reason.MOVE)


@receiver(page_slug_changed)
def on_slug_changed(sender, instance, **kwargs):
    enqueue_descendants(instance, Reason.MOVE)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_privacy_changed(sender, instance, **kwargs):
    enqueue_descendants(instance.page, Reason.PRIVACY)


# --- taxonomy: a rename or a change of what a term means re-indexes the pages using it -----
def _pages_using(instance):
    ids = set()
    if isinstance(instance, (ProgrammeLevel, Subject, Grade)):
        field = {ProgrammeLevel: "programme_levels", Subject: "subjects", Grade: "grades"}[
            type(instance)
        ]
        for model in MATERIALS:
            ids.update(model.objects.filter(**{field: instance}).values_list("pk", flat=True))
    elif isinstance(instance, ResourceType):
        ids.update(LessonPage.objects.filter(resource_type=instance).values_list("pk", flat=True))
    elif isinstance(instance, Licence):
        for model in MATERIALS:
            ids.update(model.objects.filter(licence=instance).values_list("pk", flat=True))
    elif isinstance(instance, (Centre, Province)):
        centres = [instance] if isinstance(instance, Centre) else list(instance.centres.all())
        libraries = list(CentreLibraryPage.objects.filter(centre__in=centres))
        for model in MATERIALS:
            ids.update(model.objects.filter(centre__in=centres).values_list("pk", flat=True))
            for library in libraries:  # pages that take their centre from their library
                orphans = model.objects.child_of(library).filter(centre__isnull=True)
                ids.update(orphans.values_list("pk", flat=True))
    return ids


TAXONOMY = (ProgrammeLevel, Subject, Grade, ResourceType, Licence, Province, Centre)


def on_term_saved(sender, instance, created=False, **kwargs):
    facets.invalidate()
    facet_names.invalidate()
    if not created:
        enqueue_ids(_pages_using(instance), reason=Reason.TAXONOMY)


def on_term_deleting(sender, instance, **kwargs):
    """Many-to-many uses vanish with the term (PROTECT covers only foreign keys)."""
    facets.invalidate()
    facet_names.invalidate()
    enqueue_ids(_pages_using(instance), reason=Reason.TAXONOMY)


for _model in TAXONOMY:
    post_save.connect(on_term_saved, sender=_model, dispatch_uid=f"search-term-{_model.__name__}")
    pre_delete.connect(
        on_term_deleting, sender=_model, dispatch_uid=f"search-term-del-{_model.__name__}"
    )


def on_document_saved(sender, instance, created=False, **kwargs):
    """A document renamed in the library renames the attachment of every lesson using it."""
    if created:
        return
    ids = LessonAttachment.objects.filter(document=instance, title="").values_list(
        "page_id", flat=True
    )
    enqueue_ids(ids, reason=Reason.TAXONOMY)


@receiver(post_save, sender=SearchSynonym)
@receiver(post_delete, sender=SearchSynonym)
def on_synonym_changed(sender, **kwargs):
    synonyms.invalidate()
    catalogue_changed.send(sender=__name__)


@receiver(post_save, sender=Group)
def on_group_saved(sender, instance, created=False, **kwargs):
    """The editors' group, whenever content_models creates it, may edit the synonyms."""
    if created and instance.name == EDITORS_GROUP:
        grant_editor_permissions()


def connect_documents():
    """Called from apps.py once the document model (a setting) can be resolved."""
    post_save.connect(
        on_document_saved, sender=get_document_model(), dispatch_uid="search-document-saved"
    )
