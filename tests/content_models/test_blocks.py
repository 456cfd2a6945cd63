"""One render test per StreamField block, through the theme's real templates."""

import os

from django.core.cache import cache

import pytest

from content_models.blocks import (
    CodeBlock,
    CollectionItemsStreamBlock,
    CourseUnitBlock,
    DocumentBlock,
    FormulaBlock,
    HeadingBlock,
    ImageBlock,
    LessonTableBlock,
    ParagraphBlock,
    QuoteBlock,
    VideoBlock,
)
from tests.cms.conftest import VIDEO_URL, make_document, make_image, publish, store_embed
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db


def render(block, raw):
    return block.render(block.to_python(raw))


@pytest.mark.parametrize("size", ["h2", "h3", "h4"])
def test_heading_block(size):
    html = render(HeadingBlock(), {"text": "Công thức <nghiệm>", "size": size})
    assert html.strip() == f'<{size} class="block-heading">Công thức &lt;nghiệm&gt;</{size}>'


def test_heading_block_refuses_unknown_tag_names():
    html = render(HeadingBlock(), {"text": "Tiêu đề", "size": "script"})
    assert html.strip() == '<h2 class="block-heading">Tiêu đề</h2>'


def test_paragraph_block():
    html = render(ParagraphBlock(), "<p>Phương trình <b>bậc hai</b></p>")
    assert html.strip() == '<div class="block-paragraph"><p>Phương trình <b>bậc hai</b></p></div>'


def test_image_block_is_responsive_webp_with_alt():
    image = make_image()
    html = render(ImageBlock(), {"image": image.pk, "alt_text": "Đồ thị", "caption": "Hình 1"})
    assert 'alt="Đồ thị"' in html and 'loading="lazy"' in html
    assert ".format-webp.webp 320w" in html and "srcset=" in html
    assert "<figcaption>Hình 1</figcaption>" in html


def test_image_block_without_its_file_renders_without_the_picture():
    image = make_image()
    os.remove(image.file.path)
    cache.clear()
    html = render(ImageBlock(), {"image": image.pk, "alt_text": "Đồ thị", "caption": "Hình 1"})
    assert "<img" not in html and "<figcaption>Hình 1</figcaption>" in html


def test_video_block_shows_a_facade_until_asked():
    store_embed()
    html = render(VideoBlock(), {"video": VIDEO_URL, "caption": "Bài giảng"})
    assert f'<a class="video-facade" href="{VIDEO_URL}" data-embed' in html
    assert "Giải phương trình bậc hai (YouTube)" in html
    # The player's iframe waits inside an inert <template>.
    assert "<template><iframe" in html
    assert html.index("<template>") < html.index("<iframe")


def test_video_block_with_an_unknown_provider_is_a_plain_link(db):
    html = render(VideoBlock(), {"video": "https://example.org/bai-giang.mp4", "caption": ""})
    assert 'href="https://example.org/bai-giang.mp4"' in html
    assert "<iframe" not in html and "<template>" not in html


def test_document_block_shows_type_size_and_data_cost():
    document = make_document("Phiếu bài tập", b"%PDF-1.4\n" + b"0" * 3000, "phieu.pdf")
    html = render(DocumentBlock(), {"document": document.pk, "title": ""})
    assert f'<a href="{document.url}" download>Phiếu bài tập</a>' in html
    assert "(PDF, 2,9\xa0KB)" in html
    # Without a price per MB the size is not repeated as "≈ 2,9 KB dữ liệu di động".
    assert "dữ liệu di động" not in html


def test_document_block_does_not_repeat_a_type_its_title_says():
    document = make_document("Phiếu", b"%PDF-1.4\n" + b"0" * 3000, "phieu.pdf")
    html = render(DocumentBlock(), {"document": document.pk, "title": "Phiếu học tập (PDF)"})
    assert "Phiếu học tập (PDF)</a>" in html and "(2,9\xa0KB)" in html and "(PDF," not in html


def test_formula_block_is_mathml():
    html = render(FormulaBlock(), {"latex": r"a < b \le c", "caption": "Bất đẳng thức"})
    assert '<math display="block"><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi><mo>≤</mo>' in html
    assert "\\le" not in html and "<code" not in html
    assert "<figcaption>Bất đẳng thức</figcaption>" in html


def test_formula_block_that_does_not_convert_safely_shows_its_source():
    # latex2mathml copies \text{...} into its output unescaped: such output is refused.
    html = render(FormulaBlock(), {"latex": r"\text{<img src=x onerror=alert(1)>}"})
    assert "<math" not in html and "<img" not in html
    assert (
        '<pre class="latex"><code>\\text{&lt;img src=x onerror=alert(1)&gt;}</code></pre>' in html
    )


def test_code_block_is_escaped_and_preformatted():
    html = render(CodeBlock(), {"language": "html", "code": "<script>alert(1)</script>"})
    assert html.strip() == (
        '<pre class="block-code" data-language="html"><code>'
        "&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>"
    )


def test_quote_block():
    html = render(QuoteBlock(), {"text": "Học, học nữa,\nhọc mãi.", "source": "V.I. Lênin"})
    assert "<p>Học, học nữa,<br>học mãi.</p>" in html
    assert "<footer>— <cite>V.I. Lênin</cite></footer>" in html


def test_table_block_escapes_cells_and_ignores_classes():
    value = {
        "data": [["Tên", "Điểm"], ["<b>An</b>", "9"], [None, "<img src=x onerror=alert(1)>"]],
        "first_row_is_table_header": True,
        "first_col_is_header": True,
        "table_caption": "Kết quả <kiểm tra>",
        "cell": [{"row": 1, "col": 0, "className": 'x" onmouseover="alert(1)'}],
    }
    block = LessonTableBlock()
    html = block.render(value)
    assert "<caption>Kết quả &lt;kiểm tra&gt;</caption>" in html
    assert '<th scope="col">Tên</th>' in html
    assert '<th scope="row">&lt;b&gt;An&lt;/b&gt;</th>' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "onmouseover" not in html and "<img" not in html and "<b>" not in html


def test_course_unit_block_lists_live_lessons_only(centre_a):
    live = publish(LessonPageFactory(parent=centre_a.library_page, title="Bài đã công bố"))
    draft = LessonPageFactory(parent=centre_a.library_page, title="Bài nháp", live=False)
    html = render(
        CourseUnitBlock(),
        {"title": "Chương 1", "description": "Mở đầu", "lessons": [live.pk, draft.pk]},
    )
    assert "<h3>Chương 1</h3>" in html and "<p>Mở đầu</p>" in html
    assert f'<a href="{live.url}">Bài đã công bố</a>' in html
    assert "Bài nháp" not in html


def test_collection_item_block_links_live_pages_only(centre_a):
    live = publish(LessonPageFactory(parent=centre_a.library_page, title="Bài đã công bố"))
    draft = LessonPageFactory(parent=centre_a.library_page, title="Bài nháp", live=False)
    block = CollectionItemsStreamBlock().child_blocks["item"]
    html = block.render(block.to_python(live.pk))
    assert f'<a href="{live.url}">Bài đã công bố</a>' in html
    assert block.render(block.to_python(draft.pk)).strip() == ""
