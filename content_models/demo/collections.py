"""Demo courses (học phần) and editors' collections, built from the demo lessons."""

from content_models.demo.specs import (
    BOI_DUONG,
    BY,
    BY_NC_SA,
    BY_SA,
    NHU_CAU,
    THPT,
    XMC1,
    CollectionSpec,
    CourseSpec,
)

COURSES = [
    CourseSpec(
        "toan-10-phuong-trinh-va-ham-so", "laocai",
        "Toán 10: phương trình bậc hai và hàm số",
        "Học phần ôn luyện phương trình bậc hai, hàm số bậc hai và dãy số cho học viên lớp 10.",
        "<p>Học phần gồm ba phần, học trong <b>6 tuần</b>, mỗi tuần hai buổi tối. Cuối mỗi phần "
        "có phiếu luyện tập để học viên tự đánh giá.</p>",
        "Toán", [THPT], [10, 11], BY,
        [
            ("Phương trình bậc hai", "Công thức nghiệm và bài toán thực tế.",
             ["demo-001", "demo-063"]),
            ("Hàm số bậc hai", "Đồ thị parabol và sự biến thiên.", ["demo-002"]),
            ("Dãy số và ứng dụng", "Cấp số cộng, cấp số nhân, lãi suất.", ["demo-007"]),
        ],
    ),
    CourseSpec(
        "tin-hoc-ung-dung-cho-nguoi-di-lam", "hcm",
        "Tin học ứng dụng cho người đi làm",
        "Lập trình Python nhập môn, bảng tính và an toàn trên không gian mạng, học buổi tối.",
        "<p>Dành cho học viên đã đi làm, học 2 buổi tối mỗi tuần. Mang theo điện thoại thông "
        "minh để thực hành phần an toàn số.</p>",
        "Tin học", [THPT, NHU_CAU], [10, 11], BY_SA,
        [
            ("Lập trình Python cơ bản", "", ["demo-028", "demo-029", "demo-064"]),
            ("Tin học văn phòng", "", ["demo-032"]),
            ("An toàn và tiện ích số", "", ["demo-046", "demo-047", "demo-048"]),
        ],
    ),
    CourseSpec(
        "xoa-mu-chu-giai-doan-1-dong-van", "tuyenquang",
        "Xóa mù chữ giai đoạn 1: đọc, viết và tính toán hằng ngày",
        "Học phần cho người lớn chưa biết chữ: chữ cái, vần, dấu thanh và làm tính khi đi chợ.",
        "<p>Lớp học buổi tối tại nhà văn hóa thôn, 3 buổi mỗi tuần. Giáo viên có thể giải thích "
        "bằng tiếng Mông khi học viên cần.</p>",
        "Tiếng Việt", [XMC1], [1, 2, 3], BY,
        [
            ("Chữ cái và vần", "", ["demo-039", "demo-040", "demo-044"]),
            ("Nghe và đọc theo", "", ["demo-041"]),
            ("Tính toán hằng ngày", "", ["demo-042"]),
        ],
    ),
    CourseSpec(
        "nong-nghiep-ben-vung-cho-buon-lang", "daklak",
        "Nông nghiệp bền vững cho buôn làng",
        "Tái canh cà phê, dùng phân bón an toàn, chăn nuôi bò và canh tác lúa tiết kiệm.",
        "<p>Học phần chuyển giao kỹ thuật, học tại trung tâm học tập cộng đồng và thực hành "
        "ngay trên nương rẫy của học viên.</p>",
        "Nông nghiệp và chuyển giao công nghệ", [NHU_CAU], [], BY_NC_SA,
        [
            ("Cây công nghiệp", "", ["demo-052", "demo-023"]),
            ("Chăn nuôi", "", ["demo-054", "demo-065"]),
            ("Lúa nước", "", ["demo-053"]),
        ],
    ),
    CourseSpec(
        "boi-duong-giao-vien-hoc-lieu-so", "nghean",
        "Bồi dưỡng giáo viên GDTX: học liệu số và dạy học phân hóa",
        "Học phần bồi dưỡng thường xuyên: thiết kế học liệu số, giấy phép mở, dạy lớp ghép.",
        "<p>Hoàn thành học phần được tính vào chương trình bồi dưỡng thường xuyên hằng năm.</p>",
        "Bồi dưỡng giáo viên", [BOI_DUONG], [], BY,
        [
            ("Học liệu số và giấy phép mở", "", ["demo-058", "demo-059"]),
            ("Dạy học phân hóa", "", ["demo-060", "demo-061"]),
            ("Kiểm tra đánh giá", "", ["demo-062"]),
        ],
    ),
]  # fmt: skip

COLLECTIONS = [
    CollectionSpec(
        "on-thi-tot-nghiep-thpt",
        "Ôn thi tốt nghiệp THPT cho học viên GDTX",
        "<p>Những bài ôn tập được biên tập viên chọn lọc cho kỳ thi tốt nghiệp THPT: Toán, Ngữ "
        "văn, Lịch sử, Địa lí và Sinh học.</p>",
        ["demo-004", "demo-005", "course:toan-10-phuong-trinh-va-ham-so", "demo-008",
         "demo-015", "demo-017", "demo-027"],
    ),
    CollectionSpec(
        "ky-nang-so-cho-moi-nguoi",
        "Kỹ năng số cho mọi người",
        "<p>Dùng điện thoại an toàn, thanh toán bằng mã QR, làm thủ tục trực tuyến: những kỹ "
        "năng giúp người lớn tham gia chuyển đổi số.</p>",
        ["demo-046", "demo-047", "demo-048", "demo-032",
         "course:tin-hoc-ung-dung-cho-nguoi-di-lam"],
    ),
    CollectionSpec(
        "hoc-lieu-cho-vung-dan-toc-thieu-so",
        "Học liệu cho vùng đồng bào dân tộc thiểu số",
        "<p>Học liệu song ngữ, xóa mù chữ và nghề truyền thống từ các trung tâm ở Tuyên Quang, "
        "Điện Biên, Đắk Lắk và An Giang.</p>",
        ["course:xoa-mu-chu-giai-doan-1-dong-van", "demo-039", "demo-044", "demo-041",
         "demo-061", "demo-055", "demo-049"],
    ),
    CollectionSpec(
        "nong-nghiep-va-sinh-ke",
        "Nông nghiệp và sinh kế",
        "<p>Chuyển giao kỹ thuật trồng trọt, chăn nuôi và nghề phổ thông giúp người học nâng "
        "cao thu nhập.</p>",
        ["course:nong-nghiep-ben-vung-cho-buon-lang", "demo-052", "demo-053", "demo-054",
         "demo-065", "demo-057"],
    ),
]  # fmt: skip
