"""Shapes of the demo data, and the centres and people of the demo.

The centres span eight provinces and the three kinds of GDTX institution; Hà Giang's former
area is now part of Tuyên Quang (2025 reorganisation), so Đồng Văn is filed there.
"""

from dataclasses import dataclass, field

# Programme levels (exact names of the seeded vocabulary).
XMC1 = "Xóa mù chữ giai đoạn 1"
XMC2 = "Xóa mù chữ giai đoạn 2"
SAU_BIET_CHU = "Giáo dục tiếp tục sau khi biết chữ"
THCS = "Chương trình GDTX cấp THCS"
THPT = "Chương trình GDTX cấp THPT"
NHU_CAU = (
    "Chương trình đáp ứng yêu cầu người học, cập nhật kiến thức, kỹ năng, chuyển giao công nghệ"
)
BOI_DUONG = "Đào tạo, bồi dưỡng nâng cao trình độ"
HUONG_NGHIEP = "Tư vấn hướng nghiệp và nghề phổ thông"

# Resource types.
BAI_GIANG = "Bài giảng điện tử"
VIDEO = "Video"
TRINH_CHIEU = "Bài trình chiếu"
TAI_LIEU = "Tài liệu"
BAI_TAP = "Bài tập / đề kiểm tra"
AM_THANH = "Âm thanh"
HINH_ANH = "Hình ảnh"
MO_PHONG = "Mô phỏng / phần mềm"

CC0 = "CC0"
BY = "CC BY 4.0"
BY_SA = "CC BY-SA 4.0"
BY_NC = "CC BY-NC 4.0"
BY_NC_SA = "CC BY-NC-SA 4.0"
BY_ND = "CC BY-ND 4.0"
BY_NC_ND = "CC BY-NC-ND 4.0"


@dataclass
class CentreSpec:
    key: str
    name: str
    kind: str
    province: str
    teacher: str  # username
    teacher_name: tuple  # (first_name, last_name)
    introduction: str


@dataclass
class LessonSpec:
    external_id: str
    centre: str
    subject: str
    levels: list
    grades: list
    resource_type: str
    licence: str
    title: str
    summary: str
    objectives: list
    sections: list  # [(heading, paragraph)]
    authors: str = ""
    keywords: list = field(default_factory=list)
    formula: tuple | None = None  # (latex, caption)
    code: tuple | None = None  # (language, code)
    graph: str | None = None  # key of demo.images graph functions
    pdf: bool = False
    minutes: int = 45
    language: str = "vi"
    derived_from: str | None = None  # external_id of the original


CENTRES = [
    CentreSpec(
        "laocai", "Trung tâm GDTX tỉnh Lào Cai", "gdtx", "Lào Cai",
        "giaovien.laocai", ("Hoa", "Nguyễn Thị"),
        "Trung tâm tổ chức chương trình GDTX cấp THPT và các lớp bồi dưỡng cho người lao động "
        "vùng cao Lào Cai.",
    ),
    CentreSpec(
        "dienbien", "Trung tâm GDNN-GDTX huyện Mường Chà", "gdnn_gdtx", "Điện Biên",
        "giaovien.dienbien", ("Páo", "Lò Văn"),
        "Dạy nghề ngắn hạn kết hợp văn hóa cho thanh niên dân tộc Thái, Mông ở Mường Chà.",
    ),
    CentreSpec(
        "tuyenquang", "Trung tâm GDNN-GDTX Đồng Văn", "gdnn_gdtx", "Tuyên Quang",
        "giaovien.tuyenquang", ("Mai", "Vàng Thị"),
        "Trung tâm trên cao nguyên đá Đồng Văn (trước đây thuộc tỉnh Hà Giang), mở lớp xóa mù "
        "chữ và dạy nghề cho đồng bào Mông.",
    ),
    CentreSpec(
        "nghean", "Trung tâm GDTX tỉnh Nghệ An", "gdtx", "Nghệ An",
        "giaovien.nghean", ("Quang", "Trần Văn"),
        "Trung tâm GDTX cấp tỉnh, đầu mối bồi dưỡng giáo viên GDTX của tỉnh Nghệ An.",
    ),
    CentreSpec(
        "daklak", "Trung tâm học tập cộng đồng xã Ea Kao", "community", "Đắk Lắk",
        "giaovien.daklak", ("H'Linh", "Niê"),
        "Nơi bà con Ê Đê học chữ, học cách trồng cà phê, hồ tiêu bền vững và chăm sóc sức khỏe.",
    ),
    CentreSpec(
        "angiang", "Trung tâm học tập cộng đồng xã Tri Tôn", "community", "An Giang",
        "giaovien.angiang", ("Sóc Kha", "Néang"),
        "Lớp học song ngữ Việt – Khmer cho người lớn và chuyển giao kỹ thuật canh tác lúa.",
    ),
    CentreSpec(
        "hanoi", "Trung tâm GDNN-GDTX Ba Vì", "gdnn_gdtx", "Hà Nội",
        "giaovien.hanoi", ("Lan", "Phạm Thị"),
        "Văn hóa GDTX cấp THCS, THPT và nghề phổ thông cho học viên vùng ven Hà Nội.",
    ),
    CentreSpec(
        "hcm", "Trung tâm GDTX Thành phố Hồ Chí Minh", "gdtx", "Thành phố Hồ Chí Minh",
        "giaovien.hcm", ("Minh", "Lê Hoàng"),
        "Lớp buổi tối cho người đi làm: văn hóa THPT, tin học ứng dụng và tiếng Anh giao tiếp.",
    ),
]  # fmt: skip

EDITOR = ("bientapvien", ("Thảo", "Đỗ Phương"))
ADMIN = ("admin", ("Quản trị", "Hệ thống"))
DEFAULT_PASSWORD = "hoclieu-demo-2026"


@dataclass
class CourseSpec:
    slug: str
    centre: str
    title: str
    summary: str
    introduction: str
    subject: str
    levels: list
    grades: list
    licence: str
    units: list  # [(title, description, [external_id, ...])]


@dataclass
class CollectionSpec:
    slug: str
    title: str
    introduction: str
    items: list  # external ids of lessons, or "course:<slug>"
