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

from wagtail.blocks import BlockField
from wagtail.models import Page

from media.usage import references_of


@dataclass(frozen=True)
class ChosenReference:
    """One object chosen in a form: where (field, and the inline form if any) and what."""

    field_name: str
    model: type
    pk: str
    inline_form: forms.Form | None = None
    inline_field: str = ""

    @property
    def key(self):
        return (Page if issubclass(self.model, Page) else self.model, self.pk)


def _form_references(form):
    cleaned_data = getattr(form, "cleaned_data", None) or {}
    for name, field in form.fields.items():
        if name not in cleaned_data:
            continue  # invalid already, or not posted
        value = cleaned_data[name]
        if isinstance(field, BlockField):
            if value is None:
                continue
            for model, pk, _path, _content_path in field.block.extract_references(value):
                yield name, model, str(pk)
        elif isinstance(field, forms.ModelMultipleChoiceField):
            for item in value or ():
                yield name, type(item), str(item.pk)
        elif isinstance(field, forms.ModelChoiceField) and value is not None:
            yield name, type(value), str(value.pk)


def chosen_references(form):
    """Every object chosen in a bound, cleaned page form and in its inline formsets' rows
    (rows marked for deletion left out)."""
    for name, model, pk in _form_references(form):
        yield ChosenReference(name, model, pk)
    for formset_name, formset in getattr(form, "formsets", {}).items():
        formset.is_valid()  # cleans the rows; the result is cached for the view
        for row in formset.forms:
            if getattr(row, "cleaned_data", {}).get("DELETE"):
                continue
            for name, model, pk in _form_references(row):
                yield ChosenReference(formset_name, model, pk, row, name)


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
