"""What a page form points at, read from its cleaned data, and what the saved page holds.

A page form chooses other objects in three ways: a chooser field (`cover_image`,
`derived_from`), a row of an inline panel (a lesson attachment's `document`) and a chooser
block anywhere inside a StreamField (an image or document block in a lesson body, the lessons
of a course unit, the items of a collection). `chosen_references` finds them all generically,
so a new field or block is covered without touching this module; `held_references` reads the
same from the page as saved (its row and its latest revision). The page form in
`content_models.permissions` checks each chosen object against what the user may choose.
See docs/security/media-and-forms.md.
"""

from dataclasses import dataclass

from django import forms

from wagtail.blocks import BlockField, ChooserBlock, ListBlock, StreamBlock, StructBlock
from wagtail.models import Page

from media.usage import references_of


@dataclass(frozen=True, eq=False)
class ChosenReference:
    """One object chosen in a form: where (field, inline row, POST key) and what."""

    field_name: str
    model: type
    pk: str
    form: forms.Form  # the page form, or the inline row holding the choice
    data_key: str  # the POST key whose value is the id
    inline_field: str = ""

    @property
    def key(self):
        return (Page if issubclass(self.model, Page) else self.model, self.pk)

    @property
    def inline(self):
        return bool(self.inline_field)


def _count(data, prefix):
    """A block list's posted `-count`, bounded by the number of posted keys: a forged count
    (a 20-digit one, say) must not make this walk loop for ever."""
    try:
        return min(max(int(data.get(f"{prefix}-count", 0)), 0), len(data))
    except (TypeError, ValueError):
        return 0


def _chooser_keys(block, prefix, data):
    """(POST key, block) of every chooser block posted under `prefix`, walking Wagtail's form
    encoding of stream, list and struct blocks. Read from the raw data, so a choice inside a
    block that fails its own validation (a missing alt text) is still seen."""
    if isinstance(block, StreamBlock):
        for index in range(_count(data, prefix)):
            if data.get(f"{prefix}-{index}-deleted"):
                continue
            child = block.child_blocks.get(data.get(f"{prefix}-{index}-type"))
            if child is not None:
                yield from _chooser_keys(child, f"{prefix}-{index}-value", data)
    elif isinstance(block, ListBlock):
        for index in range(_count(data, prefix)):
            if not data.get(f"{prefix}-{index}-deleted"):
                yield from _chooser_keys(block.child_block, f"{prefix}-{index}-value", data)
    elif isinstance(block, StructBlock):
        for name, child in block.child_blocks.items():
            yield from _chooser_keys(child, f"{prefix}-{name}", data)
    elif isinstance(block, ChooserBlock):
        yield prefix, block


def _form_references(form, inline_name=""):
    """(field name, model, pk, POST key) of what `form` chose: its chooser fields (cleaned
    values) and the chooser blocks of its StreamFields (posted values)."""
    cleaned_data = getattr(form, "cleaned_data", None) or {}
    for name, field in form.fields.items():
        if isinstance(field, BlockField):
            for key, block in _chooser_keys(field.block, form.add_prefix(name), form.data):
                pk = str(form.data.get(key) or "").strip()
                if pk:
                    yield name, block.model_class, pk, key
        elif isinstance(field, forms.ModelChoiceField) and name in cleaned_data:
            value = cleaned_data[name]
            values = value if isinstance(field, forms.ModelMultipleChoiceField) else [value]
            for item in values or ():
                if item is not None:
                    yield name, type(item), str(item.pk), form.add_prefix(name)


def chosen_references(form):
    """Every object chosen in a bound page form and in its inline formsets' rows (rows
    marked for deletion left out). Call from `clean()`, after the fields are cleaned."""
    for name, model, pk, key in _form_references(form):
        yield ChosenReference(name, model, pk, form, key)
    for formset_name, formset in getattr(form, "formsets", {}).items():
        formset.is_valid()  # cleans the rows; the result is cached for the view
        for row in formset.forms:
            if getattr(row, "cleaned_data", {}).get("DELETE"):
                continue
            for name, model, pk, key in _form_references(row):
                yield ChosenReference(formset_name, model, pk, row, key, inline_field=name)


def forget_choice(reference):
    """Blank a refused choice in the data the form is shown again with, so the chooser does
    not display the title or preview of an object the user may not see."""
    data = reference.form.data.copy()
    data[reference.data_key] = ""
    reference.form.data = data


def held_references(page):
    """{(model, pk)} of what the saved page points at: its row (the live content of a live
    page, the draft of one never published) and its latest revision."""
    if page is None or page.pk is None:
        return set()
    saved = Page.objects.filter(pk=page.pk).first()
    if saved is None:
        return set()
    saved = saved.specific
    held = references_of(saved)
    latest = saved.get_latest_revision()
    if latest is not None:
        held |= references_of(latest.as_object())
    return held
