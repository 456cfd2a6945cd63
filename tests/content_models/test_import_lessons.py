"""`manage.py import_lessons`: real files on disk, the real command, the real database."""

import csv
import io
import json
import unicodedata

from django.core.management import CommandError, call_command

from taggit.models import Tag

import pytest
from PIL import Image

from content_models.models import Centre, CentreLibraryPage, LessonPage, Subject
from content_models.models.workflow import centre_collection, teachers_group_name
from media.models import CustomDocument
from tests.factories.pages import LessonPageFactory

HEADER = [
    "external_id",
    "title",
    "summary",
    "body",
    "programme_levels",
    "subjects",
    "grades",
    "resource_type",
    "licence",
    "language",
    "authors",
    "centre",
    "province",
    "keywords",
    "attachments",
]
LAO_CAI = "Trung tâm GDTX tỉnh Lào Cai"


def nfd(text):
    return unicodedata.normalize("NFD", text)


def row(**values):
    base = {
        "external_id": "lc-001",
        "title": "Phương trình bậc hai một ẩn",
        "summary": "Cách giải phương trình bậc hai bằng công thức nghiệm.",
        "body": "Phương trình bậc hai có dạng ax² + bx + c = 0. Ta tính biệt thức Δ.",
        "programme_levels": "Chương trình GDTX cấp THPT",
        "subjects": "Toán",
        "grades": "9;10",
        "resource_type": "Bài giảng điện tử",
        "licence": "CC BY 4.0",
        "language": "",
        "authors": "Nguyễn Thị Hoa;Lò Văn Páo",
        "centre": LAO_CAI,
        "province": "Lào Cai",
        "keywords": "",
        "attachments": "",
    }
    base.update(values)
    if "title" not in values and base["external_id"] != "lc-001":
        # One title per lesson: a centre's lessons may not share one (see the tests below).
        base["title"] = f"{base['title']} – {base['external_id']}"
    return base


def write_csv(path, rows, bom=True):
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig" if bom else "utf-8", newline="")
    return path


def make_pdf(path, colour="white"):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 170), colour).save(path, "PDF")
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_lessons", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_lessons", str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(caught.value), err.getvalue()


def test_csv_with_bom_nfd_names_and_attachment_arrives_as_draft(centre_a, tmp_path):
    Tag.objects.create(name="phương trình")
    make_pdf(tmp_path / "tai-lieu" / "phiếu bài tập.pdf")
    source = write_csv(
        tmp_path / "bai-hoc.csv",
        [
            row(
                subjects=nfd("toán"),
                programme_levels=nfd("CHƯƠNG TRÌNH GDTX CẤP THPT"),
                licence="cc by 4.0",
                centre=nfd(LAO_CAI),
                keywords=nfd("Phương trình"),
                attachments="tai-lieu/phiếu bài tập.pdf",
                body="Phương trình bậc hai có dạng ax² + bx + c = 0.\n\nTa tính biệt thức Δ.",
            )
        ],
    )
    out, _err = run(source)

    lesson = LessonPage.objects.get(external_id="lc-001")
    assert "1 mới" in out
    assert not lesson.live
    assert lesson.get_latest_revision() is not None
    assert lesson.get_parent().specific.centre == centre_a
    assert [s.name for s in lesson.subjects.all()] == ["Toán"]
    assert [g.number for g in lesson.grades.all()] == [9, 10]
    assert lesson.programme_levels.get().name == "Chương trình GDTX cấp THPT"
    assert lesson.licence.name == "CC BY 4.0"
    assert lesson.resource_type.name == "Bài giảng điện tử"
    assert lesson.authors == "Nguyễn Thị Hoa, Lò Văn Páo"
    assert lesson.language == "vi"
    assert [t.name for t in lesson.keywords.all()] == ["phương trình"]
    assert Tag.objects.count() == 1
    paragraphs = [block.value.source for block in lesson.body if block.block_type == "paragraph"]
    assert paragraphs == [
        "<p>Phương trình bậc hai có dạng ax² + bx + c = 0.</p><p>Ta tính biệt thức Δ.</p>"
    ]
    document = lesson.attachments.get().document
    assert document.collection == centre_collection(centre_a)
    assert document.title == "phiếu bài tập"
    assert document.file_size > 0 and document.file_hash
    assert not LessonPage.objects.live().filter(pk=lesson.pk).exists()


