"""StreamField blocks of lesson bodies, course units and collections.

Defined once here so migrations reference them instead of copying block lists (docs/conventions.md,
anti-pattern 7). Templates live in the theme at components/streamfield/blocks/<name>.html.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from content_models.choices import Language

TEMPLATE_DIR = "components/streamfield/blocks"

# Rich text features editors get; Wagtail's whitelist strips everything else (scripts,
# event handlers, javascript: links) on save.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript", "hr"]


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a lesson body (h2–h4)."""

    text = blocks.CharBlock(label=_("Tiêu đề"), max_length=255)
    size = blocks.ChoiceBlock(
        label=_("Cấp"),
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = f"{TEMPLATE_DIR}/heading_block.html"
        label = _("Tiêu đề mục")
        description = _("Tiêu đề chia bài học thành các mục")
        preview_value = {"text": "Phương trình bậc hai", "size": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Formatted text; the feature list limits what editors can paste."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = f"{TEMPLATE_DIR}/paragraph_block.html"
        label = _("Đoạn văn")
        description = _("Văn bản có định dạng")
        preview_value = "<p>Phương trình bậc hai có dạng ax² + bx + c = 0.</p>"


class ImageBlock(blocks.StructBlock):
    """A picture with required alternative text, for learners using screen readers."""

    image = ImageChooserBlock(label=_("Hình ảnh"))
    alt_text = blocks.CharBlock(label=_("Mô tả thay thế (alt)"), max_length=255)
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)

    class Meta:
        icon = "image"
        template = f"{TEMPLATE_DIR}/image_block.html"
        label = _("Hình ảnh")
        description = _("Hình ảnh kèm mô tả thay thế và chú thích")


class VideoBlock(blocks.StructBlock):
    """An embedded video from a provider Wagtail's embed finders know (YouTube, Vimeo, …)."""

    video = EmbedBlock(label=_("Địa chỉ video"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)

    class Meta:
        icon = "media"
        template = f"{TEMPLATE_DIR}/video_block.html"
        label = _("Video nhúng")
        description = _("Video từ YouTube, Vimeo hoặc nguồn hỗ trợ nhúng")


class DocumentBlock(blocks.StructBlock):
    """A link to an uploaded document inside the body, with its size."""

    document = DocumentChooserBlock(label=_("Tài liệu"))
    title = blocks.CharBlock(label=_("Tên hiển thị"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        template = f"{TEMPLATE_DIR}/document_block.html"
        label = _("Tài liệu")
        description = _("Liên kết tải tài liệu đã tải lên")


class FormulaBlock(blocks.StructBlock):
    """A formula written in LaTeX, shown as MathML made on the server (no JavaScript)."""

    latex = blocks.TextBlock(label=_("Công thức (LaTeX)"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)

    class Meta:
        icon = "code"
        template = f"{TEMPLATE_DIR}/formula_block.html"
        label = _("Công thức")
        description = _("Công thức toán học viết bằng LaTeX")
        preview_value = {"latex": r"x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}", "caption": ""}


class CodeBlock(blocks.StructBlock):
    """Program code for Tin học lessons, shown preformatted."""

    language = blocks.ChoiceBlock(
        label=_("Ngôn ngữ"),
        choices=[
            ("python", "Python"),
            ("pascal", "Pascal"),
            ("cpp", "C++"),
            ("html", "HTML"),
            ("text", _("Văn bản")),
        ],
        default="python",
    )
    code = blocks.TextBlock(label=_("Mã nguồn"))

    class Meta:
        icon = "code"
        template = f"{TEMPLATE_DIR}/code_block.html"
        label = _("Mã nguồn")
        description = _("Đoạn mã chương trình")
        preview_value = {"language": "python", "code": "print('Xin chào')"}


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source."""

    text = blocks.TextBlock(label=_("Trích dẫn"))
    source = blocks.CharBlock(label=_("Nguồn"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = f"{TEMPLATE_DIR}/quote_block.html"
        label = _("Trích dẫn")
        description = _("Trích dẫn kèm nguồn")
        preview_value = {"text": "Học, học nữa, học mãi.", "source": "V.I. Lênin"}


class LanguageTextBlock(blocks.StructBlock):
    """Text in a language other than the lesson's (a sample in a minority language, a
    bilingual word list), marked with its language code so screen readers read it with the right
    voice and browsers pick a font for its script; the Vietnamese meaning is marked `vi`."""

    language = blocks.ChoiceBlock(
        choices=[choice for choice in Language.choices if choice[0] != Language.OTHER],
        label=_("Ngôn ngữ"),
    )
    text = blocks.TextBlock(label=_("Văn bản"))
    translation = blocks.TextBlock(label=_("Nghĩa tiếng Việt"), required=False)

    class Meta:
        icon = "globe"
        template = f"{TEMPLATE_DIR}/language_text_block.html"
        label = _("Đoạn bằng ngôn ngữ khác")
        description = _("Văn bản bằng ngôn ngữ khác, kèm nghĩa tiếng Việt")
        preview_value = {"language": "km", "text": "សួស្តី", "translation": "Xin chào"}


class LessonTableBlock(TableBlock):
    """A simple table; cell contents are escaped and classes are not editable."""

    class Meta:
        icon = "table"
        template = f"{TEMPLATE_DIR}/table_block.html"
        label = _("Bảng")
        description = _("Bảng dữ liệu đơn giản")


class LessonStreamBlock(blocks.StreamBlock):
    """Body of a lesson."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    formula = FormulaBlock()
    code = CodeBlock()
    quote = QuoteBlock()
    language_text = LanguageTextBlock()
    table = LessonTableBlock()


class CourseUnitBlock(blocks.StructBlock):
    """A unit (chương/phần) of a course: an ordered list of lessons."""

    title = blocks.CharBlock(label=_("Tên phần"), max_length=255)
    description = blocks.TextBlock(label=_("Mô tả"), required=False)
    lessons = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="content_models.LessonPage"), label=_("Bài học")
    )

    class Meta:
        icon = "list-ol"
        template = f"{TEMPLATE_DIR}/course_unit_block.html"
        label = _("Phần học")
        description = _("Một phần của học phần, gồm các bài học theo thứ tự")


class CourseUnitsStreamBlock(blocks.StreamBlock):
    """Ordered units of a course."""

    unit = CourseUnitBlock()


class CollectionItemsStreamBlock(blocks.StreamBlock):
    """Ordered lessons and courses of an editor's collection."""

    item = blocks.PageChooserBlock(
        page_type=["content_models.LessonPage", "content_models.CoursePage"],
        label=_("Bài học hoặc học phần"),
        template=f"{TEMPLATE_DIR}/collection_item_block.html",
    )
