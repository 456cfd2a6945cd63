"""Abbreviations and everyday synonyms added to the editors' synonym list (search/repair/
abbreviations.py at the time of this migration); editors may change or delete them."""

from django.db import migrations

ABBREVIATIONS = [
    "đs, đại số",
    "hh, hình học",
    "kt, ktra, kiểm tra",
    "gv, giáo viên",
    "hs, học sinh",
    "hv, học viên",
    "sgk, sách giáo khoa",
    "sbt, sách bài tập",
    "bt, bài tập",
    "btvn, bài tập về nhà",
    "hk, học kì, học kỳ",
    "đh, đại học",
    "cđ, cao đẳng",
    "tlv, tập làm văn",
    "hđtn, hoạt động trải nghiệm",
    "pt, phương trình",
    "hpt, hệ phương trình",
    "bpt, bất phương trình",
    "bđt, bất đẳng thức",
    "ptlg, phương trình lượng giác",
    "hcn, hình chữ nhật",
    "hbh, hình bình hành",
    "tnkq, trắc nghiệm khách quan",
    "lsđl, lịch sử và địa lí",
    "thptqg, thi tốt nghiệp thpt",
    "atgt, an toàn giao thông",
    "attp, an toàn thực phẩm",
    "vsattp, vệ sinh an toàn thực phẩm",
    "pccc, phòng cháy chữa cháy",
    "bhyt, bảo hiểm y tế",
    "bhxh, bảo hiểm xã hội",
    "skss, sức khỏe sinh sản",
    "ubnd, ủy ban nhân dân",
    "hđh, hệ điều hành",
    "thiếu nhi, trẻ em",
    "máy vi tính, máy tính, vi tính",
    "ti vi, tivi",
    "lợn, heo",
    "ngô, bắp",
    "dứa, thơm, khóm",
    "xe máy, xe gắn máy",
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    for terms in ABBREVIATIONS:
        SearchSynonym.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    SearchSynonym.objects.filter(terms__in=ABBREVIATIONS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_vocabulary_and_query_log")]

    operations = [migrations.RunPython(seed, unseed)]
