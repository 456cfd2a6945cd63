"""The vocabularies an import row may name, loaded once per import and keyed by name.

Keys are `normalise_key` forms, so case, spacing and NFC/NFD do not matter; diacritics do.
"""

import unicodedata
from dataclasses import dataclass

from taggit.models import Tag

from content_models.choices import Language
from content_models.models import (
    Centre,
    Grade,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
)
from media.text import normalise_key


@dataclass(frozen=True)
class Missing:
    """A term to create on import (only with --create-missing); `name` is NFC."""

    kind: str
    name: str
    province: object = None


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