def test_json_import_with_publish_is_live(centre_a, tmp_path):
    make_pdf(tmp_path / "de-kiem-tra.pdf")
    items = [
        row(
            external_id="lc-json-1",
            grades=[10, 11],
            subjects=["Toán", "Tin học"],
            authors=["Hà Thị Mai"],
            attachments=["de-kiem-tra.pdf"],
            body="<h2>Giới thiệu</h2><p>Ôn tập <b>hàm số</b>.</p>",
        ),
        row(external_id="lc-json-2", title="Hàm số bậc nhất", grades="10"),
    ]
    source = tmp_path / "bai-hoc.json"
    source.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
    run(source, "--publish")

    first = LessonPage.objects.get(external_id="lc-json-1")
    assert first.live and not first.has_unpublished_changes
    assert sorted(s.name for s in first.subjects.all()) == ["Tin học", "Toán"]
    assert [g.number for g in first.grades.all()] == [10, 11]
    assert [block.block_type for block in first.body] == ["heading", "paragraph"]
    assert first.body[0].value["text"] == "Giới thiệu"
    assert first.attachments.count() == 1
    assert LessonPage.objects.live().count() == 2


def test_html_body_is_sanitised(centre_a, tmp_path):
    body = (
        '<p onclick="steal()">Xin chào <a href="javascript:alert(1)">bấm</a>'
        '<script>alert("x")</script><img src=x onerror=alert(1)></p>'
    )
    run(write_csv(tmp_path / "a.csv", [row(body=body)]))
    html = LessonPage.objects.get().body[0].value.source
    assert "script" not in html and "alert" not in html
    assert "onclick" not in html and "onerror" not in html and "javascript" not in html
    assert "Xin chào" in html


def test_bad_rows_are_reported_by_physical_line_and_nothing_is_imported(centre_a, tmp_path):
    make_pdf(tmp_path / "ok.pdf")
    # The first record spans three physical lines (a quoted body with a blank line between its
    # paragraphs): the report must name physical lines, not record numbers.
    rows = [
        row(external_id="r1", attachments="ok.pdf", body="Mở đầu\n\nNội dung"),  # lines 2-4
        row(external_id="r2", grades="13"),  # line 5
        row(external_id="r3", licence="", title=""),  # line 6
        row(external_id="r1"),  # line 7: duplicate of line 2
        row(external_id="r5", programme_levels="Chương trình không tồn tại"),  # line 8
        row(external_id="r6", attachments="thieu.pdf"),  # line 9
        row(external_id="r7", grades="abc"),  # line 10
        row(external_id="r8", licence="Giấy phép riêng"),  # line 11
    ]
    message, report = run_failing(write_csv(tmp_path / "loi.csv", rows))

    assert "7/8 dòng có lỗi" in message
    lines = report.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Dòng 5",
        "Dòng 6",
        "Dòng 7",
        "Dòng 8",
        "Dòng 9",
        "Dòng 10",
        "Dòng 11",
    ]
    assert "lớp “13” không hợp lệ" in lines[0]
    assert "thiếu tiêu đề" in lines[1] and "thiếu giấy phép" in lines[1]
    assert "trùng với Dòng 2" in lines[2]
    assert "chương trình “Chương trình không tồn tại” không có" in lines[3]
    assert "không tìm thấy tệp đính kèm “thieu.pdf”" in lines[4]
    assert "lớp “abc” không hợp lệ" in lines[5]
    assert "giấy phép “Giấy phép riêng” không có" in lines[6]
    assert LessonPage.objects.count() == 0
    assert CustomDocument.objects.count() == 0


def test_json_errors_name_item_and_line(centre_a, tmp_path):
    source = tmp_path / "loi.json"
    items = [row(external_id="j1"), row(external_id="j2", centre="Trung tâm không có")]
    source.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
    _message, report = run_failing(source)
    second_item_line = source.read_text().splitlines().index("  {", 2) + 1
    assert report.startswith(f"Mục thứ 2 (dòng {second_item_line}): ")
    assert "trung tâm “Trung tâm không có” chưa có" in report
    assert LessonPage.objects.count() == 0


