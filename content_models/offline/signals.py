"""Staleness: a pack is stale as soon as a lesson in it, or its source, changes.

Wagtail's page_published and page_unpublished, deletion (pre_delete, while the pack's lesson
rows still exist) and view restrictions (a page made private or public again) mark every
affected READY pack STALE in the changing transaction. After the commit the stale packs' files
are deleted from storage, so no address serves them, and a rebuild is queued for each source
and format (`tasks.py`). A document's light version made or removed after a build does the
same for the packs carrying that document. See docs/offline-packs.md.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.signals import page_published, page_unpublished

from content_models.models import CollectionPage, CoursePage, LessonAttachment, LessonPage
from content_models.models.offline_packs import OfflinePack, PackStatus
from content_models.offline.tasks import build_offline_pack_task
from media.light.signals import light_version_changed


def _subtree_ids(page):
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def _referencing_ids(page):
    """Collections and courses that list `page` (Wagtail's reference index)."""
    ids = ReferenceIndex.get_references_to(page).values_list("object_id", flat=True)
    return [int(pk) for pk in ids if str(pk).isdigit()]


def affected_packs(page, *, published=False):
    pages = _subtree_ids(page)
    condition = Q(lessons__in=pages) | Q(source_page__in=pages)
    if published:
        # A lesson (re)published may now belong in its centre's pack and in the collections
        # and courses that list it, even if their packs were built without it.
        sources = list(Page.objects.ancestor_of(page).values_list("pk", flat=True))
        sources += _referencing_ids(page)
        condition |= Q(source_page__in=sources)
    return OfflinePack.objects.filter(condition).distinct()


def mark_stale(packs):
    """Mark READY packs STALE now; after the commit, delete their files and queue rebuilds."""
    rows = list(
        packs.filter(status=PackStatus.READY).values_list(
            "pk", "source_page_id", "format", "originals"
        )
    )
    if not rows:
        return 0
    ids = [row[0] for row in rows]
    OfflinePack.objects.filter(pk__in=ids).update(status=PackStatus.STALE)

    def after_commit():
        for pack in OfflinePack.objects.filter(pk__in=ids, status=PackStatus.STALE):
            if pack.file:
                pack.file.storage.delete(pack.file.name)
                OfflinePack.objects.filter(pk=pack.pk).update(file="")
        # A search result's pack (no source page) stays STALE until someone asks again: the
        # search it came from may find other lessons now (docs/offline-packs.md).
        sources = {(source, fmt, orig) for _pk, source, fmt, orig in rows if source is not None}
        for source_id, pack_format, originals in sorted(sources):
            build_offline_pack_task.enqueue(source_id, pack_format, originals)

    transaction.on_commit(after_commit)
    return len(ids)


TRACKED = (LessonPage, CoursePage, CollectionPage)


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    mark_stale(affected_packs(instance, published=isinstance(instance, LessonPage)))


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    mark_stale(affected_packs(instance))


def on_deleting(sender, instance, **kwargs):
    mark_stale(affected_packs(instance))


for _model in TRACKED:
    pre_delete.connect(on_deleting, sender=_model, dispatch_uid=f"offline-stale-{_model.__name__}")


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_privacy_changed(sender, instance, **kwargs):
    mark_stale(affected_packs(instance.page, published=True))


@receiver(post_delete, sender=OfflinePack)
def on_pack_deleted(sender, instance, **kwargs):
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


@receiver(light_version_changed)
def on_light_version_changed(sender, document_id, **kwargs):
    """A pack carrying a document's light version (or its original, for want of one) holds the
    wrong file once the light version changes: rebuild it (docs/light-versions.md)."""
    lessons = LessonAttachment.objects.filter(document_id=document_id).values("page_id")
    mark_stale(OfflinePack.objects.filter(lessons__in=lessons).distinct())
