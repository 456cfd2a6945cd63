"""Create the demo site through Wagtail's page tree and revision API, idempotently.

Everything is keyed by something stable (centre names, usernames, lesson `external_id`, course
and collection slugs): what exists is left as it is, so a second run creates nothing.
Publishing goes through `save_revision().publish()`, so Wagtail's signals (search indexing)
fire as for an editor's publish.
"""

import hashlib
from dataclasses import dataclass, field
from html import escape

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.models import Collection

from content_models.demo import images
from content_models.demo.loader import COURSE_PREFIX, load_demo_data
from content_models.demo.media import DemoMedia
from content_models.demo.usage import seed_usage
from content_models.licensing import attribution_text, check_derivative_licence
from content_models.models import (
    Centre,
    CollectionPage,
    CoursePage,
    Grade,
    LessonAttachment,
    LessonPage,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
    ensure_centre_library,
    ensure_site_structure,
)
from content_models.models.workflow import (
    ADMINISTRATORS_GROUP,
    EDITORS_GROUP,
    centre_collection,
    teachers_group_name,
)
from media.models import CustomDocument, CustomImage
from media.text import vi_slugify

# The attachment title of a lesson's demo media, by resource type.
MEDIA_TITLES = {"Video": "Video bài giảng", "Âm thanh": "Bài nghe"}


@dataclass
class SeedReport:
    created: dict = field(default_factory=dict)
    users: list = field(default_factory=list)  # (username, role, created)

    def count(self, kind):
        self.created[kind] = self.created.get(kind, 0) + 1


def _by_name(model):
    return {obj.name: obj for obj in model.objects.all()}