def test_json_syntax_error_names_the_line(centre_a, tmp_path):
    source = tmp_path / "hong.json"
    source.write_text('[\n  {"external_id": "x",}\n]', encoding="utf-8")
    message, _report = run_failing(source)
    assert "dòng 2" in message


def test_dry_run_with_good_rows_imports_nothing_and_succeeds(centre_a, tmp_path):
    make_pdf(tmp_path / "a.pdf")
    out, _err = run(
        write_csv(tmp_path / "a.csv", [row(attachments="a.pdf"), row(external_id="x2")]),
        "--dry-run",
        "--publish",
    )
    assert "2 bài hợp lệ" in out
    assert LessonPage.objects.count() == 0
    assert CustomDocument.objects.count() == 0


def test_dry_run_with_a_bad_row_fails(centre_a, tmp_path):
    _message, report = run_failing(
        write_csv(tmp_path / "a.csv", [row(), row(external_id="x2", grades="0")]), "--dry-run"
    )
    assert report.startswith("Dòng 3:")
    assert LessonPage.objects.count() == 0


def test_unknown_centre_is_an_error_without_create_missing(site_tree, tmp_path):
    source = write_csv(tmp_path / "a.csv", [row(centre="Trung tâm GDNN-GDTX Bảo Thắng")])
    _message, report = run_failing(source)
    assert "Trung tâm GDNN-GDTX Bảo Thắng" in report and "--create-missing" in report
    assert not Centre.objects.exists()


def test_create_missing_creates_centre_in_province_with_library(site_tree, tmp_path):
    rows = [
        row(centre="Trung tâm GDNN-GDTX Bảo Thắng", subjects="Nghề mộc", keywords="nghề;mộc"),
        row(external_id="lc-2", centre=nfd("trung tâm GDNN-GDTX Bảo Thắng"), subjects="nghề mộc"),
    ]
    out, _err = run(write_csv(tmp_path / "a.csv", rows), "--create-missing")
    centre = Centre.objects.get()
    assert centre.name == "Trung tâm GDNN-GDTX Bảo Thắng"
    assert centre.province.name == "Lào Cai"
    assert centre.kind == "gdnn_gdtx"
    library = CentreLibraryPage.objects.get(centre=centre)
    assert LessonPage.objects.child_of(library).count() == 2
    assert Subject.objects.filter(name="Nghề mộc").count() == 1
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["mộc", "nghề"]
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name=teachers_group_name(centre)).exists()
    assert "Trung tâm mới: Trung tâm GDNN-GDTX Bảo Thắng" in out


def test_create_missing_needs_a_known_province(site_tree, tmp_path):
    rows = [
        row(centre="Trung tâm mới A", province=""),
        row(external_id="b", centre="Trung tâm mới B", province="Hà Giang"),
    ]
    _message, report = run_failing(write_csv(tmp_path / "a.csv", rows), "--create-missing")
    assert "Dòng 2: cần tỉnh/thành phố" in report
    assert "Dòng 3: tỉnh/thành phố “Hà Giang” không có" in report
    assert not Centre.objects.exists()


def test_create_missing_refuses_a_near_duplicate_subject(centre_a, tmp_path):
    _message, report = run_failing(
        write_csv(tmp_path / "a.csv", [row(subjects="Toan")]), "--create-missing"
    )
    assert "gần giống “Toán”" in report
    assert not Subject.objects.filter(name="Toan").exists()


def test_unknown_keyword_and_subject_are_errors_without_create_missing(centre_a, tmp_path):
    _message, report = run_failing(
        write_csv(tmp_path / "a.csv", [row(subjects="Thiên văn học", keywords="sao chổi")])
    )
    assert "môn học “Thiên văn học” không có" in report
    assert "từ khóa “sao chổi” chưa có" in report


