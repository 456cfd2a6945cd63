"""The teacher's evidence sheet as PDF (content_models/reports/pdf.py), read back with Debian's
pdftotext and pdfinfo (poppler-utils, installed by .ci/pdf.sh): Vietnamese text with its
diacritics, totals equal to the database's, one A4 page for a typical teacher, and the same
permission rules as the XLSX sheet."""

import re
import shutil
import subprocess
from datetime import date

from django.db.models import Sum
from django.urls import reverse

import pytest
from PIL import ImageFile

from content_models.models import DailyUsage, LessonPage
from content_models.reports.evidence import Evidence
from content_models.reports.pdf import write_evidence_pdf
from content_models.reports.periods import school_year
from tests.factories.pages import LessonPageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (bash .ci/pdf.sh)"),
]

PDF = reverse("desk:evidence_pdf")
RANGE = {"from": "2025-09-01", "to": date.today().isoformat()}


def read_pdf(data, tmp_path):
    """(text in reading order with blanks collapsed, text laid out by rows, pdfinfo fields)."""
    path = tmp_path / "minh-chung.pdf"
    path.write_bytes(data)

    def run(*args):
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    text = " ".join(run("pdftotext", str(path), "-").split())
    layout = run("pdftotext", "-layout", str(path), "-")
    info = {
        key.strip(): value.strip()
        for key, _sep, value in (
            line.partition(":") for line in run("pdfinfo", str(path)).splitlines()
        )
    }
    return text, layout, info


