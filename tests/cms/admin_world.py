"""Two centres' unpublished work, each marked with a distinctive secret, for the admin matrix.

Per centre (A and B): a never-published lesson with two revisions, a live lesson whose pending
draft (new title and summary) is in review, and an unused document and image in the centre's
collection. Every secret is plain ASCII, so it can be looked for in HTML, JSON (which escapes
non-ASCII) and headers alike. Slugs are neutral, so a secret can only come out through a title,
a summary or a stored file name.
"""

import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from wagtail.models import Page, Revision, TaskState, WorkflowState

from PIL import Image

from content_models.models import LessonPage
from content_models.models.workflow import centre_collection
from media.models import CustomDocument, CustomImage
from tests.factories.pages import LessonPageFactory


def png_bytes(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class CentreWork:
    """What one centre has that other centres must never see named."""

    key: str
    library: Page
    draft: LessonPage
    live: LessonPage
    document: CustomDocument
    image: CustomImage
    secrets: list = field(default_factory=list)

    @property
    def pages(self):
        return [self.draft, self.live]

    def revisions(self, page):
        return list(Revision.page_revisions.filter(object_id=str(page.pk)).order_by("pk"))

    def workflow_state(self):
        return WorkflowState.objects.get(base_content_type__model="page", object_id=self.live.pk)

    def task_state(self):
        return self.workflow_state().current_task_state


def build_centre_work(key, centre, teacher):
    """Centre `key` ("a" or "b"): its draft, its live lesson in review, its unused media."""
    library = centre.library_page
    draft_secret = f"zq{key}draftx"
    pending_secret = f"zq{key}pendingx"
    draft = LessonPageFactory(
        parent=library,
        title=f"Bài nháp {draft_secret}",
        slug=f"bai-{key}-1",
        summary=f"Tóm tắt {draft_secret}",
        live=False,
        owner=teacher,
    )
    draft.save_revision(user=teacher)
    draft = LessonPage.objects.get(pk=draft.pk)
    draft.summary = f"Tóm tắt sửa {draft_secret}"
    draft.save_revision(user=teacher)

    live = LessonPageFactory(
        parent=library, title=f"Bài đã duyệt {key.upper()}", slug=f"bai-{key}-2", owner=teacher
    )
    live.save_revision(user=teacher).publish()
    live = LessonPage.objects.get(pk=live.pk)
    live.title = f"Bản sửa {pending_secret}"
    live.summary = f"Tóm tắt {pending_secret}"
    live.save_revision(user=teacher)
    live = LessonPage.objects.get(pk=live.pk)
    live.get_workflow().start(live, teacher)

    collection = centre_collection(centre)
    document = CustomDocument(title=f"Đề kiểm tra zq{key}docx", collection=collection)
    # Different bytes per centre: the duplicate-upload notice is not what this world tests.
    pdf = f"%PDF-1.4\n% centre {key}\n1 0 obj<<>>endobj\n%%EOF\n".encode()
    document.file = ContentFile(pdf, name=f"zq{key}doc.pdf")
    document._set_document_file_metadata()
    document.save()
    image = CustomImage(title=f"Ảnh bìa zq{key}imgx", collection=collection, width=32, height=24)
    colour = (30, 110, 180) if key == "a" else (180, 60, 30)
    image.file = ContentFile(png_bytes(colour), name=f"zq{key}img.png")
    image._set_image_file_metadata()
    image.save()

    secrets = [draft_secret, pending_secret, f"zq{key}docx", f"zq{key}imgx"]
    # The stored names are generated (<uuid>.<ext>); the uuid is as secret as a title.
    for stored in (document.file.name, image.file.name):
        secrets.append(stored.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return CentreWork(
        key=key,
        library=library,
        draft=LessonPage.objects.get(pk=draft.pk),
        live=LessonPage.objects.get(pk=live.pk),
        document=document,
        image=image,
        secrets=secrets,
    )


@dataclass
class World:
    a: CentreWork
    b: CentreWork

    @property
    def task(self):
        return self.a.task_state().task

    def foreign_to(self, centre_key):
        return self.b if centre_key == "a" else self.a

    def all_task_states(self):
        return list(TaskState.objects.order_by("pk"))