def test_unknown_level_and_licence_are_errors_even_with_create_missing(centre_a, tmp_path):
    rows = [row(programme_levels="Lớp học tình thương"), row(external_id="b", licence="MIT")]
    _message, report = run_failing(write_csv(tmp_path / "a.csv", rows), "--create-missing")
    assert "Dòng 2: chương trình “Lớp học tình thương” không có" in report
    assert "Dòng 3: giấy phép “MIT” không có" in report
    assert LessonPage.objects.count() == 0


def test_reimport_updates_by_external_id_with_a_new_revision(centre_a, tmp_path):
    make_pdf(tmp_path / "a.pdf")
    run(write_csv(tmp_path / "a.csv", [row(attachments="a.pdf")]), "--publish")
    lesson = LessonPage.objects.get()
    revisions = lesson.revisions.count()

    run(
        write_csv(
            tmp_path / "a.csv", [row(title="Phương trình bậc hai (sửa)", attachments="a.pdf")]
        )
    )
    lesson.refresh_from_db()
    assert LessonPage.objects.count() == 1
    assert CustomDocument.objects.count() == 1
    assert lesson.revisions.count() == revisions + 1
    # Without --publish the live lesson keeps its content; the change waits as a draft.
    assert lesson.live and lesson.title == "Phương trình bậc hai một ẩn"
    assert lesson.has_unpublished_changes
    assert lesson.get_latest_revision_as_object().title == "Phương trình bậc hai (sửa)"

    run(write_csv(tmp_path / "a.csv", [row(title="Phương trình bậc hai (sửa)")]), "--publish")
    lesson.refresh_from_db()
    assert lesson.title == "Phương trình bậc hai (sửa)" and not lesson.has_unpublished_changes
    assert lesson.attachments.count() == 0


def test_reimport_moves_a_lesson_whose_centre_changed(centre_a, centre_b, tmp_path):
    run(write_csv(tmp_path / "a.csv", [row()]), "--publish")
    run(
        write_csv(tmp_path / "a.csv", [row(centre=centre_b.name, province="Lai Châu")]),
        "--publish",
    )
    lesson = LessonPage.objects.get()
    assert lesson.get_parent().specific.centre == centre_b
    assert lesson.centre == centre_b


@pytest.mark.parametrize("path", ["../secret.pdf", "tai-lieu/../../secret.pdf", "/etc/passwd"])
def test_attachment_paths_outside_the_file_folder_are_refused(centre_a, tmp_path, path):
    make_pdf(tmp_path / "secret.pdf")
    folder = tmp_path / "nhap"
    (folder / "tai-lieu").mkdir(parents=True)
    _message, report = run_failing(write_csv(folder / "a.csv", [row(attachments=path)]))
    assert "Dòng 2:" in report
    assert "ngoài thư mục" in report or "đường dẫn tương đối" in report
    assert CustomDocument.objects.count() == 0


