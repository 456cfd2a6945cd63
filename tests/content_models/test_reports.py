"""School-year reports: figures equal the database's, exports read back by openpyxl and by
LibreOffice (headless), and the permission matrix of every report and export URL."""

import csv
import io
import shutil
import subprocess
from datetime import date

from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from content_models.models import LessonPage, ReuseRecord
from content_models.reports import views as report_views
from content_models.reports.periods import school_year
from content_models.reports.queries import METRIC_KEYS, build_report
from content_models.reports.scope import visible_centres
from tests.conftest import _user

pytestmark = pytest.mark.django_db

YEAR = "2025-2026"
INDEX = reverse("reports:index")
XLSX = reverse("reports:export", args=["xlsx"])
CSV = reverse("reports:export", args=["csv"])


def test_the_ledger_records_a_reuse_once_on_first_publication(figures, centre_a, centre_b):
    record = ReuseRecord.objects.get()
    assert record.source_id == figures["lesson"].pk
    assert (record.source_centre, record.reusing_centre) == (centre_a, centre_b)
    assert record.source_authors == "Lò Văn Sơn"
    assert record.licence.name == "CC BY 4.0"
    figures["copy"].save_revision().publish()
    assert ReuseRecord.objects.count() == 1


def test_the_lesson_page_credits_its_reuses(client, figures):
    content = client.get(figures["lesson"].url).content.decode()
    assert "Được dùng lại 1 lần bởi 1 trung tâm" in content
    assert f'href="/l/{figures["copy"].pk}/"' in content


def test_the_figures_equal_the_database(figures, centre_a, centre_b):
    report = build_report(school_year(YEAR), [centre_a.pk, centre_b.pk])
    by_centre = {row.name: row.figures for row in report.centres}
    a, b = by_centre[centre_a.name], by_centre[centre_b.name]
    assert a["views"] == 30  # the 1000 of 31 August 2025 belong to the year before
    assert b["views"] == 4
    assert (a["reuses_given"], b["reuses_received"]) == (1, 1)
    assert report.totals["views"] == 34
    assert {row.name for row in report.provinces} == {"Lào Cai", "Lai Châu"}