class DemoSeeder:
    """Builds the demo content described by the data files (`loader.load_demo_data`)."""

    def __init__(self, password, reset_passwords=False, progress=None, data=None):
        self.data = data or load_demo_data()
        self.password = password
        self.reset_passwords = reset_passwords
        self.progress = progress or (lambda items, **kwargs: items)
        self.report = SeedReport()
        self.media = DemoMedia()
        self._password_hash = None

    # --- people and places ----------------------------------------------------------------
    def run(self):
        self.home, self.library = ensure_site_structure()
        self.levels = _by_name(ProgrammeLevel)
        self.subjects = _by_name(Subject)
        self.types = _by_name(ResourceType)
        self.licences = _by_name(Licence)
        self.grades = {grade.number: grade for grade in Grade.objects.all()}
        self.centres = {spec.key: self.ensure_centre(spec) for spec in self.data.centres}
        accounts = self.data.accounts
        self.admin = self.ensure_user(
            accounts.admin, role="Quản trị viên", superuser=True, group=ADMINISTRATORS_GROUP
        )
        self.editor = self.ensure_user(accounts.editor, role="Biên tập viên", group=EDITORS_GROUP)
        self.teachers = {
            spec.key: self.ensure_user(
                spec.teacher,
                role=f"Giáo viên – {spec.name}",
                group=teachers_group_name(self.centres[spec.key]),
            )
            for spec in self.data.centres
        }
        self.lessons = {
            page.external_id: page for page in LessonPage.objects.exclude(external_id=None)
        }
        for spec in self.progress(self.data.published_lessons, desc="Bài học"):
            self.ensure_lesson(spec)
        for spec in self.data.unpublished_lessons:
            self.ensure_unpublished(spec)
        self.courses = {spec.slug: self.ensure_course(spec) for spec in self.data.courses}
        collections = [self.ensure_collection(spec) for spec in self.data.collections]
        self.feature_on_home(collections)
        usage_rows = seed_usage(self.lessons.values(), timezone.localdate())
        if usage_rows:
            self.report.created["usage"] = usage_rows
        return self.report

    def ensure_centre(self, spec):
        centre, created = Centre.objects.get_or_create(
            name=spec.name,
            defaults={"kind": spec.kind, "province": Province.objects.get(name=spec.province)},
        )
        if created:
            self.report.count("centres")
        library = ensure_centre_library(centre, self.library)
        if not library.introduction:
            library.introduction = spec.introduction
            library.save_revision().publish()
        return centre

    def ensure_user(self, person, role, group, superuser=False):
        User = get_user_model()
        username = person.username
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, email=f"{username}@example.org")
            user.first_name, user.last_name = person.first_name, person.last_name
            user.is_staff = user.is_superuser = superuser
        if created or self.reset_passwords:
            # One (slow, deliberately) PBKDF2 hash shared by every demo account.
            self._password_hash = self._password_hash or make_password(self.password)
            user.password = self._password_hash
            user.save()
        user.groups.add(Group.objects.get(name=group))
        self.report.users.append((username, role, created or self.reset_passwords))
        if created:
            self.report.count("users")
        return user

    # --- media -----------------------------------------------------------------------------
    def image(self, title, data, filename, collection, user):
        image = CustomImage(title=title[:255], collection=collection, uploaded_by_user=user)
        image.file.save(filename, ContentFile(data), save=False)
        image.width, image.height = images.size_of(data)
        image._set_image_file_metadata()
        image.save()
        self.report.count("images")
        return image

    def worksheet(self, spec, centre, user):
        exercises = [f"Trình bày ý chính của mục “{s.heading}”." for s in spec.sections]
        exercises += [f"Vận dụng: {objective.lower()}." for objective in spec.objectives]
        data = images.worksheet_pdf(spec.title, centre.name, spec.objectives, exercises)
        document = CustomDocument(
            title=f"Phiếu học tập – {spec.title}"[:255],
            collection=centre_collection(centre),
            uploaded_by_user=user,
            mime_type="application/pdf",
        )
        document.file.save(f"{spec.external_id}-phieu-hoc-tap.pdf", ContentFile(data), save=False)
        document._set_document_file_metadata()
        document.save()
        self.report.count("documents")
        return document

    def media_file(self, spec, centre, user):
        """A short real video or audio for lessons typed "Video" or "Âm thanh" (None for the
        others, or without ffmpeg: `content_models.demo.media`)."""
        seed = int(hashlib.sha1(spec.external_id.encode()).hexdigest(), 16)
        if spec.resource_type == "Video":
            data, extension, mime = self.media.video(seed), "mp4", "video/mp4"
        elif spec.resource_type == "Âm thanh":
            text = " ".join([spec.title, *(section.text for section in spec.sections)])
            data, extension, mime = self.media.speech(text, seed), "mp3", "audio/mpeg"
        else:
            return None
        if data is None:
            return None
        document = CustomDocument(
            title=f"{MEDIA_TITLES[spec.resource_type]} – {spec.title}"[:255],
            collection=centre_collection(centre),
            uploaded_by_user=user,
            mime_type=mime,
        )
        document.file.save(f"{spec.external_id}.{extension}", ContentFile(data), save=False)
        document._set_document_file_metadata()
        document.save()
        self.report.count("documents")
        return document

    # --- lessons ---------------------------------------------------------------------------
    def body(self, spec, document, centre, user):
        blocks = []
        for index, section in enumerate(spec.sections):
            blocks.append(("heading", {"text": section.heading, "size": "h2"}))
            blocks.append(("paragraph", f"<p>{escape(section.text)}</p>"))
            if index == 0 and spec.formula:
                formula = spec.formula
                blocks.append(("formula", {"latex": formula.latex, "caption": formula.caption}))
            if index == 0 and spec.graph:
                label, function, x_range = images.GRAPHS[spec.graph]
                graph = self.image(
                    f"Đồ thị {label}",
                    images.function_graph(label, function, x_range),
                    f"{spec.external_id}-do-thi.png",
                    centre_collection(centre),
                    user,
                )
                blocks.append(
                    (
                        "image",
                        {
                            "image": graph.pk,
                            "alt_text": f"Đồ thị hàm số {label}",
                            "caption": f"Hình 1. Đồ thị {label}",
                        },
                    )
                )
            if index == 0:
                blocks.extend(("language_text", sample.model_dump()) for sample in spec.samples)
            if index == 1 and spec.code:
                blocks.append(("code", {"language": spec.code.language, "code": spec.code.code}))
        if len(spec.sections) >= 3:
            diagram = self.image(
                f"Sơ đồ bài học: {spec.title}",
                images.section_diagram(
                    spec.title, [s.heading for s in spec.sections], spec.subject
                ),
                f"{spec.external_id}-so-do.png",
                centre_collection(centre),
                user,
            )
            blocks.append(
                (
                    "image",
                    {
                        "image": diagram.pk,
                        "caption": "Sơ đồ tóm tắt bài học",
                        "alt_text": "Sơ đồ các mục chính của bài học",
                    },
                )
            )
        items = "".join(f"<li>{escape(objective)}</li>" for objective in spec.objectives)
        blocks.append(("heading", {"text": "Tự kiểm tra", "size": "h3"}))
        blocks.append(("paragraph", f"<p>Sau bài học, tôi có thể:</p><ul>{items}</ul>"))
        if document is not None:
            blocks.append(("document", {"document": document.pk, "title": "Tải phiếu học tập"}))
        return [{"type": kind, "value": value} for kind, value in blocks]

    def build_lesson(self, spec, live):
        centre = self.centres[spec.centre]
        teacher = self.teachers[spec.centre]
        library = centre.library_page
        cover = self.image(
            f"Ảnh bìa: {spec.title}",
            images.cover_card(spec.title, spec.subject, centre.name),
            f"{spec.external_id}-anh-bia.png",
            centre_collection(centre),
            teacher,
        )
        document = self.worksheet(spec, centre, teacher) if spec.pdf else None
        media = self.media_file(spec, centre, teacher)
        page = LessonPage(
            title=spec.title,
            slug=vi_slugify(spec.title, max_length=80).strip("-"),
            external_id=spec.external_id,
            summary=spec.summary,
            learning_objectives="\n".join(spec.objectives),
            duration_minutes=spec.duration_minutes,
            resource_type=self.types[spec.resource_type],
            licence=self.licences[spec.licence],
            language=spec.language,
            authors=spec.authors,
            centre=centre,
            cover_image=cover,
            owner=teacher,
            live=False,
            view_count=int(hashlib.sha1(spec.external_id.encode()).hexdigest(), 16) % 480 + 20
            if live
            else 0,
        )
        page.body = self.body(spec, document, centre, teacher)
        page.programme_levels.set([self.levels[name] for name in spec.programme_levels])
        page.subjects.set([self.subjects[spec.subject]])
        page.grades.set([self.grades[number] for number in spec.grades])
        page.keywords.set(spec.keywords)
        attachments = [(media, MEDIA_TITLES.get(spec.resource_type)), (document, "Phiếu học tập")]
        page.attachments = [
            LessonAttachment(document=file, title=title) for file, title in attachments if file
        ]
        if spec.derived_from:
            self.derive(page, spec)
        library.add_child(instance=page)
        self.lessons[spec.external_id] = page
        return page, teacher

    def derive(self, page, spec):
        original = self.lessons[spec.derived_from]
        verdict = check_derivative_licence(original.licence, page.licence)
        if not verdict:
            raise ValueError(f"{spec.external_id}: {verdict.reason}")
        page.derived_from = original
        page.attribution = attribution_text(
            title=original.title,
            authors=original.author_list,
            centre=original.centre.name if original.centre else "",
            url=original.url or "",
            licence_name=original.licence.name,
            licence_url=original.licence.url,
        )

    def ensure_lesson(self, spec):
        if spec.external_id in self.lessons:
            return self.lessons[spec.external_id]
        page, teacher = self.build_lesson(spec, live=True)
        page.save_revision(user=teacher, log_action=True).publish(user=self.editor)
        self.report.count("lessons")
        return page

    def ensure_unpublished(self, spec):
        if spec.external_id in self.lessons:
            return
        page, teacher = self.build_lesson(spec, live=False)
        page.save_revision(user=teacher, log_action=True)
        self.report.count("drafts")
        if spec.status in ("review", "changes"):
            page.get_workflow().start(page, teacher)
        if spec.status == "changes":
            task_state = page.current_workflow_state.current_task_state
            task_state.task.specific.on_action(
                task_state, self.editor, "reject", comment=spec.review_comment
            )

    # --- courses and collections -----------------------------------------------------------
    def ensure_course(self, spec):
        centre = self.centres[spec.centre]
        library = centre.library_page
        existing = CoursePage.objects.child_of(library).filter(slug=spec.slug).first()
        if existing is not None:
            return existing
        teacher = self.teachers[spec.centre]
        cover = self.image(
            f"Ảnh bìa: {spec.title}",
            images.cover_card(spec.title, spec.subject, centre.name),
            f"{spec.slug}-anh-bia.png",
            centre_collection(centre),
            teacher,
        )
        course = CoursePage(
            title=spec.title,
            slug=spec.slug,
            summary=spec.summary,
            introduction=spec.introduction,
            licence=self.licences[spec.licence],
            centre=centre,
            cover_image=cover,
            owner=teacher,
            live=False,
        )
        course.units = [
            {
                "type": "unit",
                "value": {
                    "title": unit.title,
                    "description": unit.description,
                    "lessons": [self.lessons[key].pk for key in unit.lessons],
                },
            }
            for unit in spec.units
        ]
        course.programme_levels.set([self.levels[name] for name in spec.programme_levels])
        course.subjects.set([self.subjects[spec.subject]])
        course.grades.set([self.grades[number] for number in spec.grades])
        library.add_child(instance=course)
        course.save_revision(user=teacher).publish(user=self.editor)
        self.report.count("courses")
        return course

    def ensure_collection(self, spec):
        existing = CollectionPage.objects.child_of(self.library).filter(slug=spec.slug).first()
        if existing is not None:
            return existing
        items = []
        for key in spec.items:
            if key.startswith(COURSE_PREFIX):
                page = self.courses[key.removeprefix(COURSE_PREFIX)]
            else:
                page = self.lessons[key]
            items.append({"type": "item", "value": page.pk})
        cover = self.image(
            f"Ảnh bìa: {spec.title}",
            images.cover_card(spec.title, "Bộ sưu tập", "Học liệu mở GDTX"),
            f"{spec.slug}-anh-bia.png",
            Collection.get_first_root_node(),
            self.editor,
        )
        collection = CollectionPage(
            title=spec.title,
            slug=spec.slug,
            introduction=spec.introduction,
            items=items,
            cover_image=cover,
            owner=self.editor,
            live=False,
        )
        self.library.add_child(instance=collection)
        collection.save_revision(user=self.editor).publish(user=self.editor)
        self.report.count("collections")
        return collection

    def feature_on_home(self, collections):
        home = self.home.specific
        if len(home.featured_collections):
            return
        home.featured_collections = [{"type": "collection", "value": c.pk} for c in collections]
        home.save_revision(user=self.admin).publish(user=self.admin)