def test_symlink_leaving_the_folder_is_refused(centre_a, tmp_path):
    make_pdf(tmp_path / "secret.pdf")
    folder = tmp_path / "nhap"
    folder.mkdir()
    (folder / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    _message, report = run_failing(write_csv(folder / "a.csv", [row(attachments="link.pdf")]))
    assert "trỏ ra ngoài thư mục" in report


def test_disallowed_attachment_type_is_refused(centre_a, tmp_path):
    (tmp_path / "virus.exe").write_bytes(b"MZ\x90\x00" * 100)
    _message, report = run_failing(write_csv(tmp_path / "a.csv", [row(attachments="virus.exe")]))
    assert "virus.exe" in report and "không được phép" in report


def test_a_failure_while_writing_rolls_everything_back(centre_a, tmp_path, settings):
    media = tmp_path / "media"
    media.mkdir()
    (media / "documents").write_text("not a folder")  # storing any document will fail
    settings.MEDIA_ROOT = media
    make_pdf(tmp_path / "src" / "a.pdf")
    rows = [row(external_id="ok"), row(external_id="fails", attachments="a.pdf")]
    message, _report = run_failing(write_csv(tmp_path / "src" / "a.csv", rows), "--publish")
    assert message.startswith("Dòng 3: không nhập được")
    assert LessonPage.objects.count() == 0
    assert CustomDocument.objects.count() == 0


def test_unknown_columns_and_missing_required_columns(centre_a, tmp_path):
    source = tmp_path / "a.csv"
    source.write_text("external_id,title,tieu_de\nx,y,z\n", encoding="utf-8")
    message, _report = run_failing(source)
    assert "Cột không được hỗ trợ: tieu_de" in message
    source.write_text("external_id,title\nx,y\n", encoding="utf-8")
    message, _report = run_failing(source)
    assert "Thiếu cột bắt buộc: licence, centre" in message


def test_non_utf8_file_is_refused_with_a_hint(centre_a, tmp_path):
    source = tmp_path / "a.csv"
    source.write_bytes(",".join(HEADER).encode() + b"\nx,Ph\xfd\xf5ng\n")
    message, _report = run_failing(source)
    assert "UTF-8" in message and "dòng 2" in message


def test_user_option_records_the_importer_and_checks_permissions(
    centre_a, centre_b, teacher_a, tmp_path
):
    run(write_csv(tmp_path / "a.csv", [row()]), "--user", teacher_a.username)
    lesson = LessonPage.objects.get()
    assert lesson.owner == teacher_a
    assert lesson.get_latest_revision().user == teacher_a

    other = write_csv(
        tmp_path / "b.csv", [row(external_id="b1", centre=centre_b.name, province="")]
    )
    _message, report = run_failing(other, "--user", teacher_a.username)
    assert "không có quyền thêm bài" in report
    _message, report = run_failing(
        write_csv(tmp_path / "c.csv", [row(external_id="c1")]),
        "--user",
        teacher_a.username,
        "--publish",
    )
    assert "không có quyền xuất bản" in report
    message, _report = run_failing(tmp_path / "a.csv", "--user", "khong-ai")
    assert "Không có người dùng" in message


def test_attachment_content_is_checked_not_its_name(centre_a, tmp_path):
    (tmp_path / "bai-giang.pdf").write_text("<html><script>alert(1)</script></html>")
    _message, report = run_failing(
        write_csv(tmp_path / "a.csv", [row(attachments="bai-giang.pdf")])
    )
    assert "Dòng 2:" in report and "bai-giang.pdf" in report and "bị từ chối" in report
    assert CustomDocument.objects.count() == 0


def test_attachment_records_the_sniffed_type(centre_a, tmp_path):
    make_pdf(tmp_path / "phieu.pdf")
    run(write_csv(tmp_path / "a.csv", [row(attachments="phieu.pdf")]))
    assert CustomDocument.objects.get().mime_type == "application/pdf"


def test_the_documented_examples_import(site_tree):
    """The README points newcomers at these files; they must keep working."""
    from django.conf import settings

    folder = settings.BASE_DIR / "content_models" / "fixtures" / "import_example"
    run(folder / "bai-hoc.csv", "--create-missing")
    # The JSON example holds the same two lessons: their titles are already in the centre.
    message, report = run_failing(folder / "bai-hoc.json", "--create-missing", "--publish")
    assert "2/2 dòng có lỗi" in message
    assert "trung tâm đã có bài “Phân số và phép chia”" in report
    run(folder / "bai-hoc.json", "--create-missing", "--publish", "--allow-duplicate-titles")
    assert LessonPage.objects.count() == 4
    assert LessonPage.objects.live().count() == 2
    assert Centre.objects.get().name == "Trung tâm GDNN-GDTX Bảo Thắng"
    html = LessonPage.objects.get(external_id="bt-tin-002").body
    assert [block.block_type for block in html] == ["heading", "paragraph", "heading", "paragraph"]
    assert "<ul><li>Chữ đậm, nghiêng</li>" in html[3].value.source


def test_json_with_bom_and_nfd_names(centre_a, tmp_path):
    source = tmp_path / "a.json"
    item = row(subjects=[nfd("Tin học")], centre=nfd(LAO_CAI), licence=nfd("CC BY-NC-SA 4.0"))
    source.write_text(json.dumps([item], ensure_ascii=False), encoding="utf-8-sig")
    run(source)
    lesson = LessonPage.objects.get()
    assert lesson.subjects.get().name == "Tin học"
    assert lesson.licence.name == "CC BY-NC-SA 4.0"


def test_nul_characters_are_a_row_error(centre_a, tmp_path):
    source = tmp_path / "a.json"
    source.write_text(json.dumps([row(title="Bài\u0000học")]), encoding="utf-8")
    _message, report = run_failing(source)
    assert "Mục thứ 1 (dòng 1): có ký tự NUL" in report


def test_semicolon_separated_columns_get_a_hint(centre_a, tmp_path):
    source = tmp_path / "a.csv"
    source.write_text(";".join(HEADER) + "\nx;y\n", encoding="utf-8-sig")
    message, _report = run_failing(source)
    assert "dấu chấm phẩy" in message and "CSV UTF-8" in message


def test_every_reason_of_a_row_in_report_order(centre_a, tmp_path):
    # Whole-row checks (required values) come first, then each column's cleaner in turn.
    bad = row(
        external_id="x" * 256,
        title="",
        summary="s" * 1001,
        grades="0",
        licence="",
        language="klingon",
        authors="a" * 501,
        centre="Trung tâm không có",
    )
    _message, report = run_failing(write_csv(tmp_path / "loi.csv", [bad]))
    assert report.strip() == (
        "Dòng 2: thiếu tiêu đề (title); thiếu giấy phép (licence); mã bài dài quá 255 ký tự; "
        "tóm tắt dài quá 1000 ký tự; lớp “0” không hợp lệ (phải là số từ 1 đến 12); "
        "ngôn ngữ “klingon” không hợp lệ (dùng mã: vi, en, tyz, tnu, hmn, km, mtq, other); "
        "danh sách tác giả dài quá 500 ký tự; "
        "trung tâm “Trung tâm không có” chưa có (dùng --create-missing để tạo)."
    )


def test_length_limits_follow_the_model_fields(centre_a, tmp_path, monkeypatch):
    monkeypatch.setattr(LessonPage._meta.get_field("title"), "max_length", 20)
    _message, report = run_failing(write_csv(tmp_path / "a.csv", [row(title="t" * 21)]))
    assert report.strip() == "Dòng 2: tiêu đề dài quá 20 ký tự."
    run(write_csv(tmp_path / "b.csv", [row(title="t" * 20)]))
    assert LessonPage.objects.get().title == "t" * 20


def test_a_title_the_centre_already_has_is_refused_with_a_link(centre_a, centre_b, tmp_path):
    other_centre = LessonPageFactory(parent=centre_b.library_page, title="Lũy thừa")
    assert other_centre.centre == centre_b
    existing = LessonPageFactory(parent=centre_a.library_page, title="Lũy  Thừa")
    rows = [
        row(external_id="n1", title="lũy thừa"),  # line 2: the centre has it (any case, spaces)
        row(external_id="n2", title="Căn bậc hai"),  # line 3: new
        row(external_id="n3", title="CĂN BẬC HAI"),  # line 4: same as line 3
    ]
    path = write_csv(tmp_path / "trung.csv", rows)
    message, report = run_failing(path)
    assert "2/3 dòng có lỗi; không nhập bài nào." in message
    lines = report.strip().splitlines()
    assert lines[0] == (
        f"Dòng 2: trung tâm đã có bài “Lũy  Thừa” (/admin/pages/{existing.pk}/edit/); nếu đúng "
        "là bài khác, chạy lại với --allow-duplicate-titles."
    )
    assert lines[1] == "Dòng 4: tiêu đề “CĂN BẬC HAI” trùng với Dòng 3 cùng trung tâm."
    assert LessonPage.objects.count() == 2
    with pytest.raises(CommandError) as caught:
        call_command("import_lessons", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.returncode == 1  # manage.py exits with this status

    run(path, "--allow-duplicate-titles")
    assert LessonPage.objects.filter(centre=centre_a).count() == 4


def test_reimporting_a_lesson_does_not_count_its_own_title(centre_a, tmp_path):
    path = write_csv(tmp_path / "bai.csv", [row()])
    run(path)
    run(path)  # the same external_id: an update, not a duplicate
    assert LessonPage.objects.count() == 1
