"""Test content for the browser tests: real PDFs, real documents, lessons published the real
way (a revision published, so Wagtail's signals feed the search outbox)."""

import io

from django.core.files.base import ContentFile

from PIL import Image, ImageDraw

from content_models.models import Grade, LessonAttachment, Licence, ProgrammeLevel, Subject
from content_models.models.workflow import centre_collection
from media.models import CustomDocument
from tests.factories.pages import LessonPageFactory

LEVEL_THPT = "Chương trình GDTX cấp THPT"
LEVEL_THCS = "Chương trình GDTX cấp THCS"


def pdf_bytes(text="Phieu hoc tap", size=(420, 595)):
    """A real one-page PDF drawn with Pillow (its PDF writer embeds the page as an image)."""
    picture = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((20, 20, size[0] - 20, 90), outline="navy", width=4)
    draw.text((36, 46), text, fill="black")
    for row in range(6):
        draw.line((36, 140 + row * 40, size[0] - 36, 140 + row * 40), fill="gray", width=2)
    output = io.BytesIO()
    picture.save(output, "PDF", resolution=72.0)
    return output.getvalue()


def make_document(centre, title, data, filename="phieu-hoc-tap.pdf"):
    """A CustomDocument in the centre's collection; saving it records its type and size and
    starts the PDF preview task (after the commit, so at once in these transactional tests)."""
    document = CustomDocument.objects.create(
        title=title,
        file=ContentFile(data, name=filename),
        collection=centre_collection(centre),
    )
    document.refresh_from_db()
    return document


def publish_lesson(
    centre,
    title,
    *,
    summary,
    levels=(),
    subjects=(),
    grades=(),
    objectives=(),
    body=(),
    licence="CC BY 4.0",
    authors="",
    attachments=(),
    formulas=(),
):
    """A live lesson under the centre's library; `attachments` are (document, label) pairs,
    `body` (heading, paragraph html) pairs, `formulas` LaTeX sources of formula blocks after
    the body."""
    lesson = LessonPageFactory(
        parent=centre.library_page,
        title=title,
        summary=summary,
        licence=Licence.objects.get(name=licence),
        learning_objectives="\n".join(objectives),
        authors=authors,
        live=False,
    )
    blocks = []
    for heading, paragraph in body:
        blocks.append({"type": "heading", "value": {"text": heading, "size": "h2"}})
        blocks.append({"type": "paragraph", "value": paragraph})
    for latex in formulas:
        blocks.append({"type": "formula", "value": {"latex": latex, "caption": ""}})
    lesson.body = blocks
    lesson.programme_levels.set(ProgrammeLevel.objects.filter(name__in=levels))
    lesson.subjects.set(Subject.objects.filter(name__in=subjects))
    lesson.grades.set(Grade.objects.filter(number__in=grades))
    lesson.attachments = [
        LessonAttachment(document=document, title=label, sort_order=index)
        for index, (document, label) in enumerate(attachments)
    ]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson
