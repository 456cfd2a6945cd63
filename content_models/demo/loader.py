"""Read the demo data files (`data/*.toml`) into checked specs, or say exactly what is wrong.

Each file holds one array of tables (`[[lesson]]`, `[[centre]]` …) or, for the accounts, plain
tables. Every entry is checked against its model in `specs.py`; then the references between
files are checked (a lesson's centre, a remix's original, a course's lessons, a collection's
items). All problems are reported together, each with its file and entry, before anything is
written. See docs/importing-and-demo.md.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from content_models.demo.specs import (
    Accounts,
    CentreSpec,
    CollectionSpec,
    CourseSpec,
    LessonSpec,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
# Lessons are created in this order of files (remixes after their originals); the unpublished
# ones after every published one.
LESSON_FILES = (
    "lessons-school.toml",
    "lessons-community.toml",
    "remixes.toml",
    "unpublished.toml",
)
COURSE_PREFIX = "course:"


class DemoDataError(Exception):
    """A demo data file cannot be used; the message names the file and entry of each problem."""


@dataclass(frozen=True)
class DemoData:
    accounts: Accounts
    centres: list
    lessons: list  # in creation order
    courses: list
    collections: list

    @property
    def published_lessons(self):
        return [spec for spec in self.lessons if spec.status == "published"]

    @property
    def unpublished_lessons(self):
        return [spec for spec in self.lessons if spec.status != "published"]


def read_toml(path):
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DemoDataError(f"{path.name}: {error}") from error


def describe(error):
    """One readable line per problem of a pydantic ValidationError: `key path: what`."""
    for problem in error.errors():
        where = ".".join(
            f"[{part + 1}]" if isinstance(part, int) else str(part) for part in problem["loc"]
        ).replace(".[", "[")
        message = {
            "extra_forbidden": "unknown key",
            "missing": "missing key",
        }.get(problem["type"], problem["msg"].removeprefix("Value error, "))
        yield f"{where}: {message}" if where else message


def read_entries(path, table, model, name_key):
    """[(label, spec)] for the entries of the array of tables `table` in one file.

    The label says where an entry is, for messages: "lessons-school.toml, lesson 3 (demo-003)".
    """
    data = read_toml(path)
    problems = [
        f"{path.name}: unknown top-level key {extra!r} (this file holds [[{table}]] tables)"
        for extra in data
        if extra != table
    ]
    entries = []
    for number, entry in enumerate(data.get(table, []), 1):
        label = f"{path.name}, {table} {number}"
        if isinstance(entry, dict) and isinstance(entry.get(name_key), str):
            label += f" ({entry[name_key]})"
        try:
            entries.append((label, model.model_validate(entry)))
        except ValidationError as error:
            problems.extend(f"{label}: {problem}" for problem in describe(error))
    if problems:
        raise DemoDataError("\n".join(problems))
    return entries


def read_model(path, model):
    try:
        return model.model_validate(read_toml(path))
    except ValidationError as error:
        raise DemoDataError("\n".join(f"{path.name}: {p}" for p in describe(error))) from error


def check_references(centres, lessons, courses, collections):
    """Problems with what entries name in other entries or files (empty when all is well)."""
    problems = []

    def unique(entries, key, what):
        seen = set()
        for label, spec in entries:
            value = getattr(spec, key)
            if value in seen:
                problems.append(f"{label}: {what} {value!r} is used twice")
            seen.add(value)
        return seen

    centre_keys = unique(centres, "key", "centre key")
    unique(centres, "name", "centre name")
    unique([(label, spec.teacher) for label, spec in centres], "username", "username")
    unique(lessons, "external_id", "external_id")
    course_slugs = unique(courses, "slug", "course slug")
    unique(collections, "slug", "collection slug")

    def known_centre(label, spec):
        if spec.centre not in centre_keys:
            problems.append(f"{label}: centre {spec.centre!r} is not a key in centres.toml")

    lesson_ids, published_before = set(), set()
    for label, spec in lessons:
        known_centre(label, spec)
        if spec.derived_from is not None and spec.derived_from not in published_before:
            problems.append(
                f"{label}: derived_from {spec.derived_from!r} is not a published lesson "
                "listed before it"
            )
        lesson_ids.add(spec.external_id)
        if spec.status == "published":
            published_before.add(spec.external_id)
    for label, spec in courses:
        known_centre(label, spec)
        for number, unit in enumerate(spec.units, 1):
            for key in unit.lessons:
                if key not in lesson_ids:
                    problems.append(f"{label}: units[{number}]: no lesson {key!r}")
    for label, spec in collections:
        for key in spec.items:
            if key.startswith(COURSE_PREFIX):
                if key.removeprefix(COURSE_PREFIX) not in course_slugs:
                    problems.append(f"{label}: items: no course {key!r}")
            elif key not in lesson_ids:
                problems.append(f"{label}: items: no lesson {key!r}")
    return problems


def load_demo_data(data_dir=None):
    """The demo content described by the files in `data_dir` (default `DATA_DIR`), checked.

    Raises DemoDataError listing every problem found.
    """
    data_dir = Path(data_dir or DATA_DIR)
    centres = read_entries(data_dir / "centres.toml", "centre", CentreSpec, "key")
    lessons = []
    for name in LESSON_FILES:
        lessons += read_entries(data_dir / name, "lesson", LessonSpec, "external_id")
    courses = read_entries(data_dir / "courses.toml", "course", CourseSpec, "slug")
    collections = read_entries(data_dir / "collections.toml", "collection", CollectionSpec, "slug")
    problems = check_references(centres, lessons, courses, collections)
    if problems:
        raise DemoDataError("\n".join(problems))

    def specs(entries):
        return [spec for _label, spec in entries]

    return DemoData(
        accounts=read_model(data_dir / "accounts.toml", Accounts),
        centres=specs(centres),
        lessons=specs(lessons),
        courses=specs(courses),
        collections=specs(collections),
    )
