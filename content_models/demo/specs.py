"""Shapes of the demo data files (content_models/demo/data/*.toml), checked as they are read.

Every table of a data file becomes one of these models: an unknown key, a missing one, a value
of the wrong type or a vocabulary name the seeded vocabularies lack is refused before anything
is written, and `loader.py` says in which file and entry. The vocabulary names are those of
`content_models.taxonomy_seed` (what migration 0002 creates); see docs/importing-and-demo.md.
"""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from content_models.choices import CentreKind, Language
from content_models.demo.images import GRAPHS
from content_models.taxonomy_seed import (
    GRADES,
    LICENCES,
    PROGRAMME_LEVELS,
    PROVINCES,
    RESOURCE_TYPES,
    SKILL_TOPICS,
    SUBJECTS,
)

DEFAULT_PASSWORD = "hoclieu-demo-2026"


def one_of(names, kind):
    """A validator accepting only the names of one seeded vocabulary."""

    def check(value):
        if value not in names:
            raise ValueError(f"unknown {kind} {value!r}")
        return value

    return AfterValidator(check)


ProgrammeLevelName = Annotated[str, one_of(PROGRAMME_LEVELS, "programme level")]
SubjectName = Annotated[str, one_of(SUBJECTS + SKILL_TOPICS, "subject")]
GradeNumber = Annotated[int, one_of(GRADES, "grade")]
ResourceTypeName = Annotated[str, one_of(RESOURCE_TYPES, "resource type")]
LicenceName = Annotated[str, one_of([name for name, *_rest in LICENCES], "licence")]
ProvinceName = Annotated[str, one_of(PROVINCES, "province")]


class Spec(BaseModel):
    """Strict: no unknown keys, no type coercion ("10" is not a grade), read-only."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Person(Spec):
    username: str
    first_name: str
    last_name: str


class Accounts(Spec):
    admin: Person
    editor: Person


class CentreSpec(Spec):
    key: str  # how lessons and courses name their centre
    name: str
    kind: Literal[tuple(CentreKind.values)]
    province: ProvinceName
    introduction: str
    teacher: Person


class Section(Spec):
    heading: str
    text: str


class LanguageSample(Spec):
    """Text in a language other than the lesson's, in its own script, with its meaning."""

    language: Literal[tuple(code for code in Language.values if code not in ("vi", "other"))]
    text: str
    translation: str = ""


class Formula(Spec):
    latex: str
    caption: str


class Code(Spec):
    language: str
    code: str


class LessonSpec(Spec):
    external_id: str
    centre: str  # a centre's key
    title: str
    subject: SubjectName
    programme_levels: list[ProgrammeLevelName]
    grades: list[GradeNumber]
    resource_type: ResourceTypeName
    licence: LicenceName
    summary: str
    objectives: list[str]
    sections: list[Section]
    authors: str = ""
    keywords: list[str] = []
    formula: Formula | None = None  # shown after the first section
    code: Code | None = None  # shown after the second section
    graph: Literal[tuple(GRAPHS)] | None = None  # a function graph after the first section
    samples: list[LanguageSample] = []  # other-language text after the first section
    pdf: bool = False  # a worksheet PDF, attached and linked from the body
    duration_minutes: int = 45
    language: Literal[tuple(Language.values)] = "vi"
    derived_from: str | None = None  # external_id of the original (a remix)
    # Published, or left as a draft, submitted for review, or sent back with a comment.
    status: Literal["published", "draft", "review", "changes"] = "published"
    review_comment: str = ""  # the editor's comment when sending it back

    @model_validator(mode="after")
    def comment_goes_with_changes(self):
        if bool(self.review_comment) != (self.status == "changes"):
            raise ValueError('review_comment is needed with status "changes", and only then')
        return self


class Unit(Spec):
    title: str
    description: str = ""
    lessons: list[str]  # external ids


class CourseSpec(Spec):
    slug: str
    centre: str  # a centre's key
    title: str
    summary: str
    introduction: str  # HTML
    subject: SubjectName
    programme_levels: list[ProgrammeLevelName]
    grades: list[GradeNumber]
    licence: LicenceName
    units: list[Unit]


class CollectionSpec(Spec):
    slug: str
    title: str
    introduction: str  # HTML
    items: list[str]  # external ids of lessons, or "course:<slug>"
