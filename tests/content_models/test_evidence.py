"""The teacher's evidence sheet (minh chứng BDTX / thi đua) and the desk's usage figures:
each teacher gets only their own work, read back with openpyxl."""

import io
import re
from datetime import date

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from content_models.models import DailyUsage, LessonAttachment
from tests.cms.conftest import make_document

pytestmark = pytest.mark.django_db

EVIDENCE = reverse("desk:evidence")
DESK = reverse("desk:index")
RANGE = {"from": "2025-09-01", "to": date.today().isoformat()}


def sheet_of(client, user, params=RANGE):
    client.force_login(user)
    response = client.get(EVIDENCE, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True)}
    lessons = list(workbook["Bài học"].iter_rows(min_row=2, values_only=True))
    reuses = list(workbook["Dùng lại"].iter_rows(min_row=2, values_only=True))
    return summary, lessons, reuses


def test_a_teacher_gets_their_own_evidence(client, teacher_a, centre_a, centre_b, figures):
    summary, lessons, reuses = sheet_of(client, teacher_a)
    assert summary["Giáo viên"] == (teacher_a.get_full_name() or teacher_a.username)
    assert summary["Lượt xem"] == 30  # 31 August 2025 is before the period
    assert summary["Bài công bố lần đầu"] == 1
    assert summary["Được trung tâm khác dùng lại"] == 1
    assert summary["Từ ngày"].date() == date(2025, 9, 1)
    (lesson,) = lessons
    assert lesson[0] == "Phân số" and lesson[1] == centre_a.name
    assert lesson[2].date() == date.today() and lesson[3:] == (30, 0, 1)
    (reuse,) = reuses
    assert reuse[1] == centre_b.name and reuse[3].date() == date(2025, 10, 15)


def test_another_teacher_gets_only_theirs(client, teacher_b, centre_b, figures):
    # Naming teacher A in the URL changes nothing: the sheet is always the caller's.
    params = {**RANGE, "teacher": figures["lesson"].owner_id, "user": figures["lesson"].owner_id}
    summary, lessons, reuses = sheet_of(client, teacher_b, params)
    assert summary["Lượt xem"] == 4
    assert summary["Được trung tâm khác dùng lại"] == 0
    assert [row[1] for row in lessons] == [centre_b.name]
    assert reuses == []


def test_anonymous_is_sent_to_log_in_and_a_bad_year_is_a_400(client, teacher_a):
    response = client.get(EVIDENCE)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(teacher_a)
    response = client.get(EVIDENCE, {"year": "2025-2027"})
    assert response.status_code == 400
    assert "Năm học" in response.content.decode()


def test_the_desk_shows_views_and_downloads_in_fixed_queries(
    client, teacher_a, figures, django_assert_max_num_queries
):
    lesson = figures["lesson"]
    document = make_document("Phiếu", b"%PDF-1.4 test", "phieu.pdf")
    LessonAttachment.objects.create(page=lesson, document=document, sort_order=0)
    DailyUsage.objects.create(kind="download", item_id=document.pk, day=date.today(), count=6)
    client.force_login(teacher_a)
    client.get(DESK)
    with django_assert_max_num_queries(40) as captured:
        content = client.get(DESK).content.decode()
    usage_queries = [q for q in captured.captured_queries if "dailyusage" in q["sql"].lower()]
    assert len(usage_queries) <= 3
    item = re.search(rf'id="trang-{lesson.pk}".*?</li>', content, re.S).group(0)
    assert re.search(r"1[.,]?030 lượt xem, 6 lượt tải", item)
