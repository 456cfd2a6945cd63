"""A StreamField post without its counters is a form error, not a 500.

Wagtail reads a StreamField from the post by its counters and hidden fields (`body-count`,
`body-0-type`, `body-0-order`, `body-0-deleted`, …) with plain `data[...]` and `int(...)`:
a post without `body-count`, or with `body-0-order=abc`, raises KeyError or ValueError
inside the form, a 500 on the page edit, create and revert views. Browsers always send them,
so such a post is broken or forged: the field now reports it as an error and the page is not
saved. The form field is swapped for every StreamField of every admin model form through
Wagtail's `register_form_field_override` (registered in cms/wagtail_hooks.py).
See docs/security/admin-views.md.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.blocks import BlockField, BlockWidget
from wagtail.blocks.stream_block import StreamValue

# What Wagtail's parsing raises on a missing or malformed counter or hidden field.
MALFORMED_POST_ERRORS = (KeyError, ValueError, TypeError, OverflowError, IndexError)


class IncompleteStreamValue(StreamValue):
    """An empty stream standing in for a post that could not be read (rendered as empty)."""

    incomplete = True


class GuardedBlockWidget(BlockWidget):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except MALFORMED_POST_ERRORS:
            return IncompleteStreamValue(self.block_def, [])


class GuardedBlockField(BlockField):
    default_error_messages = {
        "incomplete": _(
            "Nội dung gửi lên không đầy đủ (thiếu các trường đếm của khối nội dung). "
            "Hãy tải lại trang và nhập lại."
        ),
    }

    def __init__(self, block=None, **kwargs):
        kwargs.setdefault("widget", GuardedBlockWidget(block))
        super().__init__(block=block, **kwargs)

    def clean(self, value):
        if getattr(value, "incomplete", False):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        return super().clean(value)


# For `register_form_field_override(StreamField, override=…)`.
STREAMFIELD_FORM_FIELD = {"form_class": GuardedBlockField}
