"""The correction of an interview's text: the new text of the whole or of a stretch, and the text it was made
from (by digest), so a correction saved meanwhile by someone else is never overwritten."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from ..models import text_digest
from ..models.text_versions import TextVersion
from ..transcripts.text import TranscriptError, normalise

OUTSIDE = {
    key: _("Het stuk tekst om te corrigeren ligt niet binnen het interview.") for key in ("invalid", "min_value")
}
MAX_TEXT = 2_000_000  # characters: ten times the longest transcript a study of ours holds (about 35k words)


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Tekst"),
        strip=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true", "lang": "nl"}),
        error_messages={
            "required": _("De tekst is leeg: een interview houdt tekst."),
            "max_length": _("De tekst is te lang: hoogstens %(limit_value)s tekens (het zijn er nu %(show_value)s)."),
        },
    )
    note = forms.CharField(label=_("Wat is er verbeterd? (optioneel)"), required=False, max_length=200)
    base = forms.CharField(
        widget=forms.HiddenInput,
        validators=[RegexValidator(r"^[0-9a-f]{16}$", _("De versie van de tekst is ongeldig."))],
    )
    pseudonymise = forms.BooleanField(widget=forms.HiddenInput, required=False)  # the key is kept on saving
    start = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, error_messages=OUTSIDE)
    end = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, error_messages=OUTSIDE)

    def __init__(self, *args, interview, **kwargs):
        self.interview = interview
        super().__init__(*args, **kwargs)

    @classmethod
    def opened(cls, interview, start=None, end=None):
        """The unbound form over the whole text, or over text[start:end] when that is a stretch of it."""
        whole = start is None or end is None or not 0 <= start < end <= len(interview.text)
        start, end = (0, len(interview.text)) if whole else (start, end)
        initial = {"text": interview.text[start:end], "base": text_digest(interview.text)}
        if not whole:
            initial.update(start=start, end=end)
        return cls(interview=interview, initial=initial)

    def clean(self):
        data = super().clean()
        old = self.interview.text
        if self.errors:
            return data
        if data["base"] != text_digest(old):
            raise forms.ValidationError(
                _(
                    "De tekst is intussen door iemand anders gewijzigd. Open de correctie opnieuw; "
                    "er is niets opgeslagen."
                )
            )
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None) or (start is not None and not start < end <= len(old)):
            raise forms.ValidationError(OUTSIDE["invalid"])
        start, end = (0, len(old)) if start is None else (start, end)
        data["full_text"] = old[:start] + data["text"].replace("\r\n", "\n") + old[end:]
        try:
            same = normalise(data["full_text"]) == old  # white space the canonical text drops is no change
        except TranscriptError:
            same = False  # an empty text: said when the correction is worked out
        if same:
            raise forms.ValidationError(_("Er is niets veranderd aan de tekst."))
        return data

    def note_or_default(self):
        return self.cleaned_data["note"].strip() or str(_("Correctie"))


class RollbackForm(forms.Form):
    """Which version to put back (as a new correction)."""

    base = forms.CharField(validators=[RegexValidator(r"^[0-9a-f]{16}$", _("De versie van de tekst is ongeldig."))])

    def __init__(self, *args, version: TextVersion, **kwargs):
        self.version = version
        super().__init__(*args, **kwargs)

    def clean_base(self):
        if self.cleaned_data["base"] != text_digest(self.version.interview.text):
            raise forms.ValidationError(_("De tekst is intussen gewijzigd; bekijk de versies opnieuw."))
        if self.version.text == self.version.interview.text:
            raise forms.ValidationError(_("Dit is de huidige tekst al."))
        return self.cleaned_data["base"]
