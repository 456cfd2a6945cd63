"""Validate raw import rows against the vocabularies, before anything is written.

Names are compared with `normalise_key` (case, spacing and NFC/NFD do not matter). A row is
turned into a `LessonRow` whose references are model instances, or `Missing` markers for the
centres, subjects and keywords `--create-missing` allows the writer to create.
"""

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from taggit.models import Tag
from wagtail.models import Page

from content_models.choices import Language
from content_models.importing.attachments import (
    AttachmentError,
    check_attachment,
    resolve_attachment,
)
from content_models.importing.bodies import blocks_text, body_to_blocks
from content_models.models import (
    Centre,
    CentreLibraryPage,
    Grade,
    LessonPage,
    LibraryPage,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
)
from media.text import normalise_key, vi_slugify

LIST_SEPARATOR = ";"
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


@dataclass(frozen=True)
class Missing:
    """A term to create on import (only with --create-missing); `name` is NFC."""

    kind: str
    name: str
    province: object = None


@dataclass
class LessonRow:
    label: str
    external_id: str
    title: str
    summary: str
    body: list
    licence: Licence
    centre: object  # Centre or Missing
    language: str = "vi"
    authors: str = ""
    resource_type: ResourceType | None = None
    programme_levels: list = field(default_factory=list)
    subjects: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    keywords: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    existing: LessonPage | None = None


@dataclass
class RowError:
    label: str
    reasons: list

    def __str__(self):
        return f"{self.label}: {'; '.join(self.reasons)}."


def _index(queryset, attribute="name"):
    return {normalise_key(getattr(obj, attribute)): obj for obj in queryset}


def nfc(text):
    """The display form of a new term: NFC, single spaces, case kept."""
    return " ".join(unicodedata.normalize("NFC", text).split())


class Vocabularies:
    """Every vocabulary loaded once, keyed by normalised name."""

    def __init__(self):
        self.levels = _index(ProgrammeLevel.objects.all())
        self.subjects = _index(Subject.objects.all())
        self.resource_types = _index(ResourceType.objects.all())
        self.licences = _index(Licence.objects.all())
        self.provinces = _index(Province.objects.all())
        self.centres = _index(Centre.objects.select_related("province"))
        self.tags = _index(Tag.objects.all())
        self.grades = {grade.number: grade for grade in Grade.objects.all()}
        self.languages = {normalise_key(code): code for code, _label in Language.choices}
        self.languages.update(
            {normalise_key(str(label)): code for code, label in Language.choices}
        )


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(as_text(item) for item in value)
    return str(value).strip()


