"""Work done off the page request: PDF previews and the site's standard renditions.

Enqueued from `signal_handlers.py` once the upload's transaction commits. With the
ImmediateBackend (dev and test settings) they run right after the commit, still inside the
upload request; in production point TASKS at a queue with a worker, e.g. the database backend
of the `django-tasks-db` package (`"BACKEND": "django_tasks_db.DatabaseBackend"`, run
`manage.py db_worker`), and the upload answers before any of this runs.
"""

import io
import logging
import time

from django.core.files.base import ContentFile

from django_tasks import task

from .models import CustomDocument, CustomImage, generated_file_name
from .renditions import standard_specs
from .validators import PDFIUM_LOCK

logger = logging.getLogger("hlm.media")

THUMBNAIL_WIDTH = 480
# A page far taller than wide (a long scroll exported to PDF) is cut at this height.
THUMBNAIL_MAX_HEIGHT = 1200
THUMBNAIL_QUALITY = 80


def render_pdf_first_page(source):
    """(WebP bytes of page 1, page count). `source` is a path or bytes."""
    import pypdfium2

    with PDFIUM_LOCK:
        pdf = pypdfium2.PdfDocument(source)
        try:
            page_count = len(pdf)
            page = pdf[0]
            width_pt, height_pt = page.get_size()
            scale = THUMBNAIL_WIDTH / max(width_pt, 1)
            scale = min(scale, THUMBNAIL_MAX_HEIGHT / max(height_pt, 1))
            bitmap = page.render(scale=scale, may_draw_forms=False)
            picture = bitmap.to_pil()
            bitmap.close()
            page.close()
        finally:
            pdf.close()
    if picture.mode not in ("RGB", "RGBA"):
        picture = picture.convert("RGB")
    output = io.BytesIO()
    picture.save(output, format="WEBP", quality=THUMBNAIL_QUALITY, method=4)
    return output.getvalue(), page_count


def _pdf_source(document):
    """A local path when the storage has one (pdfium then reads only what it needs)."""
    if document.is_stored_locally():
        return document.file.path
    with document.open_file() as handle:
        return handle.read()


@task()
def generate_document_preview(document_id):
    """First-page WebP thumbnail and page count of a PDF document (cleared for a PDF replaced
    by another kind of file)."""
    document = CustomDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None
    if document.mime_type != "application/pdf":
        if document.thumbnail:
            document.thumbnail.storage.delete(document.thumbnail.name)
            CustomDocument.objects.filter(pk=document_id).update(thumbnail="", page_count=None)
        return None
    try:
        thumbnail, page_count = render_pdf_first_page(_pdf_source(document))
    except Exception:  # pdfium and storage errors alike: the document stays, without a preview
        logger.exception("No preview for document %s", document_id)
        return None
    old_name = document.thumbnail.name
    storage = document.thumbnail.storage
    name = storage.save(
        f"document_thumbnails/{generated_file_name('preview.webp')}", ContentFile(thumbnail)
    )
    # update(), not save(): no post_save, so no second round of this task.
    CustomDocument.objects.filter(pk=document_id).update(thumbnail=name, page_count=page_count)
    if old_name and old_name != name:
        storage.delete(old_name)
    return name


@task()
def generate_standard_renditions(image_id):
    """Every rendition the site uses (renditions.py), made now rather than on a page view."""
    image = CustomImage.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    started = time.perf_counter()
    try:
        renditions = image.get_renditions(*standard_specs())
    except Exception:  # a missing or unreadable original: the template tag logs it again
        logger.exception("No renditions for image %s", image_id)
        return 0
    logger.info(
        "Made %s renditions of image %s in %.2f s",
        len(renditions),
        image_id,
        time.perf_counter() - started,
    )
    return len(renditions)
