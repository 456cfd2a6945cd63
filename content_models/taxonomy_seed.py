"""Initial vocabularies (Vietnamese data), loaded by migration 0002_seed_taxonomy.

Kept as plain data so the migration, `seed_demo` and the tests read one list.
"""

PROGRAMME_LEVELS = [
    "Xóa mù chữ giai đoạn 1",
    "Xóa mù chữ giai đoạn 2",
    "Giáo dục tiếp tục sau khi biết chữ",
    "Chương trình GDTX cấp THCS",
    "Chương trình GDTX cấp THPT",
    "Chương trình đáp ứng yêu cầu người học, cập nhật kiến thức, kỹ năng, chuyển giao công nghệ",
    "Đào tạo, bồi dưỡng nâng cao trình độ",
    "Tư vấn hướng nghiệp và nghề phổ thông",
]

SUBJECTS = [
    "Ngữ văn",
    "Toán",
    "Tiếng Anh",
    "Lịch sử",
    "Địa lí",
    "Vật lí",
    "Hóa học",
    "Sinh học",
    "Tin học",
    "Giáo dục kinh tế và pháp luật",
    "Khoa học tự nhiên",
    "Lịch sử và Địa lí",
    "Giáo dục công dân",
    "Công nghệ",
    "Giáo dục quốc phòng và an ninh",
    "Tiếng Việt",
]

SKILL_TOPICS = [
    "Kỹ năng sống",
    "Kỹ năng số",
    "Kỹ năng nghề nghiệp",
    "Nông nghiệp và chuyển giao công nghệ",
    "Sức khỏe và an toàn",
    "Bồi dưỡng giáo viên",
]

GRADES = list(range(1, 13))

RESOURCE_TYPES = [
    "Bài giảng điện tử",
    "Video",
    "Bài trình chiếu",
    "Tài liệu",
    "Bài tập / đề kiểm tra",
    "Âm thanh",
    "Hình ảnh",
    "Mô phỏng / phần mềm",
]

# (name, url, allows_derivatives, allows_commercial, share_alike)
LICENCES = [
    ("CC0", "https://creativecommons.org/publicdomain/zero/1.0/", True, True, False),
    ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", True, True, False),
    ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/", True, True, True),
    ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/", True, False, False),
    ("CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/", True, False, True),
    ("CC BY-ND 4.0", "https://creativecommons.org/licenses/by-nd/4.0/", False, True, False),
    ("CC BY-NC-ND 4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/", False, False, False),
]

# The 34 provincial-level units in force since 1 July 2025 (Nghị quyết 202/2025/QH15).
PROVINCES = [
    "Hà Nội",
    "Huế",
    "Hải Phòng",
    "Đà Nẵng",
    "Thành phố Hồ Chí Minh",
    "Cần Thơ",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Quảng Trị",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Đồng Nai",
    "Tây Ninh",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
]