def test_a_year_without_data_gives_an_empty_valid_file(client, editor, figures):
    client.force_login(editor)
    response = client.get(XLSX, {"year": "2040-2041"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Tổng hợp"]["B4"].value.date() == date(2040, 9, 1)


@pytest.mark.parametrize("year", ["abc", "1900-1901", "2025-2027", "2025-2025"])
def test_a_bad_school_year_is_a_400(client, editor, centre_a, year):
    client.force_login(editor)
    for url in (INDEX, XLSX, CSV):
        response = client.get(url, {"year": year})
        assert response.status_code == 400
        assert "Năm học" in response.content.decode()


def test_the_xlsx_read_by_openpyxl(client, editor, figures):
    client.force_login(editor)
    response = client.get(XLSX, {"year": YEAR})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:4] == ["Tổng hợp", "Tỉnh, thành phố", "Trung tâm", "Giáo viên"]
    centres = workbook["Trung tâm"]
    assert centres.freeze_panes == "A2"
    assert centres.page_setup.orientation == "landscape"
    assert str(centres.page_setup.paperSize) == centres.PAPERSIZE_A4
    assert centres["A1"].value == "Trung tâm"
    views_column = 3 + METRIC_KEYS.index("views")
    values = [row[views_column - 1] for row in centres.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(value, int) for value in values)
    assert sum(values) == 34
    summary = workbook["Tổng hợp"]
    assert summary["B4"].is_date and summary["B4"].value.date() == date(2025, 9, 1)
    assert centres.column_dimensions["A"].width >= 30


def test_the_csv_has_a_bom_and_the_totals(client, editor, figures):
    client.force_login(editor)
    response = client.get(CSV, {"year": YEAR})
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Cấp", "Tên", "Thuộc"]
    views = 3 + METRIC_KEYS.index("views")
    assert sum(int(row[views]) for row in rows[1:] if row[0] == "Trung tâm") == 34


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (bash .ci/libreoffice.sh)")
def test_libreoffice_opens_and_converts_the_exports(client, editor, figures, tmp_path):
    client.force_login(editor)
    (tmp_path / "bao-cao.xlsx").write_bytes(client.get(XLSX, {"year": YEAR}).content)
    (tmp_path / "bao-cao.csv").write_bytes(client.get(CSV, {"year": YEAR}).content)
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    # CSV filter options 44,34,76: comma, double quote, UTF-8.
    for source, target in (
        ("bao-cao.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76"),
        ("bao-cao.xlsx", "pdf"),
        ("bao-cao.csv", "pdf"),
    ):
        subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", target, "--outdir",
             str(tmp_path / target[:3]), str(tmp_path / source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    # The first sheet (the summary) as LibreOffice computed it.
    with open(tmp_path / "csv" / "bao-cao.csv", encoding="utf-8", errors="replace") as handle:
        summary = {row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2}
    assert summary["Lượt xem"] == "34"
    assert summary["Được trung tâm khác dùng lại"] == "1"
    for name in ("bao-cao.pdf",):
        assert (tmp_path / "pdf" / name).read_bytes().startswith(b"%PDF")


def test_the_command_writes_and_refuses_bad_input(figures, tmp_path, centre_a):
    output = tmp_path / "report.xlsx"
    call_command("report_usage", "--year", YEAR, "--format", "xlsx", "--output", str(output))
    sheet = load_workbook(output)["Trung tâm"]
    assert (
        sum(
            row[2 + METRIC_KEYS.index("views")] or 0
            for row in sheet.iter_rows(min_row=2, values_only=True)
        )
        == 34
    )
    output_csv = tmp_path / "lao-cai.csv"
    call_command(
        "report_usage", "--year", YEAR, "--province", "Lào Cai", "--format", "csv",
        "--output", str(output_csv),
    )  # fmt: skip
    text = output_csv.read_text(encoding="utf-8-sig")
    assert centre_a.name in text and "Mường Tè" not in text
    for arguments in (["--year", "abc"], ["--year", YEAR, "--centre", "Không có"]):
        with pytest.raises(CommandError) as error:
            call_command("report_usage", *arguments, "--output", str(tmp_path / "x.csv"))
        assert error.value.returncode == 2
    assert not (tmp_path / "x.csv").exists()


# --- Permission matrix ------------------------------------------------------------------


def _urls(centre_a, centre_b):
    """(name, url, whose centre it names or None)."""
    urls = []
    for base in (INDEX, XLSX, CSV):
        urls.append((base, f"{base}?year={YEAR}", None))
        urls.append((base, f"{base}?year={YEAR}&centre={centre_a.pk}", "a"))
        urls.append((base, f"{base}?year={YEAR}&centre={centre_b.pk}", "b"))
        urls.append((base, f"{base}?year={YEAR}&province={centre_b.province_id}", "b"))
    return urls


@pytest.mark.parametrize("who", ["editor", "director_a", "teacher_a", "teacher_b", "anonymous"])
def test_permission_matrix_of_every_report_and_export(client, request, who, centre_a, centre_b):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    own = {"editor": {"a", "b"}, "director_a": {"a"}, "teacher_a": {"a"}, "teacher_b": {"b"}}
    if user is not None:
        client.force_login(user)
    for _base, url, names in _urls(centre_a, centre_b):
        response = client.get(url)
        if user is None:
            assert response.status_code == 302, url  # to the admin login
            assert "login" in response["Location"]
            continue
        expected = 200 if names is None or names in own[who] else 404
        assert response.status_code == expected, (who, url, response.status_code)
        if expected == 200 and who != "editor":
            body = response.content
            other = centre_b if own[who] == {"a"} else centre_a
            if url.startswith(XLSX):
                text = " ".join(
                    str(cell)
                    for sheet in load_workbook(io.BytesIO(body)).worksheets
                    for row in sheet.iter_rows(values_only=True)
                    for cell in row
                )
            else:
                text = body.decode("utf-8-sig")
            assert other.name not in text, (who, url)


def test_a_user_of_no_centre_is_refused(client, django_user_model, site_tree):
    user = _user(django_user_model, "khach", is_staff=False)
    user.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
    client.force_login(user)
    for url in (INDEX, XLSX, CSV):
        # Wagtail's admin answers a PermissionDenied with a redirect to its dashboard.
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_the_menu_shows_reports_to_teachers_and_editors(client, teacher_a, editor):
    for user in (teacher_a, editor):
        client.force_login(user)
        assert INDEX in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_report_page_has_charts_and_sortable_tables(client, editor, figures):
    client.force_login(editor)
    content = client.get(INDEX, {"year": YEAR, "sort": "views"}).content.decode()
    assert content.count("<svg") >= 2
    assert "sort=views" in content
    assert LessonPage.objects.get(pk=figures["lesson"].pk).title in content


def test_a_long_level_shows_its_first_rows_and_points_to_the_exports(
    client, editor, figures, monkeypatch
):
    # A province has hundreds of teachers; the page draws the first rows of each level.
    monkeypatch.setattr(report_views, "ROWS_SHOWN", 1)
    client.force_login(editor)
    response = client.get(INDEX, {"year": YEAR, "sort": "views"})
    content = response.content.decode()
    report = build_report(school_year(YEAR), visible_centres(editor).values("pk"))
    teachers = len(report.level_rows()["teachers"])
    assert teachers > 1
    assert f"hiện 1 dòng đầu trong {teachers} dòng" in content
    assert "reports/reports.css" in content
