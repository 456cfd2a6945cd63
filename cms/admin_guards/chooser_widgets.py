"""Chooser fields that treat a malformed id as a wrong choice instead of failing.

When a page, snippet, image or document form is posted with an invalid value in a chooser
field (`derived_from=abc`, `licence=1.5`, a 20-digit `derived_from`), two things failed:

- the field itself, for a page type: its primary key is the link to the `Page` row, where
  Django does not turn a 20-digit id into "no such row" (OverflowError on SQLite, a 500);
- showing the form again: Wagtail's chooser widget looks the posted value up with
  `Model.objects.get(pk=value)` (ValueError, OverflowError, a 500 instead of the form error).

`guard_chooser_widgets()` wraps every foreign-key override Wagtail has registered (pages,
images, documents, snippets, tasks): the widget becomes a subclass that checks the value
first, and the field a `DatabaseIdChoiceField` (content_models/converters.py). It runs from a
`register_admin_urls` hook ordered after Wagtail's own, which is where Wagtail registers its
chooser viewsets and their widgets (cms/wagtail_hooks.py). See docs/security/admin-views.md.
"""

import copy
from functools import cache

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.forms.models import registry as form_field_registry
from wagtail.admin.widgets.chooser import BaseChooser

from content_models.converters import DatabaseIdChoiceField, is_database_id


def has_integer_key(model):
    field = model._meta.pk
    while field.is_relation:  # a multi-table child (a page type): its link to the parent row
        field = field.target_field
    return isinstance(field, models.IntegerField)


class GuardedChooserMixin:
    def get_instance(self, value):
        if value is None or isinstance(value, models.Model):
            return super().get_instance(value)
        if has_integer_key(self.model_class) and not is_database_id(value):
            return None
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None


@cache
def guarded_chooser_class(widget_class):
    return type(
        f"Guarded{widget_class.__name__}",
        (GuardedChooserMixin, widget_class),
        {"__module__": __name__},
    )


def guarded_options(override, db_field):
    """The form field options of `override` for `db_field`, with the guards applied."""
    if callable(override) and not isinstance(override, type):
        override = override(db_field)
    if not isinstance(override, dict):
        return override
    options = dict(override)
    widget = options.get("widget")
    if isinstance(widget, type) and issubclass(widget, BaseChooser):
        options["widget"] = guarded_chooser_class(widget)
    elif isinstance(widget, BaseChooser) and not isinstance(widget, GuardedChooserMixin):
        widget = copy.copy(widget)
        widget.__class__ = guarded_chooser_class(type(widget))
        options["widget"] = widget
    if has_integer_key(db_field.remote_field.model):
        options.setdefault("form_class", DatabaseIdChoiceField)
    return options


def guard_chooser_widgets():
    """Wrap every foreign-key form field override registered so far (once each)."""
    for model, override in list(form_field_registry.values_by_fk_related_model.items()):
        if getattr(override, "guarded", False):
            continue

        def guarded(db_field, override=override):
            return guarded_options(override, db_field)

        guarded.guarded = True
        register_form_field_override(models.ForeignKey, to=model, override=guarded)
