"""Forms of the word frequencies: what is counted (a theme, a stakeholder group), how many words are shown,
whether it is compared with the rest; and the project's stop-word list."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import word_frequencies as words
from ..models import Action, StakeholderGroup, Subject, WordList
from .fields import FastSelect

TOP_MIN, TOP_MAX, TOP_DEFAULT = 10, 500, 50
MAX_LIST_CHARACTERS = 20_000  # WordList's fields hold this many characters


class WordFrequencyForm(forms.Form):
    """GET form beside the shared analysis filters (its field names differ from theirs)."""

    source = forms.ChoiceField(
        label=gettext_lazy("Tel de woorden van"),
        required=False,
        choices=[
            ("theme", gettext_lazy("een thema")),
            ("group", gettext_lazy("een stakeholdergroep")),
            ("query", gettext_lazy("de treffers van de zoekvraag (filter hierboven)")),
        ],
        widget=FastSelect,
    )
    word_theme = forms.TypedChoiceField(
        label=gettext_lazy("Thema"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=FastSelect,
        error_messages={"invalid_choice": gettext_lazy("Onbekend thema: kies een thema uit de lijst.")},
    )
    group = forms.ChoiceField(
        label=gettext_lazy("Stakeholdergroep"),
        required=False,
        choices=[("", "—")] + StakeholderGroup.choices,
        widget=FastSelect,
        error_messages={"invalid_choice": gettext_lazy("Onbekende stakeholdergroep: kies er een uit de lijst.")},
    )
    whole_text = forms.BooleanField(
        label=gettext_lazy("hele tekst"),
        required=False,
        help_text=gettext_lazy("bij een stakeholdergroep: de hele interviews, niet alleen de gecodeerde passages"),
    )
    top = forms.IntegerField(
        label=gettext_lazy("Aantal woorden"),
        required=False,
        min_value=TOP_MIN,
        max_value=TOP_MAX,
        help_text=gettext_lazy("%(min)s tot en met %(max)s") % {"min": TOP_MIN, "max": TOP_MAX},
        error_messages={
            key: gettext_lazy("Kies een aantal woorden van %(min)s tot en met %(max)s.")
            % {"min": TOP_MIN, "max": TOP_MAX}
            for key in ("min_value", "max_value", "invalid")
        },
    )
    compare = forms.BooleanField(
        label=gettext_lazy("vergelijk met de rest (keyness)"),
        required=False,
        help_text=gettext_lazy("log-likelihood G² tegen de overige passages of interviews"),
    )

    def __init__(self, *args, project, query=None, **kwargs):
        """`query`: the saved code-combination query the shared analysis filters chose (None: none)."""
        super().__init__(*args, **kwargs)
        self.query = query
        self.themes = list(project.themes.in_tree_order())
        self.fields["word_theme"].choices = [("", "—")] + [
            (t.pk, "\u00a0\u00a0" * t.depth + t.name) for t in self.themes
        ]

    def clean_word_theme(self):
        return next((t for t in self.themes if t.pk == self.cleaned_data["word_theme"]), None)

    def clean(self):
        data = super().clean()
        data["source"] = data.get("source") or "theme"
        data["top"] = data.get("top") or TOP_DEFAULT
        if data["source"] == "theme" and not data.get("word_theme") and "word_theme" not in self.errors:
            self.add_error("word_theme", _("Kies het thema waarvan u de woorden wilt tellen."))
        if data["source"] == "group" and not data.get("group") and "group" not in self.errors:
            self.add_error("group", _("Kies de stakeholdergroep waarvan u de woorden wilt tellen."))
        if data["source"] == "query" and self.query is None:
            self.add_error(
                "source", _("Kies bij de filters een bewaarde zoekvraag om de woorden van haar treffers te tellen.")
            )
        return data

    def top_n(self):
        """How many words the table and the cloud show (the default when the form is not valid)."""
        return self.cleaned_data.get("top") or TOP_DEFAULT if self.is_bound and self.is_valid() else TOP_DEFAULT

    def corpora(self, selection):
        """(what is counted, everything it is compared with) as word_frequencies.Corpus, from a valid form."""
        data = self.cleaned_data
        if data["source"] == "group":
            label = dict(StakeholderGroup.choices)[data["group"]]
            return words.group_corpora(selection, data["group"], label, whole_text=data["whole_text"])
        if data["source"] == "query":
            return words.query_corpora(selection)
        return words.theme_corpora(selection, data["word_theme"])


class StopWordForm(forms.Form):
    """The project's changes to spaCy's Dutch stop words: words added, words taken out (one a line, or separated
    by spaces or commas). Too many, too long or not only letters: a message, and nothing is saved."""

    added = forms.CharField(
        label=gettext_lazy("Extra stopwoorden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("tellen niet mee, naast de standaardlijst"),
    )
    removed = forms.CharField(
        label=gettext_lazy("Geen stopwoord"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("woorden uit de standaardlijst die wél meetellen"),
    )

    def __init__(self, *args, word_list, **kwargs):
        super().__init__(*args, initial={"added": word_list.added, "removed": word_list.removed}, **kwargs)
        self.word_list = word_list

    def _clean_words(self, name):
        text = self.cleaned_data[name]
        if len(text) > 10 * MAX_LIST_CHARACTERS:
            raise forms.ValidationError(_("Deze lijst is te lang om te lezen."))
        found = words.parse_words(text)
        problems = words.word_problems(found)
        if problems:
            raise forms.ValidationError(problems)
        joined = "\n".join(found)
        if len(joined) > MAX_LIST_CHARACTERS:
            raise forms.ValidationError(
                _("Hoogstens %(max)s tekens in deze lijst; dit zijn er %(n)s.")
                % {"max": MAX_LIST_CHARACTERS, "n": len(joined)}
            )
        return joined

    def clean_added(self):
        return self._clean_words("added")

    def clean_removed(self):
        return self._clean_words("removed")

    @transaction.atomic
    def save(self, user):
        """Store the lists and, when they changed, an Action with before and after (the history)."""
        word_list, _created = WordList.objects.select_for_update().get_or_create(project=self.word_list.project)
        before = {"added": word_list.added, "removed": word_list.removed}
        word_list.added, word_list.removed = self.cleaned_data["added"], self.cleaned_data["removed"]
        word_list.updated_by, word_list.updated_at = user, timezone.now()
        word_list.save()
        after = {"added": word_list.added, "removed": word_list.removed}
        Action.record_change(
            word_list.project, user, Subject.WORD_LIST, before, after, subject_id=word_list.pk, label=_("stopwoorden")
        )
        return word_list
