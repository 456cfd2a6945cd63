"""The lesson page offers a light version first, with both sizes and their data cost, the
original one tap away, and heeds `Save-Data` (components/light_version.html,
docs/light-versions.md); no query per attachment."""

import re

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.models import SiteSettings
from content_models.models import LessonAttachment
from media.models import LightStatus
from tests.cms.conftest import make_document, publish
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db

ORIGINAL = b"\x00\x00\x00\x18ftypisom" + b"v" * 3_000_000  # stands for a heavy MP4
LIGHT = b"\x00\x00\x00\x18ftypisom" + b"l" * 300_000


def with_light_version(document, content=LIGHT):
    """What `media.light.tasks.make_light_version` records when it succeeds."""
    document.light_file.save("light.mp4", ContentFile(content), save=False)
    document.light_size = len(content)
    document.light_mime_type = "video/mp4"
    document.light_status = LightStatus.READY
    document.save(update_fields=["light_file", "light_size", "light_mime_type", "light_status"])
    return document


def lesson_with(centre, documents):
    lesson = LessonPageFactory(
        parent=centre.library_page, title=f"Bài có {len(documents)} video", live=False
    )
    for index, document in enumerate(documents):
        LessonAttachment.objects.create(
            page=lesson, document=document, title=f"Video {index}", sort_order=index
        )
    return publish(lesson)


@pytest.fixture
def video(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return with_light_version(make_document("Thí nghiệm", ORIGINAL, "thi-nghiem.mp4"))


def costs_in(content):
    """(position, đồng) of each “khoảng N đồng dữ liệu di động” on the page."""
    return [
        (match.start(), int(match["cost"].replace(".", "")))
        for match in re.finditer(r"khoảng (?P<cost>[\d.]+) đồng dữ liệu di động", content)
    ]


def test_light_version_first_with_both_sizes_and_data_costs(client, centre_a, video):
    lesson = lesson_with(centre_a, [video])
    prices = SiteSettings.for_site(lesson.get_site())
    prices.mobile_data_price_per_mb = 10_000  # the cost is said only with a price
    prices.save()
    cache.clear()
    response = client.get(lesson.url)
    content = response.content.decode().replace("\xa0", " ")
    assert "Save-Data" in response["Vary"]
    note = content.index("Đây là bản nhẹ")
    original = content.index("Bản gốc: 2,9 MB")
    (light_at, light_cost), *_rest, (original_at, original_cost) = costs_in(content)
    assert light_at < note < original < original_at
    assert light_cost * 9 < original_cost  # about a tenth of the data
    # The player and the main button use the light version; the original is one link away.
    assert f'<source src="{video.light_url}" type="video/mp4">' in content
    assert f'href="{video.light_url}" download' in content
    assert f'<a href="{video.url}" download>Tải bản gốc' in content
    assert "<details" not in content


def test_save_data_folds_the_original_behind_a_summary(client, centre_a, video):
    lesson = lesson_with(centre_a, [video])
    response = client.get(lesson.url, headers={"save-data": "on"})
    content = response.content.decode().replace("\xa0", " ")
    details = content[content.index('<details class="light-version-original">') :]
    details = details[: details.index("</details>")]
    assert "<summary>Bản gốc (2,9" in details
    assert f'<a href="{video.url}" download>Tải bản gốc' in details
    assert content.index("Đây là bản nhẹ") < content.index("<details")


def test_document_without_light_version_is_shown_as_before(client, centre_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    document = make_document("Thí nghiệm", ORIGINAL, "thi-nghiem.mp4")
    document.light_status = LightStatus.FAILED
    document.light_error = "ffprobe không xử lý được tệp"
    document.save(update_fields=["light_status", "light_error"])
    content = client.get(lesson_with(centre_a, [document]).url).content.decode()
    assert "bản nhẹ" not in content and "ffprobe" not in content
    assert f'<source src="{document.url}"' in content


def test_light_versions_add_no_query_per_attachment(client, centre_a, video):
    def queries_for(lesson):
        client.get(lesson.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(lesson.url).status_code == 200
        return len(captured.captured_queries)

    one = queries_for(lesson_with(centre_a, [video]))
    others = [
        with_light_version(make_document(f"Video {n}", ORIGINAL, f"v{n}.mp4")) for n in range(4)
    ]
    many = lesson_with(centre_a, [video, *others])
    assert queries_for(many) == one
    assert client.get(many.url).content.decode().count("Đây là bản nhẹ") == 5
