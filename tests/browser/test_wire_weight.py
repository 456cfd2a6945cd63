"""Bytes on the wire: a lesson page opened in Chromium through the production stack's nginx
(`.ci/stack.sh start`) arrives compressed, and what a learner's phone downloads for it (the
HTML, CSS and JavaScript, user media aside) stays within the page budget. The budget on the
uncompressed bytes is tests/cms/test_weights.py; here the browser's own Resource Timing
figures say what crossed the network (docs/public-site.md)."""

import json
import uuid

import pytest

from tests.browser.conftest import PERSON_USER_AGENT, PHONE
from tests.cms.test_production_stack import HTTPS, STACK_URL, stack_python
from tests.cms.test_weights import BUDGET_BYTES, PARAGRAPH

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(not STACK_URL, reason="HLM_STACK_URL is not set (.ci/stack.sh start)"),
]
# Compressed, a lesson's own text files should cost a phone a third of the unpacked budget.
WIRE_BUDGET_BYTES = BUDGET_BYTES // 3

# A realistic lesson: a dozen paragraphs of text under the stack's Lào Cai centre.
LESSON = """
import json
from content_models.models import Centre, Licence, LessonPage, Province
from content_models.models import ensure_centre_library, ensure_site_structure
ensure_site_structure()
centre, _ = Centre.objects.get_or_create(
    name="Trung tâm GDTX tỉnh Lào Cai", defaults={"province": Province.objects.get(name="Lào Cai")}
)
lesson = ensure_centre_library(centre).add_child(instance=LessonPage(
    title="Phương trình bậc hai __WORD__",
    summary="Giải phương trình bậc hai một ẩn bằng công thức nghiệm.",
    licence=Licence.objects.get(name="CC BY 4.0"),
    centre=centre,
    body=[("paragraph", __PARAGRAPH__)] * 12,
))
lesson.save_revision().publish()
print(json.dumps({"url": lesson.url}))
"""

# Resource Timing for the page itself and every file it fetched from its own origin.
TIMINGS = """() => [...performance.getEntriesByType("navigation"),
    ...performance.getEntriesByType("resource")].map(entry => ({
        name: entry.name,
        type: entry.initiatorType,
        wire: entry.transferSize,
        encoded: entry.encodedBodySize,
        decoded: entry.decodedBodySize,
    }))"""


@pytest.fixture(scope="module")
def lesson_url():
    code = LESSON.replace("__WORD__", uuid.uuid4().hex[:8]).replace(
        "__PARAGRAPH__", repr(PARAGRAPH)
    )
    return json.loads(stack_python(code))["url"]


def test_a_lesson_crosses_the_network_compressed_and_within_budget(browser, lesson_url):
    context = browser.new_context(
        **PHONE, locale="vi-VN", user_agent=PERSON_USER_AGENT, extra_http_headers=HTTPS
    )
    try:
        page = context.new_page()
        response = page.goto(STACK_URL + lesson_url, wait_until="load")
        assert response.status == 200
        entries = page.evaluate(TIMINGS)
    finally:
        context.close()

    own = [entry for entry in entries if entry["name"].startswith(STACK_URL)]
    text = [e for e in own if e["type"] in ("navigation", "link", "script")]
    for entry in text:
        print(
            f"\n[wire] {entry['name'].removeprefix(STACK_URL)}: {entry['wire'] / 1024:.1f} KB "
            f"on the wire, {entry['decoded'] / 1024:.1f} KB unpacked"
        )
    kinds = {entry["type"] for entry in text}
    assert {"navigation", "link", "script"} <= kinds, kinds
    for entry in text:
        # Compressed: fewer bytes arrived than the browser unpacked.
        assert 0 < entry["encoded"] < entry["decoded"], entry
    wire = sum(entry["wire"] for entry in text)
    print(f"\n[wire] lesson page, HTML + CSS + JS: {wire / 1024:.1f} KB on the wire")
    assert wire <= WIRE_BUDGET_BYTES
