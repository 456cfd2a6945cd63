"""The seed synonym list; editors extend it as a snippet (SearchSynonym)."""

from django.db import migrations

# Frozen copy of search.synonyms.SEED_SYNONYMS at the time of this migration.
SEED_SYNONYMS = [
    "GDTX, giáo dục thường xuyên",
    "GDNN, giáo dục nghề nghiệp",
    "THCS, trung học cơ sở",
    "THPT, trung học phổ thông",
    "CNTT, công nghệ thông tin",
    "TA, Tiếng Anh",
    "GDCD, giáo dục công dân",
    "KHTN, khoa học tự nhiên",
    "GDQP, GDQPAN, giáo dục quốc phòng và an ninh",
    "GDKTPL, giáo dục kinh tế và pháp luật",
    "XMC, xóa mù chữ",
    "TTHTCĐ, trung tâm học tập cộng đồng",
    "KNS, kỹ năng sống",
    "địa lí, địa lý",
    "vật lí, vật lý",
    "kĩ năng, kỹ năng",
    "bài giảng điện tử, e-learning, elearning",
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    for terms in SEED_SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    apps.get_model("search", "SearchSynonym").objects.filter(terms__in=SEED_SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [migrations.RunPython(seed, unseed)]
