"""Abbreviations Vietnamese teachers and learners type, seeded into the editors' synonym list.

Each line is one SearchSynonym row ("abbreviation, full form"). Collected from how subjects,
school terms and everyday domains are shortened in lesson plans, exam papers, class groups
and forum posts; abbreviations with two common readings are left out (tv: tiếng Việt / tivi /
thư viện; tn: tự nhiên / trắc nghiệm / thí nghiệm; đt: điện thoại / đề thi; tg: tam giác /
thời gian / tác giả; nn: ngoại ngữ / nông nghiệp; dt: diện tích / dân tộc). Editors extend or
trim the list in the admin; the data migration loads this copy once.
"""

ABBREVIATIONS = [
    # subjects and school work
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
    # everyday domains of community learning
    "atgt, an toàn giao thông",
    "attp, an toàn thực phẩm",
    "vsattp, vệ sinh an toàn thực phẩm",
    "pccc, phòng cháy chữa cháy",
    "bhyt, bảo hiểm y tế",
    "bhxh, bảo hiểm xã hội",
    "skss, sức khỏe sinh sản",
    "ubnd, ủy ban nhân dân",
    "hđh, hệ điều hành",
    # everyday synonyms
    "thiếu nhi, trẻ em",
    "máy vi tính, máy tính, vi tính",
    "ti vi, tivi",
    "lợn, heo",
    "ngô, bắp",
    "dứa, thơm, khóm",
    "xe máy, xe gắn máy",
]
