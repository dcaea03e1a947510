"""Forms of the coding endpoints: a passage's span, its themes and its star."""

import json

from django import forms
from django.db import transaction
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from ..models import Passage, Theme, text_digest
from ..spans import Offsets
from .fields import ThemeIdsField, memo_length


class PassageStarForm(forms.Form):
    """starred=1 gives a passage the star of a representative quote, starred=0 takes it off."""

    starred = forms.TypedChoiceField(
        label="Ster",
        choices=[("1", "ster geven"), ("0", "ster weghalen"), ("true", "ster geven"), ("false", "ster weghalen")],
        coerce=lambda value: value in ("1", "true"),
        error_messages={
            "required": "Geef aan of de passage een ster krijgt (starred=1) of niet (starred=0).",
            "invalid_choice": "Onbekende waarde “%(value)s”: gebruik 1 (ster geven) of 0 (weghalen).",
        },
    )


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "")
JSON_TYPE = "application/json"


def json_form_data(body):
    """A JSON object posted to a coding endpoint as the form data a browser would post: the same fields
    ({"start": 3, "end": 9, "theme": [1, 2], "in_vivo": true}); ValueError with a Dutch message otherwise."""
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValueError(_("De JSON van het verzoek is ongeldig; er is niets opgeslagen.")) from None
    if not isinstance(data, dict):
        raise ValueError(_('Stuur een JSON-object met de velden van het formulier, zoals {"start": 0, "end": 5}.'))
    posted = QueryDict(mutable=True)
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, (dict, list)) for v in values):
            raise ValueError(
                _("Het veld “%(name)s” moet een getal, tekst, ja/nee of een lijst daarvan zijn.") % {"name": name}
            )
        posted.setlist(name, [json.dumps(v) if isinstance(v, bool) else "" if v is None else str(v) for v in values])
    return posted


GONE = "gone"  # the error code of a theme that is not (or no longer) in the project: answered with 404
STALE_TEXT = "stale_text"  # offsets sent from a page of a text corrected since: answered with 409
THEME_GONE = "Een gekozen thema bestaat niet (meer) in dit project. Laad de pagina opnieuw."


UNITS = [("codepoint", "tekens (code points)"), ("utf16", "UTF-16-eenheden (de browser)")]


class _CodingForm(forms.Form):
    """Shared by the coding forms: the interview, its offsets, the span and the themes to apply."""

    def __init__(self, data, *, interview):
        super().__init__(data)
        self.interview, self.project = interview, interview.project
        self.span, self.names = None, []

    @cached_property
    def offsets(self):
        """The text's offsets (its scan for UTF-16 made when needed: a selection in UTF-16 units, or a JSON
        answer)."""
        return Offsets(self.interview.text)

    def clean_text_version(self):
        """A page drawn from a text that has been corrected since sends offsets into words that moved: refused."""
        posted = self.cleaned_data["text_version"]
        if posted and posted != text_digest(self.interview.text):
            raise forms.ValidationError(
                "De tekst van dit interview is intussen gecorrigeerd; er is niets opgeslagen. Laad de pagina "
                "opnieuw en codeer dan verder.",
                code=STALE_TEXT,
            )
        return posted

    def clean_theme(self):
        ids = set(self.cleaned_data["theme"])
        themes = self.project.themes.filter(pk__in=ids).order_by()
        if len(ids) > 1:  # sorting them in codebook order (Theme.tree_key) needs their ancestors
            themes = themes.select_related("parent__parent__parent")
        themes = list(themes) if ids else []
        if len(themes) < len(ids):
            raise forms.ValidationError(THEME_GONE, code=GONE)
        return themes

    def clean_new_theme(self):
        return " ".join(self.cleaned_data["new_theme"].split())

    def _span(self, current=None):
        """(start, end) in code points from the posted start/end/unit (spans.Offsets.span); a missing one
        stays at `current`, and None when nothing is posted to move."""
        if any(name in self.errors for name in ("start", "end", "unit")):
            return None
        start, end, unit = (self.cleaned_data.get(name) for name in ("start", "end", "unit"))
        if start is None and end is None and current is not None:
            return None
        try:
            return self.offsets.span(start, end, unit or "codepoint", current)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def _require_a_theme(self):
        if not (self.cleaned_data.get("theme") or self.names) and not self.errors:
            raise forms.ValidationError("Kies minstens één thema, maak een nieuw thema of codeer in vivo.")

    def _themes_to_apply(self):
        """The chosen themes plus the named ones (found or created); returns (themes, the last named theme)."""
        named = [Theme.for_name(self.project, name)[0] for name in self.names]
        themes = {theme.pk: theme for theme in [*self.cleaned_data["theme"], *named]}
        return list(themes.values()), (named[-1] if named else None)


