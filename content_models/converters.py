"""Ids in URLs and forms: only numbers a database integer column can hold.

Django turns an id a database cannot hold into "no such row" only for plain integer fields.
Lessons and centre libraries are Wagtail pages, whose primary key is a link to the `Page`
row: there a 20-digit id reaches SQLite or PostgreSQL and fails (OverflowError, a 500). The
path converter makes such a URL a 404, the form field makes such a choice a form error.
See docs/security/admin-views.md.
"""

from django import forms

# The largest value of a signed 64-bit integer column (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


def is_database_id(value):
    """Is `value` (a string) a positive id that fits a 64-bit integer column?"""
    value = str(value)
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID


class DatabaseIdConverter:
    """`<dbid:page_id>`: like `<int:…>`, but no match (a 404) beyond the database's range."""

    regex = "[0-9]+"

    def to_python(self, value):
        if not is_database_id(value):
            raise ValueError(value)
        return int(value)

    def to_url(self, value):
        return str(value)


class DatabaseIdChoiceField(forms.ModelChoiceField):
    """A model choice whose posted id is checked before it reaches the database."""

    def to_python(self, value):
        if value not in self.empty_values and not is_database_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)
