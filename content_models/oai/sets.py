"""Sets: programme level, subject, province with its centres, licence and record type.

Set specs are built from the vocabularies' slugs, which editors keep stable:
`level:<slug>`, `subject:<slug>`, `province:<slug>`, `province:<slug>:centre:<slug>`,
`licence:<slug>` and `type:lesson|course|collection`. A record in a centre's set is also in
its province's set and in `province` (the protocol's hierarchy); rows store every ancestor, so
one `contains` finds the members of any set, and headers name only the most specific ones.
"""

import re

from django.utils.translation import gettext as _

from content_models.models.records import RecordKind
from content_models.models.taxonomy import Centre, Licence, ProgrammeLevel, Province, Subject

# The protocol's setSpec syntax (OAI-PMH 2.0 schema, setSpecType).
SET_SPEC_PATTERN = re.compile(r"^([A-Za-z0-9\-_\.!~\*'\(\)])+(:[A-Za-z0-9\-_\.!~\*'\(\)]+)*$")


def _groups():
    return [
        ("type", _("Loại bản ghi")),
        ("level", _("Chương trình")),
        ("subject", _("Môn học")),
        ("province", _("Tỉnh/thành phố và trung tâm")),
        ("licence", _("Giấy phép")),
    ]


def centre_specs(centre):
    if centre is None:
        return []
    province = f"province:{centre.province.slug}"
    return [province, f"{province}:centre:{centre.slug}"]


def specs_for(page, kind):
    """Every set `page` belongs to, ancestors included (live page, relations loaded)."""
    specs = [f"type:{kind}"]
    if kind == RecordKind.COLLECTION:
        return specs
    specs += [f"level:{level.slug}" for level in page.programme_levels.all()]
    specs += [f"subject:{subject.slug}" for subject in page.subjects.all()]
    specs += centre_specs(page.centre)
    specs.append(f"licence:{page.licence.slug}")
    return specs


def stored(specs):
    """The `OaiRecord.set_specs` form: every set and each of its ancestors ("level" for
    "level:x"), space-separated with a space at both ends, so that one `contains` finds the
    members of any set, a group included."""
    every = []
    for spec in specs:
        parts = spec.split(":")
        for depth in range(1, len(parts) + 1):
            ancestor = ":".join(parts[:depth])
            if ancestor not in every:
                every.append(ancestor)
    return f" {' '.join(every)} " if every else ""


def all_sets():
    """(setSpec, setName) of every set, groups first, in a stable order."""
    yield from _groups()
    for kind in RecordKind:
        yield f"type:{kind.value}", str(kind.label).capitalize()
    for level in ProgrammeLevel.objects.order_by("sort_order", "name"):
        yield f"level:{level.slug}", level.name
    for subject in Subject.objects.order_by("sort_order", "name"):
        yield f"subject:{subject.slug}", subject.name
    centres = {}
    for centre in Centre.objects.select_related("province").order_by("name"):
        centres.setdefault(centre.province_id, []).append(centre)
    for province in Province.objects.order_by("sort_order", "name"):
        yield f"province:{province.slug}", province.name
        for centre in centres.get(province.pk, []):
            yield f"province:{province.slug}:centre:{centre.slug}", centre.name
    for licence in Licence.objects.order_by("sort_order", "name"):
        yield f"licence:{licence.slug}", licence.name
