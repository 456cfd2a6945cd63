"""Synthetic Vietnamese lessons written straight into the page tables, in bulk.

Creating pages one by one through Wagtail's tree costs ~0.3 s each (100,000 lessons: hours), so
the benchmark and the large-volume tests insert the rows of `wagtailcore_page` and
`content_models_lessonpage` (plus classification and keywords) in batches, with tree paths
computed here. The pages are ordinary live lessons afterwards: their search documents come from
the same `serializers.serialize` as any other page. Every generated lesson carries
`external_id = "<tag>-<n>"` so `delete_generated()` can remove exactly them.
"""

import random
import uuid
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from taggit.models import Tag
from wagtail.models import Locale, Page

from content_models.bulk_pages import child_page, next_steps, recount_children
from content_models.models import (
    Centre,
    CentreLibraryPage,
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
from content_models.models.pages import LessonTag
from content_models.text import vi_slugify

TOPICS = {
    "Toán": ["phương trình bậc hai", "đạo hàm", "phân số", "hệ phương trình", "tích phân",
             "xác suất thống kê", "hình học không gian", "lượng giác", "số phức", "hàm số mũ"],
    "Ngữ văn": ["truyện ngắn hiện đại", "thơ Đường luật", "nghị luận xã hội", "ca dao tục ngữ",
                "văn bản thông tin", "Truyện Kiều", "tiểu thuyết hiện thực"],
    "Tiếng Anh": ["thì hiện tại hoàn thành", "giao tiếp hằng ngày", "viết thư xin việc",
                  "từ vựng nghề nghiệp", "câu bị động", "kỹ năng nghe"],
    "Lịch sử": ["kháng chiến chống Pháp", "thời kỳ đổi mới", "chiến tranh thế giới thứ hai",
                "nhà Trần", "cách mạng tháng Tám", "hòa bình và hợp tác"],
    "Địa lí": ["khí hậu nhiệt đới gió mùa", "dân số và lao động", "vùng Tây Bắc",
               "đồng bằng sông Cửu Long", "tài nguyên biển đảo"],
    "Vật lí": ["dao động điều hòa", "định luật Ôm", "sóng cơ", "điện từ trường", "quang học"],
    "Hóa học": ["phản ứng oxi hóa khử", "axit và bazơ", "hợp chất hữu cơ", "kim loại kiềm"],
    "Sinh học": ["di truyền học", "quang hợp", "tế bào", "hệ sinh thái", "tiến hóa"],
    "Tin học": ["bảng tính điện tử", "lập trình Python", "an toàn thông tin", "mạng máy tính",
                "soạn thảo văn bản"],
    "Kỹ năng số": ["sử dụng điện thoại thông minh", "dịch vụ công trực tuyến",
                   "thanh toán không tiền mặt", "nhận diện tin giả"],
    "Nông nghiệp và chuyển giao công nghệ": ["trồng lúa chất lượng cao", "chăn nuôi gà thả vườn",
                                             "trồng cây ăn quả", "nuôi cá nước ngọt"],
    "Kỹ năng sống": ["kỹ năng giao tiếp", "phòng chống đuối nước", "sơ cứu cơ bản",
                     "quản lý tài chính gia đình"],
}  # fmt: skip
FORMS = ["Bài giảng", "Luyện tập", "Ôn tập", "Chuyên đề", "Kiểm tra", "Hướng dẫn"]
SENTENCES = [
    "Học viên nắm được khái niệm {t} và vận dụng vào bài tập thực tế.",
    "Bài học trình bày {t} qua ví dụ gần gũi với đời sống ở địa phương.",
    "Phần luyện tập gồm các câu hỏi từ dễ đến khó về {t}.",
    "Giáo viên hướng dẫn cách ghi nhớ {t} bằng sơ đồ tư duy.",
    "Tài liệu phù hợp với học viên giáo dục thường xuyên học buổi tối.",
    "Cuối bài có phiếu bài tập và đáp án để tự kiểm tra kiến thức về {t}.",
    "Nội dung bám sát chương trình giáo dục phổ thông 2018.",
    "Video minh họa giúp người học ở vùng sâu, vùng xa tự học tại nhà.",
]
KEYWORDS = ["ôn thi", "tự học", "THPT", "GDTX", "bài tập", "video", "phiếu học tập", "trắc nghiệm",
            "thực hành", "nâng cao", "cơ bản", "học liệu mở"]  # fmt: skip
LANGUAGES = ["vi"] * 18 + ["en", "tyz"]


def ensure_centres(count, rng):
    """`count` centres with their library pages, spread over the provinces."""
    ensure_site_structure()
    provinces = list(Province.objects.all())
    libraries = list(CentreLibraryPage.objects.select_related("centre")[:count])
    n = len(libraries)
    while len(libraries) < count:
        province = provinces[n % len(provinces)]
        centre, _created = Centre.objects.get_or_create(
            name=f"Trung tâm GDNN-GDTX số {n + 1} {province.name}",
            defaults={"province": province, "kind": "gdnn_gdtx"},
        )
        libraries.append(ensure_centre_library(centre))
        n += 1
    return libraries


class _Pools:
    def __init__(self):
        self.subjects = {s.name: s for s in Subject.objects.all()}
        self.levels = list(ProgrammeLevel.objects.all())
        self.grades = list(Grade.objects.all())
        self.types = list(ResourceType.objects.all())
        self.licences = list(Licence.objects.all())
        self.topics = [
            (name, t) for name, ts in TOPICS.items() if name in self.subjects for t in ts
        ]


def _lesson_fields(n, rng, pools):
    subject_name, topic = rng.choice(pools.topics)
    form = rng.choice(FORMS)
    title = f"{form} {topic} – phần {n % 97 + 1}"
    sentences = [s.format(t=topic) for s in rng.sample(SENTENCES, 5)]
    heading = {"text": topic.capitalize(), "size": "h2"}
    body = [{"type": "heading", "value": heading, "id": str(uuid.uuid4())}]
    body += [
        {"type": "paragraph", "value": f"<p>{s}</p>", "id": str(uuid.uuid4())} for s in sentences
    ]
    subjects = [pools.subjects[subject_name]]
    if rng.random() < 0.2:
        subjects.append(rng.choice(list(pools.subjects.values())))
    levels = rng.sample(pools.levels, rng.choice([1, 1, 2]))
    grades = rng.sample(pools.grades, rng.choice([0, 1, 1, 2]))
    return {
        "title": title,
        "summary": " ".join(sentences[:2]),
        "objectives": "\n".join(sentences[2:4]),
        "body": body,
        "subjects": list({s.pk: s for s in subjects}.values()),
        "levels": levels,
        "grades": grades,
        "keywords": rng.sample(KEYWORDS, 2),
    }


def generate_lessons(count, centres=20, seed=2025, tag="bench", batch=1000, progress=None):
    """Insert `count` live lessons; returns their page ids."""
    rng = random.Random(seed)
    libraries = ensure_centres(centres, rng)
    pools = _Pools()
    content_type = ContentType.objects.get_for_model(LessonPage)
    locale = Locale.get_default()
    tags = _ensure_tags()
    next_step = next_steps(libraries)
    start = LessonPage.objects.filter(external_id__startswith=f"{tag}-").count()
    created = []
    epoch = datetime(2019, 1, 1, tzinfo=UTC)
    for offset in range(0, count, batch):
        rows = []
        for n in range(start + offset, start + min(offset + batch, count)):
            library = libraries[n % len(libraries)]
            fields = _lesson_fields(n, rng, pools)
            step = next_step[library.pk]
            next_step[library.pk] += 1
            slug = f"{vi_slugify(fields['title'])[:180]}-{tag}-{n}"
            published = epoch + timedelta(minutes=rng.randrange(0, 7 * 365 * 24 * 60))
            rows.append((library, step, slug, published, n, fields))
        created.extend(_insert_batch(rows, rng, pools, content_type, locale, tags, tag))
        if progress is not None:
            progress.update(len(rows))
    recount_children(libraries)
    return created


def _ensure_tags():
    return [
        Tag.objects.get_or_create(name=name, defaults={"slug": vi_slugify(name)})[0]
        for name in KEYWORDS
    ]


@transaction.atomic
def _insert_batch(rows, rng, pools, content_type, locale, tags, tag):
    pages = []
    for library, step, slug, published, _n, fields in rows:
        pages.append(
            child_page(
                library,
                step,
                title=fields["title"],
                slug=slug,
                content_type=content_type,
                locale=locale,
                published=published,
            )
        )
    Page.objects.bulk_create(pages, batch_size=500)
    lessons = []
    for page, (library, _step, _slug, _published, n, fields) in zip(pages, rows, strict=True):
        lesson = LessonPage(
            page_ptr_id=page.pk,
            summary=fields["summary"],
            learning_objectives=fields["objectives"],
            body=fields["body"],
            licence=rng.choice(pools.licences),
            centre_id=library.centre_id,
            resource_type=rng.choice(pools.types),
            language=rng.choice(LANGUAGES),
            view_count=int(rng.paretovariate(1.2) * 10),
            external_id=f"{tag}-{n}",
        )
        lessons.append((lesson, fields))
    local_fields = list(LessonPage._meta.local_concrete_fields)
    LessonPage._base_manager._insert(
        [lesson for lesson, _ in lessons], fields=local_fields, raw=True
    )
    _insert_relations(lessons, tags, rng)
    return [page.pk for page in pages]


def _insert_relations(lessons, tags, rng):
    through = {
        name: LessonPage._meta.get_field(name).remote_field.through
        for name in ("subjects", "programme_levels", "grades")
    }
    rows = {name: [] for name in through}
    tagged = []
    for lesson, fields in lessons:
        pk = lesson.page_ptr_id
        rows["subjects"] += [
            through["subjects"](lessonpage_id=pk, subject_id=s.pk) for s in fields["subjects"]
        ]
        rows["programme_levels"] += [
            through["programme_levels"](lessonpage_id=pk, programmelevel_id=x.pk)
            for x in fields["levels"]
        ]
        rows["grades"] += [
            through["grades"](lessonpage_id=pk, grade_id=g.pk) for g in fields["grades"]
        ]
        tagged += [LessonTag(content_object_id=pk, tag=t) for t in rng.sample(tags, 2)]
    for name, objects in rows.items():
        through[name].objects.bulk_create(objects, batch_size=2000)
    LessonTag.objects.bulk_create(tagged, batch_size=2000)


def delete_generated(tag="bench"):
    """Remove the generated lessons (rows only; no Wagtail signals for 100,000 pages)."""
    ids = list(
        LessonPage.objects.filter(external_id__startswith=f"{tag}-").values_list("pk", flat=True)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            for table, column in (
                (LessonTag._meta.db_table, "content_object_id"),
                (LessonPage.subjects.through._meta.db_table, "lessonpage_id"),
                (LessonPage.programme_levels.through._meta.db_table, "lessonpage_id"),
                (LessonPage.grades.through._meta.db_table, "lessonpage_id"),
                (LessonPage._meta.db_table, "page_ptr_id"),
                (Page._meta.db_table, "id"),
            ):
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
    return ids
