"""Start the background work of a new or replaced file once its transaction commits."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .light.tasks import light_kind, make_light_version
from .models import CustomDocument, CustomImage, LightStatus


def _file_is_new(instance, created, update_fields):
    if update_fields is not None and "file" not in update_fields:
        return False
    return created or instance.file_changed()


def document_saved(sender, instance, created, update_fields=None, **kwargs):
    if not instance.file or not _file_is_new(instance, created, update_fields):
        return
    instance.mark_file_seen()
    if instance.mime_type == "application/pdf" or instance.thumbnail:
        from .tasks import generate_document_preview

        pk = instance.pk
        transaction.on_commit(lambda: generate_document_preview.enqueue(pk))
    if light_kind(instance) or instance.light_status:
        # "pending" at once (update(): no second post_save), so the admin shows the job.
        status = LightStatus.PENDING if light_kind(instance) else instance.light_status
        CustomDocument.objects.filter(pk=instance.pk).update(light_status=status)
        instance.light_status = status
        pk = instance.pk
        transaction.on_commit(lambda: make_light_version.enqueue(pk))


def image_saved(sender, instance, created, update_fields=None, **kwargs):
    if not instance.file or not _file_is_new(instance, created, update_fields):
        return
    instance.mark_file_seen()
    from .tasks import generate_standard_renditions

    pk = instance.pk
    transaction.on_commit(lambda: generate_standard_renditions.enqueue(pk))


def document_deleted(sender, instance, **kwargs):
    """Wagtail removes the document's file; the preview and the light version go with it."""
    for field in (instance.thumbnail, instance.light_file):
        if field:
            storage, name = field.storage, field.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def register_signal_handlers():
    post_save.connect(document_saved, sender=CustomDocument, dispatch_uid="hlm_document_saved")
    post_save.connect(image_saved, sender=CustomImage, dispatch_uid="hlm_image_saved")
    post_delete.connect(
        document_deleted, sender=CustomDocument, dispatch_uid="hlm_document_deleted"
    )