def as_list(value):
    """A list of non-empty strings from a JSON list or a `;`-separated string."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else str(value).split(LIST_SEPARATOR)
    result = []
    for item in items:
        text = as_text(item)
        if text and text not in result:
            result.append(text)
    return result


class RowValidator:
    """Checks rows one by one; keeps state that spans rows (duplicate ids)."""

    def __init__(self, base_dir, create_missing=False, user=None, publish=False):
        self.base_dir = Path(base_dir)
        self.create_missing = create_missing
        self.user = user
        self.publish = publish
        self.vocab = Vocabularies()
        self.seen_ids = {}
        self.pending_slugs = {}
        self.existing = {
            page.external_id: page
            for page in LessonPage.objects.exclude(external_id=None).only("id", "external_id")
        }

    def validate(self, raw):
        errors = list(raw.errors)
        data = raw.data
        get = lambda key: as_text(data.get(key))

        if any("\x00" in as_text(value) for value in data.values()):
            errors.append(_("có ký tự NUL (\\0) không hợp lệ"))
        external_id, title, summary = get("external_id"), get("title"), get("summary")
        for value, label in (
            (external_id, _("mã bài (external_id)")),
            (title, _("tiêu đề (title)")),
            (get("licence"), _("giấy phép (licence)")),
            (get("centre"), _("trung tâm (centre)")),
        ):
            if not value:
                errors.append(_("thiếu %(field)s") % {"field": label})
        if len(external_id) > 255:
            errors.append(_("mã bài dài quá 255 ký tự"))
        if len(title) > 255:
            errors.append(_("tiêu đề dài quá 255 ký tự"))
        if len(summary) > 1000:
            errors.append(_("tóm tắt dài quá 1000 ký tự"))
        if external_id:
            if external_id in self.seen_ids:
                errors.append(
                    _("mã bài “%(id)s” trùng với %(first)s")
                    % {"id": external_id, "first": self.seen_ids[external_id]}
                )
            else:
                self.seen_ids[external_id] = raw.label

        levels = self._terms(
            data,
            "programme_levels",
            self.vocab.levels,
            errors,
            _("chương trình “%(name)s” không có trong danh mục"),
        )
        subjects = self._terms(
            data,
            "subjects",
            self.vocab.subjects,
            errors,
            _("môn học “%(name)s” không có trong danh mục"),
            "subject",
        )
        keywords = self._keywords(data, errors)
        grades = self._grades(data, errors)
        licence = self._one(
            get("licence"),
            self.vocab.licences,
            errors,
            _("giấy phép “%(name)s” không có trong danh mục"),
        )
        resource_type = self._one(
            get("resource_type"),
            self.vocab.resource_types,
            errors,
            _("loại học liệu “%(name)s” không có trong danh mục"),
        )
        language = self._language(get("language"), errors)
        authors = ", ".join(as_list(data.get("authors")))
        if len(authors) > 500:
            errors.append(_("danh sách tác giả dài quá 500 ký tự"))
        centre = self._centre(get("centre"), get("province"), errors)
        attachments = self._attachments(data, errors)
        body = body_to_blocks(as_text(data.get("body")))
        if not summary:
            summary = (blocks_text(body) or title)[:300]
        if errors:
            return RowError(raw.label, errors)
        return LessonRow(
            label=raw.label, external_id=external_id, title=title, summary=summary, body=body,
            licence=licence, centre=centre, language=language, authors=authors,
            resource_type=resource_type, programme_levels=levels, subjects=subjects,
            grades=grades, keywords=keywords, attachments=attachments,
            existing=self.existing.get(external_id),
        )  # fmt: skip

    def _one(self, name, index, errors, message):
        if not name:
            return None
        found = index.get(normalise_key(name))
        if found is None:
            errors.append(message % {"name": name})
        return found

    def _terms(self, data, key, index, errors, message, creatable=False):
        result = []
        for name in as_list(data.get(key)):
            found = index.get(normalise_key(name))
            if found is None and creatable and self.create_missing:
                found = self._creatable(Subject, "subject", name, errors)
                if found is None:
                    continue
            if found is None:
                errors.append(message % {"name": name})
            elif found not in result:
                result.append(found)
        return result

    def _keywords(self, data, errors):
        result = []
        for name in as_list(data.get("keywords")):
            if len(name) > TAG_MAX_LENGTH:
                errors.append(
                    _("từ khóa “%(name)s…” dài quá %(max)s ký tự")
                    % {"name": name[:30], "max": TAG_MAX_LENGTH}
                )
                continue
            tag = self.vocab.tags.get(normalise_key(name))
            if tag is None and self.create_missing:
                tag = Missing("keyword", nfc(name))
            if tag is None:
                errors.append(
                    _("từ khóa “%(name)s” chưa có (dùng --create-missing để tạo)") % {"name": name}
                )
            elif tag not in result:
                result.append(tag)
        return result

    def _grades(self, data, errors):
        result = []
        for value in as_list(data.get("grades")):
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = None
            if number is None or not 1 <= number <= 12:
                errors.append(
                    _("lớp “%(value)s” không hợp lệ (phải là số từ 1 đến 12)") % {"value": value}
                )
            elif number not in self.vocab.grades:
                errors.append(_("lớp %(value)s không có trong danh mục") % {"value": number})
            elif self.vocab.grades[number] not in result:
                result.append(self.vocab.grades[number])
        return result

    def _language(self, value, errors):
        if not value:
            return Language.VI.value
        code = self.vocab.languages.get(normalise_key(value))
        if code is None:
            errors.append(
                _("ngôn ngữ “%(value)s” không hợp lệ (dùng mã: %(codes)s)")
                % {"value": value, "codes": ", ".join(code for code, _l in Language.choices)}
            )
        return code

    def _centre(self, name, province_name, errors):
        if not name:
            return None
        province = None
        if province_name:
            province = self.vocab.provinces.get(normalise_key(province_name))
            if province is None:
                errors.append(
                    _("tỉnh/thành phố “%(name)s” không có trong danh mục 34 đơn vị hành chính")
                    % {"name": province_name}
                )
                return None
        centre = self.vocab.centres.get(normalise_key(name))
        if centre is not None:
            if province is not None and centre.province_id != province.pk:
                errors.append(
                    _("trung tâm “%(centre)s” thuộc %(actual)s, không phải %(given)s")
                    % {"centre": centre.name, "actual": centre.province.name,
                       "given": province.name}
                )  # fmt: skip
            self._check_permission(centre, errors)
            return centre
        if not self.create_missing:
            errors.append(
                _("trung tâm “%(name)s” chưa có (dùng --create-missing để tạo)") % {"name": name}
            )
            return None
        if province is None:
            errors.append(
                _("cần tỉnh/thành phố (province) để tạo trung tâm mới “%(name)s”") % {"name": name}
            )
            return None
        self._check_permission(None, errors)
        return self._creatable(Centre, "centre", name, errors, province)

    def _creatable(self, model, kind, name, errors, province=None):
        """A `Missing` term, unless its slug collides with an existing, differently spelt one.

        "Toan" would otherwise be created next to "Toán" and fail on the unique slug halfway
        through the import; the teacher most likely meant the existing term.
        """
        slug = vi_slugify(name)
        clash = model.objects.filter(slug=slug).first() if slug else None
        pending = self.pending_slugs.setdefault((kind, slug), nfc(name))
        if clash is None and normalise_key(pending) != normalise_key(name):
            clash = Missing(kind, pending)
        if clash is not None:
            errors.append(
                _("“%(name)s” chưa có trong danh mục nhưng gần giống “%(existing)s”: "
                  "hãy dùng đúng một cách viết")
                % {"name": name, "existing": clash.name}
            )  # fmt: skip
            return None
        return Missing(kind, nfc(name), province)

    def _check_permission(self, centre, errors):
        """With --user, the user must be allowed to add (and publish) where rows go."""
        if self.user is None or self.user.is_superuser:
            return
        page = CentreLibraryPage.objects.filter(centre=centre).first() if centre else None
        parent = page or LibraryPage.objects.first() or Page.get_first_root_node()
        permissions = parent.permissions_for_user(self.user)
        if not permissions.can_add_subpage():
            errors.append(
                _("người dùng “%(user)s” không có quyền thêm bài vào “%(place)s”")
                % {"user": self.user.get_username(), "place": parent.title}
            )
        elif self.publish and not permissions.can_publish_subpage():
            errors.append(
                _("người dùng “%(user)s” không có quyền xuất bản trong “%(place)s”")
                % {"user": self.user.get_username(), "place": parent.title}
            )

    def _attachments(self, data, errors):
        result = []
        for value in as_list(data.get("attachments")):
            try:
                path = resolve_attachment(self.base_dir, value)
                mime_type = check_attachment(path, value)
            except AttachmentError as error:
                errors.append(str(error))
                continue
            if all(path != existing for existing, _m in result):
                result.append((path, mime_type))
        return result


def find_user(username):
    User = get_user_model()
    try:
        return User.objects.get(**{User.USERNAME_FIELD: username})
    except User.DoesNotExist:
        return None
