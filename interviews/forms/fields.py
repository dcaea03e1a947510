"""Widgets and fields the forms of several views share."""

import re

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models import Theme

# --- codebook ---


def _theme_choices(themes, empty_label=None):
    """Select options in codebook order, indented by depth (the select cannot nest)."""
    choices = [("", empty_label)] if empty_label else []
    return choices + [(t.pk, "\u2003" * t.depth + t.name) for t in themes]


# --- upload ---


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input taking several files; cleans to a list of uploaded files (checked by the form)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


# --- analysis ---


def parse_numbers(text):
    """'5,5; 6' → [Decimal('5.5'), Decimal('6')], ascending; ValidationError in Dutch otherwise."""
    from decimal import Decimal, InvalidOperation

    numbers = []
    for part in re.split(r"[;\s]+", text.strip()):
        if part:
            try:
                numbers.append(Decimal(part.replace(",", ".")))
            except InvalidOperation:
                raise forms.ValidationError(f"‘{part}’ is geen getal; scheid drempels met een puntkomma.") from None
    return sorted(set(numbers))


class FastSelect(forms.Select):
    """A select of flat choices whose options are written in Python: Django renders every option through
    a template, which costs about a millisecond per ten options, and the analysis filters have hundreds."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>{escape(label)}</option>'
            for key, label in self.choices
        )
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "multiple": self.allow_multiple_selected})
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe(options))


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    pass


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """A list of checkboxes in a scroll box with a filter box above it (checklist.js shows it and hides the boxes
    that do not match; without the script it is a plain list). Written in Python as FastSelect is: hundreds of
    indicators. A Ctrl-click multi-select is easy to lose choices in; a checkbox list says what is chosen."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        attrs = self.build_attrs(self.attrs, attrs or {})
        base = escape(attrs.get("id", f"id_{name}"))
        label = escape(attrs.get("aria-label", name))
        boxes = "".join(
            f'<li><label><input type="checkbox" name="{escape(name)}" value="{escape(key)}" id="{base}_{i}"'
            f"{' checked' if str(key) in chosen else ''}> {escape(text)}</label></li>"
            for i, (key, text) in enumerate(self.choices)
        )
        return mark_safe(
            f'<div class="checklist" id="{base}" role="group" aria-label="{label}">'
            f'<input type="search" class="checklist-filter" hidden aria-controls="{base}_list" '
            f'aria-label="{escape(_("%(label)s filteren") % {"label": attrs.get("aria-label", name)})}" '
            f'placeholder="{escape(_("Filter op naam…"))}">'
            f'<ul class="checklist-items" id="{base}_list">{boxes}</ul>'
            f'<p class="checklist-status helptext" aria-live="polite"></p></div>'
        )

    def id_for_label(self, id_, index=None):
        return ""  # the group is named by its aria-label; the field's <label> names no single box


# --- memos ---


def memo_length(value):
    """The validator of every memo field: at most settings.MEMO_MAX_CHARS characters."""
    if len(value) > settings.MEMO_MAX_CHARS:
        raise forms.ValidationError(
            _("Een memo is hoogstens %(limit)s tekens lang; deze heeft er %(length)s. Er is niets opgeslagen.")
            % {"limit": settings.MEMO_MAX_CHARS, "length": len(value)},
            code="max_length",
        )


# --- ids ---

MAX_ID = 2**63 - 1  # the largest id a database key holds: a larger one would make the query fail, not miss


def is_id(value):
    """Whether `value` (a str or int) is an id a row could have: a whole number from 1 to MAX_ID."""
    text = str(value)
    return text.isascii() and text.isdecimal() and 0 < int(text) <= MAX_ID


class IdsField(forms.Field):
    """A repeatable id (na=3&na=5) → a list of ints, each a possible id (is_id)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "Een nummer is geen geldig volgnummer."}

    def to_python(self, value):
        values = [str(v).strip() for v in (value if isinstance(value, (list, tuple)) else [value]) if v]
        if not all(is_id(v) for v in values if v):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return [int(v) for v in values if v]


class ThemeIdsField(IdsField):
    """A repeatable theme id (theme=3&theme=5) → a list of ints."""

    default_error_messages = {"invalid": "Kies een thema uit het codeboek (met zijn nummer)."}


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses an id no row can have (a letter, 0, 2**70) as an invalid choice before the query: an id past
    the database's integer would make the `__in` query fail with a 500 instead of finding nothing."""

    def _check_values(self, value):
        for pk in value:
            if self.to_field_name is None and not is_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


# --- reports ---


def _chosen_themes_field():
    return BoundedModelMultipleChoiceField(
        label="Thema's",
        required=False,
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Niets aangevinkt: alle thema's die het filter toelaat.",
    )
