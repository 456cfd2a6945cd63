"""Validate raw import rows against the vocabularies, before anything is written.

Names are compared with `normalise_key` (case, spacing and NFC/NFD do not matter). A row is
turned into a `LessonRow` whose references are model instances, or `Missing` markers for the
centres, subjects and keywords `--create-missing` allows the writer to create. Each column has
its own cleaner; length limits are read from the LessonPage fields the values are stored in.
See docs/importing-and-demo.md.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from taggit.models import Tag
from wagtail.models import Page

from content_models.choices import Language
from content_models.duplicates import lessons_titled
from content_models.importing.attachments import (
    AttachmentError,
    check_attachment,
    resolve_attachment,
)
from content_models.importing.bodies import blocks_text, body_to_blocks
from content_models.importing.readers import REQUIRED_COLUMNS
from content_models.importing.vocabularies import Missing, Vocabularies, nfc
from content_models.models import (
    Centre,
    CentreLibraryPage,
    LessonPage,
    LibraryPage,
    Licence,
    ResourceType,
    Subject,
)
from media.text import normalise_key, vi_slugify

LIST_SEPARATOR = ";"
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
# Length of the summary made from the body (or the title) when a row has none.
SUMMARY_FROM_BODY_CHARS = 300


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


class RowInput:
    """One raw row while it is checked: its values as text or lists, and its reasons so far."""

    def __init__(self, raw):
        self.label = raw.label
        self.data = raw.data
        self.errors = list(raw.errors)

    def text(self, column):
        return as_text(self.data.get(column))

    def items(self, column):
        return as_list(self.data.get(column))

    def check_length(self, value, field_name, message):
        """Refuse `value` if it is longer than the LessonPage field it is stored in."""
        limit = LessonPage._meta.get_field(field_name).max_length
        if len(value) > limit:
            self.errors.append(message % {"max": limit})


def check_row(row):
    """Checks of the row as a whole, reported before any column's own reasons."""
    if any("\x00" in as_text(value) for value in row.data.values()):
        row.errors.append(_("có ký tự NUL (\\0) không hợp lệ"))
    labels = {
        "external_id": _("mã bài (external_id)"),
        "title": _("tiêu đề (title)"),
        "licence": _("giấy phép (licence)"),
        "centre": _("trung tâm (centre)"),
    }
    for column in REQUIRED_COLUMNS:
        if not row.text(column):
            row.errors.append(_("thiếu %(field)s") % {"field": labels[column]})