def _span_field(which):
    return forms.IntegerField(
        required=False, error_messages={"invalid": f"Het {which} van de selectie moet een geheel getal zijn."}
    )


_UNIT_FIELD = {
    "choices": UNITS,
    "required": False,
    "error_messages": {"invalid_choice": "Onbekende eenheid “%(value)s”: gebruik codepoint of utf16."},
}


_NEW_THEME_FIELD = {
    "required": False,
    "max_length": 100,
    "error_messages": {"max_length": "Een themanaam is hoogstens 100 tekens lang."},
}


def _memo_field():
    return forms.CharField(
        label="Memo", required=False, validators=[memo_length], widget=forms.Textarea(attrs={"rows": 3})
    )


class PassageCreateForm(_CodingForm):
    """Code a selection with existing themes, a new theme by name and/or an in-vivo theme."""

    start, end = _span_field("begin"), _span_field("einde")
    unit = forms.ChoiceField(label="Eenheid", **_UNIT_FIELD)
    text_version = forms.CharField(required=False, max_length=16)  # versions.text_digest of the page's text
    theme = ThemeIdsField(label="Thema", required=False)
    new_theme = forms.CharField(label="Nieuw thema", **_NEW_THEME_FIELD)
    in_vivo = forms.BooleanField(label="In vivo (de selectie wordt de themanaam)", required=False)
    memo = _memo_field()

    def clean(self):
        self.span = self._span()
        self.names = [self.cleaned_data["new_theme"]] if self.cleaned_data.get("new_theme") else []
        if self.span and self.cleaned_data.get("in_vivo"):
            words = " ".join(self.interview.text[slice(*self.span)].split())[:100].strip()
            if not words:
                raise forms.ValidationError("In vivo coderen kan alleen met een selectie die woorden bevat.")
            self.names.append(words)
        self._require_a_theme()
        return self.cleaned_data

    def save(self, coder):
        """(passage, created, named theme or None); the passage has .theme_list."""
        with transaction.atomic(savepoint=False):
            themes, named = self._themes_to_apply()
            passage, created = Passage.code_span(
                self.interview, coder, *self.span, themes, memo=self.cleaned_data["memo"]
            )
        if created:
            passage.theme_list = sorted(themes, key=Theme.tree_key) if len(themes) > 1 else themes
        else:
            passage.load_theme_list()
        return passage, created, named


class PassageThemesForm(_CodingForm):
    """Add themes to a passage: existing ones and/or a new theme by name."""

    theme = ThemeIdsField(label="Thema", required=False)
    new_theme = forms.CharField(label="Nieuw thema", **_NEW_THEME_FIELD)

    def __init__(self, data, *, passage):
        super().__init__(data, interview=passage.interview)
        self.passage = passage

    def clean(self):
        self.names = [self.cleaned_data["new_theme"]] if self.cleaned_data.get("new_theme") else []
        self._require_a_theme()
        return self.cleaned_data

    def save(self):
        """The named theme or None; the passage gets .theme_list."""
        with transaction.atomic():
            themes, named = self._themes_to_apply()
            self.passage.code(themes)
        self.passage.load_theme_list()
        return named


class PassageUpdateForm(_CodingForm):
    """Move a passage's start and/or end, and/or change its memo; fields left out stay as they are."""

    start, end = _span_field("begin"), _span_field("einde")
    unit = forms.ChoiceField(label="Eenheid", **_UNIT_FIELD)
    text_version = forms.CharField(required=False, max_length=16)  # versions.text_digest of the page's text
    memo = _memo_field()

    def __init__(self, data, *, passage):
        super().__init__(data, interview=passage.interview)
        self.passage = passage

    def clean(self):
        self.span = self._span(current=(self.passage.start, self.passage.end))
        return self.cleaned_data

    def save(self):
        with transaction.atomic():
            if self.span and self.span != (self.passage.start, self.passage.end):
                self.passage.move(*self.span)
            if "memo" in self.data:
                self.passage.memo = self.cleaned_data["memo"]
                self.passage.save(update_fields=["memo", "updated_at"])
        self.passage.load_theme_list()
        return self.passage
