"""The search evaluation set: lessons written for it and queries typed as people type.

`lessons.json`: [key, title, summary, subjects, grades, programme level, resource type] for
46 lessons with deliberate neighbours (bán / bàn / bạn, lúa / lửa / lừa, "Chương trình …"
levels everywhere). `queries.json`: {category: [[query, [relevant keys]]]}, at least ten per
category: telex_vni, typo, question, abbreviation_number, synonym, hyphen_apostrophe, tones,
plus plain and no_diacritics controls. `holdout/` is a second set of the same shape (40
lessons, 100 queries in the same categories) written after the repair was built and never
tuned against: its score says how the repair does on words it was not shaped by.
`manage.py evaluate_search [--set holdout]` publishes the lessons in a
transaction it rolls back (and, for Elasticsearch, into throwaway indices), then prints hit@5
per category and backend and precision@10. See docs/search-repair.md.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from content_models.models import (
    Centre,
    Grade,
    LessonPage,
    Licence,
    ProgrammeLevel,
    Province,
    ResourceType,
    Subject,
    ensure_centre_library,
    ensure_site_structure,
)
from search.types import SearchQuery

HERE = Path(__file__).parent
SETS = {"main": HERE, "holdout": HERE / "holdout"}
K = 5
PRECISION_AT = 10


def load_lessons(name="main"):
    return json.loads((SETS[name] / "lessons.json").read_text(encoding="utf-8"))


def load_queries(name="main"):
    return json.loads((SETS[name] / "queries.json").read_text(encoding="utf-8"))


def publish_lessons(name="main"):
    """{key: page_id}: the evaluation lessons published under one centre's library."""
    ensure_site_structure()
    province = Province.objects.order_by("pk").first()
    centre, _created = Centre.objects.get_or_create(
        name="Trung tâm đánh giá tìm kiếm", defaults={"province": province}
    )
    library = ensure_centre_library(centre)
    licence = Licence.objects.get(name="CC BY 4.0")
    ids = {}
    for key, title, summary, subjects, grades, level, kind in load_lessons(name):
        lesson = LessonPage(
            title=title,
            summary=summary,
            licence=licence,
            resource_type=ResourceType.objects.filter(name=kind).first(),
            live=False,
        )
        library.add_child(instance=lesson)
        lesson.subjects.set(Subject.objects.filter(name__in=subjects))
        lesson.programme_levels.set(ProgrammeLevel.objects.filter(name=level))
        lesson.grades.set(Grade.objects.filter(number__in=grades))
        lesson.save_revision().publish()
        ids[key] = lesson.pk
    return ids


@dataclass
class Score:
    hits: int = 0
    top1: int = 0
    total: int = 0
    precision: list = field(default_factory=list)
    misses: list = field(default_factory=list)

    @property
    def hit_rate(self):
        return self.hits / self.total if self.total else 0.0

    @property
    def mean_precision(self):
        return sum(self.precision) / len(self.precision) if self.precision else 0.0


def evaluate(service, ids, name="main"):
    """{category: Score} of `service` over the query set `name`."""
    scores = {}
    for category, cases in load_queries(name).items():
        score = scores.setdefault(category, Score())
        for text, keys in cases:
            relevant = {ids[k] for k in keys}
            hits = service.search(SearchQuery(text=text, page_size=PRECISION_AT)).hits
            found = [hit.page_id for hit in hits]
            score.total += 1
            if relevant & set(found[:K]):
                score.hits += 1
            else:
                score.misses.append(text)
            if found and found[0] in relevant:
                score.top1 += 1
            if found:
                score.precision.append(len(relevant & set(found)) / len(found))
    return scores