class RowValidator:
    """Checks rows one by one; keeps state that spans rows (duplicate ids).

    Each column of `LessonRow` has one cleaner, `clean_<column>(row)`, which returns the
    column's value and adds the column's reasons to `row.errors`. `CLEANERS` runs them in the
    order a row's reasons are reported (see docs/importing-and-demo.md).
    """

    def __init__(
        self,
        base_dir,
        create_missing=False,
        user=None,
        publish=False,
        allow_duplicate_titles=False,
    ):
        self.base_dir = Path(base_dir)
        self.create_missing = create_missing
        self.allow_duplicate_titles = allow_duplicate_titles
        self.seen_titles = {}
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
        """A `LessonRow` ready for the writer, or a `RowError` with every reason."""
        row = RowInput(raw)
        check_row(row)
        values = {column: clean(self, row) for column, clean in self.CLEANERS.items()}
        if not values["summary"]:
            summary = blocks_text(values["body"]) or values["title"]
            values["summary"] = summary[:SUMMARY_FROM_BODY_CHARS]
        existing = self.existing.get(values["external_id"])
        if not self.allow_duplicate_titles:
            self.check_title_is_new(row, values, existing)
        if row.errors:
            return RowError(raw.label, row.errors)
        return LessonRow(label=raw.label, existing=existing, **values)

    def check_title_is_new(self, row, values, existing):
        """Refuse a title another lesson of the same centre already has, in the site or earlier
        in the file (content_models/duplicates.py); the lesson this row updates does not count."""
        centre, title = values["centre"], values["title"]
        if not title or centre is None:
            return
        key = (normalise_key(getattr(centre, "name", "")), normalise_key(title))
        if key in self.seen_titles:
            row.errors.append(
                _("tiêu đề “%(title)s” trùng với %(first)s cùng trung tâm")
                % {"title": title, "first": self.seen_titles[key]}
            )
            return
        self.seen_titles[key] = row.label
        if isinstance(centre, Missing):
            return
        others = lessons_titled(title, centre.pk, exclude_pk=existing.pk if existing else None)
        if others:
            row.errors.append(
                _("trung tâm đã có bài “%(title)s” (%(url)s); nếu đúng là bài khác, chạy lại với "
                  "--allow-duplicate-titles")
                % {"title": others[0].title,
                   "url": reverse("wagtailadmin_pages:edit", args=[others[0].pk])}
            )  # fmt: skip

    # --- one cleaner per column -------------------------------------------------------------
    def clean_external_id(self, row):
        external_id = row.text("external_id")
        row.check_length(external_id, "external_id", _("mã bài dài quá %(max)s ký tự"))
        if external_id in self.seen_ids:
            row.errors.append(
                _("mã bài “%(id)s” trùng với %(first)s")
                % {"id": external_id, "first": self.seen_ids[external_id]}
            )
        elif external_id:
            self.seen_ids[external_id] = row.label
        return external_id

    def clean_title(self, row):
        title = row.text("title")
        row.check_length(title, "title", _("tiêu đề dài quá %(max)s ký tự"))
        return title

    def clean_summary(self, row):
        summary = row.text("summary")
        row.check_length(summary, "summary", _("tóm tắt dài quá %(max)s ký tự"))
        return summary

    def clean_programme_levels(self, row):
        message = _("chương trình “%(name)s” không có trong danh mục")
        return self._terms(row, "programme_levels", self.vocab.levels, message)

    def clean_subjects(self, row):
        message = _("môn học “%(name)s” không có trong danh mục")
        return self._terms(row, "subjects", self.vocab.subjects, message, creatable=True)

    def clean_keywords(self, row):
        result = []
        for name in row.items("keywords"):
            if len(name) > TAG_MAX_LENGTH:
                row.errors.append(
                    _("từ khóa “%(name)s…” dài quá %(max)s ký tự")
                    % {"name": name[:30], "max": TAG_MAX_LENGTH}
                )
                continue
            tag = self.vocab.tags.get(normalise_key(name))
            if tag is None and self.create_missing:
                tag = Missing("keyword", nfc(name))
            if tag is None:
                row.errors.append(
                    _("từ khóa “%(name)s” chưa có (dùng --create-missing để tạo)") % {"name": name}
                )
            elif tag not in result:
                result.append(tag)
        return result

    def clean_grades(self, row):
        result = []
        for value in row.items("grades"):
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = None
            if number is None or not 1 <= number <= 12:
                row.errors.append(
                    _("lớp “%(value)s” không hợp lệ (phải là số từ 1 đến 12)") % {"value": value}
                )
            elif number not in self.vocab.grades:
                row.errors.append(_("lớp %(value)s không có trong danh mục") % {"value": number})
            elif self.vocab.grades[number] not in result:
                result.append(self.vocab.grades[number])
        return result

    def clean_licence(self, row):
        message = _("giấy phép “%(name)s” không có trong danh mục")
        return self._one(row, "licence", self.vocab.licences, message)

    def clean_resource_type(self, row):
        message = _("loại học liệu “%(name)s” không có trong danh mục")
        return self._one(row, "resource_type", self.vocab.resource_types, message)

    def clean_language(self, row):
        value = row.text("language")
        if not value:
            return Language.VI.value
        code = self.vocab.languages.get(normalise_key(value))
        if code is None:
            row.errors.append(
                _("ngôn ngữ “%(value)s” không hợp lệ (dùng mã: %(codes)s)")
                % {"value": value, "codes": ", ".join(code for code, _l in Language.choices)}
            )
        return code

    def clean_authors(self, row):
        authors = ", ".join(row.items("authors"))
        row.check_length(authors, "authors", _("danh sách tác giả dài quá %(max)s ký tự"))
        return authors

    def clean_centre(self, row):
        """The centre named in `centre`, checked against `province` when that is given."""
        name, province_name = row.text("centre"), row.text("province")
        if not name:
            return None
        province = None
        if province_name:
            province = self.vocab.provinces.get(normalise_key(province_name))
            if province is None:
                row.errors.append(
                    _("tỉnh/thành phố “%(name)s” không có trong danh mục 34 đơn vị hành chính")
                    % {"name": province_name}
                )
                return None
        centre = self.vocab.centres.get(normalise_key(name))
        if centre is not None:
            if province is not None and centre.province_id != province.pk:
                row.errors.append(
                    _("trung tâm “%(centre)s” thuộc %(actual)s, không phải %(given)s")
                    % {"centre": centre.name, "actual": centre.province.name,
                       "given": province.name}
                )  # fmt: skip
            self._check_permission(centre, row.errors)
            return centre
        if not self.create_missing:
            row.errors.append(
                _("trung tâm “%(name)s” chưa có (dùng --create-missing để tạo)") % {"name": name}
            )
            return None
        if province is None:
            row.errors.append(
                _("cần tỉnh/thành phố (province) để tạo trung tâm mới “%(name)s”") % {"name": name}
            )
            return None
        self._check_permission(None, row.errors)
        return self._creatable(Centre, "centre", name, row.errors, province)

    def clean_attachments(self, row):
        result = []
        for value in row.items("attachments"):
            try:
                path = resolve_attachment(self.base_dir, value)
                mime_type = check_attachment(path, value)
            except AttachmentError as error:
                row.errors.append(str(error))
                continue
            if all(path != existing for existing, _m in result):
                result.append((path, mime_type))
        return result

    def clean_body(self, row):
        return body_to_blocks(row.text("body"))

    # Column → cleaner, in the order a row's reasons are reported.
    CLEANERS = {
        "external_id": clean_external_id,
        "title": clean_title,
        "summary": clean_summary,
        "programme_levels": clean_programme_levels,
        "subjects": clean_subjects,
        "keywords": clean_keywords,
        "grades": clean_grades,
        "licence": clean_licence,
        "resource_type": clean_resource_type,
        "language": clean_language,
        "authors": clean_authors,
        "centre": clean_centre,
        "attachments": clean_attachments,
        "body": clean_body,
    }

    # --- shared by the cleaners ---------------------------------------------------------------
    def _one(self, row, column, index, message):
        name = row.text(column)
        if not name:
            return None
        found = index.get(normalise_key(name))
        if found is None:
            row.errors.append(message % {"name": name})
        return found

    def _terms(self, row, column, index, message, creatable=False):
        """Known terms of a list column; unknown subjects may become `Missing` markers."""
        result = []
        for name in row.items(column):
            found = index.get(normalise_key(name))
            if found is None and creatable and self.create_missing:
                found = self._creatable(Subject, "subject", name, row.errors)
                if found is None:
                    continue
            if found is None:
                row.errors.append(message % {"name": name})
            elif found not in result:
                result.append(found)
        return result

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


def find_user(username):
    User = get_user_model()
    try:
        return User.objects.get(**{User.USERNAME_FIELD: username})
    except User.DoesNotExist:
        return None