def get_pdf(client, user, tmp_path, params=RANGE):
    client.force_login(user)
    response = client.get(PDF, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    return read_pdf(response.content, tmp_path)


def views_in(pages, start, end):
    rows = DailyUsage.objects.filter(kind="view", item_id__in=pages, day__gte=start, day__lte=end)
    return rows.aggregate(n=Sum("count"))["n"] or 0


def test_the_pdf_reads_back_in_vietnamese_with_the_database_totals(
    client, teacher_a, centre_a, centre_b, figures, tmp_path
):
    text, layout, info = get_pdf(client, teacher_a, tmp_path)
    assert info["Pages"] == "1" and "(A4)" in info["Page size"]
    # Diacritics survive the round trip (the heading is upper-cased by the stylesheet).
    assert "MINH CHỨNG BỒI DƯỠNG THƯỜNG XUYÊN, THI ĐUA" in text
    assert "Học liệu số đã đóng góp và mức độ sử dụng" in text
    assert centre_a.name in text and centre_b.name in text  # her centre; the reusing centre
    owned = LessonPage.objects.filter(owner=teacher_a).values("pk")
    expected = views_in(owned, date(2025, 9, 1), date.today())
    assert expected == 30  # the 1,000 views of 31 August 2025 are before the period
    match = re.search(r"(\d+) lượt xem, (\d+) lượt tải", text)
    assert match and (int(match[1]), int(match[2])) == (expected, 0)
    # The lesson's row: title, first published today, 30 views, 0 downloads, reused once.
    today = date.today().strftime("%d/%m/%Y")
    assert re.search(rf"Phân số\s+{today}\s+30\s+0\s+1\s*$", layout, re.M)
    # The reuse by centre B, dated inside the year.
    assert re.search(rf"Phân số\s+{re.escape(centre_b.name)}\s+\S.*15/10/2025", layout)


def test_another_teacher_gets_only_their_own(
    client, teacher_b, centre_a, centre_b, figures, tmp_path
):
    params = {**RANGE, "teacher": figures["lesson"].owner_id}
    text, _layout, _info = get_pdf(client, teacher_b, tmp_path, params)
    assert "4 lượt xem, 0 lượt tải" in text
    assert centre_b.name in text and centre_a.name not in text
    assert "Chưa có trung tâm khác dùng lại bài học trong kỳ này." in text


def test_a_typical_teacher_fits_on_one_a4_page(client, teacher_a, centre_a, tmp_path):
    """Fifteen lessons with realistic titles, each viewed and downloaded: one page."""
    day = date.today()
    for n in range(1, 16):
        lesson = LessonPageFactory(
            parent=centre_a.library_page,
            title=f"Bài {n}: Ứng dụng đạo hàm để khảo sát và vẽ đồ thị hàm số bậc ba",
            owner=teacher_a,
            live=False,
        )
        lesson.save_revision(user=teacher_a).publish(user=teacher_a, skip_permission_checks=True)
        DailyUsage.objects.create(kind="view", item_id=lesson.pk, day=day, count=100 + n)
    text, layout, info = get_pdf(client, teacher_a, tmp_path, {"from": "2025-09-01", "to": day})
    assert info["Pages"] == "1" and "(A4)" in info["Page size"]
    assert f"{sum(100 + n for n in range(1, 16))} lượt xem" in text
    assert "Bài 15: Ứng dụng đạo hàm để khảo sát và vẽ đồ thị hàm số bậc ba" in text


def test_a_long_year_flows_onto_more_pages_without_losing_rows(tmp_path):
    lessons = [
        (
            f"Bài {n}: Phương trình bậc hai",
            "Trung tâm GDTX tỉnh Lào Cai",
            date(2025, 10, 1),
            n,
            0,
            0,
        )
        for n in range(1, 91)
    ]
    sheet = Evidence("Lò Văn Sơn", ["Trung tâm GDTX tỉnh Lào Cai"], school_year("2025-2026"),
                     lessons, [], 0, 0, 0)  # fmt: skip
    text, _layout, info = read_pdf(write_evidence_pdf(sheet), tmp_path)
    assert int(info["Pages"]) >= 2
    assert f"Trang {info['Pages']}/{info['Pages']}" in text
    assert all(f"Bài {n}: Phương trình bậc hai" in text for n in (1, 45, 90))


def test_markup_in_a_title_is_text_and_nothing_is_fetched(tmp_path):
    title = '<img src="file:///etc/passwd"><style>@import url(file:///etc/hosts)</style>Bài'
    sheet = Evidence("Giáo viên", [], school_year("2025-2026"),
                     [(title, "", date(2025, 10, 1), 1, 0, 0)], [], 0, 1, 0)  # fmt: skip
    text, _layout, _info = read_pdf(write_evidence_pdf(sheet), tmp_path)
    assert '<img src="file:///etc/passwd">' in text
    assert "root:" not in text


def test_making_a_pdf_leaves_truncated_images_refused(tmp_path):
    # WeasyPrint switches Pillow's LOAD_TRUNCATED_IMAGES on when imported; uploads rely on it
    # being off (tests/media/test_upload_faults.py).
    sheet = Evidence("Giáo viên", [], school_year("2025-2026"), [], [], 0, 0, 0)
    read_pdf(write_evidence_pdf(sheet), tmp_path)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_anonymous_is_sent_to_log_in_and_bad_years_are_a_400(client, teacher_a):
    response = client.get(PDF)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(teacher_a)
    for year in ("2025-2027", "abc", "1900-1901"):
        response = client.get(PDF, {"year": year})
        assert response.status_code == 400, year
        assert "Năm học" in response.content.decode()
    response = client.get(PDF, {"from": "2026-13-45", "to": "2026-01-01"})
    assert response.status_code == 400


def test_the_desk_offers_the_year_and_both_formats(client, teacher_a):
    client.force_login(teacher_a)
    content = client.get(reverse("desk:index")).content.decode()
    form = re.search(r'<form class="desk__evidence".*?</form>', content, re.S).group(0)
    assert f'formaction="{PDF}"' in form and f'formaction="{reverse("desk:evidence")}"' in form
    first = date.today().year if date.today().month >= 9 else date.today().year - 1
    assert f'<option value="{first}-{first + 1}">' in form
    assert f'<option value="{first - 1}-{first}">' in form
