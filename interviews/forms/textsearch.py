"""Forms of the text search and of coding its hits: they validate; textsearch.py searches and codes."""

from django import forms

from ..models import Theme
from ..textsearch import SearchError, parse_query
from .projects import InterviewFilterForm

SEARCH_MODES = [("lemma", "alle vormen (gemeente vindt ook gemeenten)"), ("word", "precies deze woordvorm")]


SEARCH_SORTS = [
    ("interview", "interview"),
    ("left", "linkercontext"),
    ("match", "treffer"),
    ("right", "rechtercontext"),
]


CODING_UNITS = [("match", "alleen de treffer"), ("sentence", "de zin"), ("turn", "de sprekersbeurt")]


class TextSearchForm(InterviewFilterForm):
    """Search by word, phrase or lemma with the usual filters (GET form). cleaned_data["query"] is the parsed
    textsearch.Query."""

    q = forms.CharField(label="Zoek naar", max_length=200, required=False)
    mode = forms.ChoiceField(label="Zoek op", choices=SEARCH_MODES, required=False, widget=forms.RadioSelect)
    label = forms.ChoiceField(label="Label", required=False, choices=[("", "alle")])
    theme = forms.ModelChoiceField(label="Thema", required=False, queryset=Theme.objects.none(), empty_label="—")
    coded = forms.ChoiceField(
        label="Met dit thema gecodeerd",
        required=False,
        choices=[("", "maakt niet uit"), ("yes", "wel"), ("no", "nog niet")],
    )
    sort = forms.ChoiceField(label="Sorteer op", required=False, choices=SEARCH_SORTS)

    field_order = ["q", "mode"]

    def __init__(self, data=None, *args, project, **kwargs):
        if data is not None and not data.get("mode"):
            # A search without a mode (a link, a bookmark, the way back after search-and-code) searches all forms:
            # say so by ticking that radio, rather than showing none ticked.
            data = data.copy()
            data["mode"] = "lemma"
        super().__init__(data, *args, project=project, **kwargs)
        self.fields["theme"].queryset = project.themes.all()
        labels = project.interviews.exclude(labels=None).values_list("labels__name", flat=True).distinct()
        self.fields["label"].choices = [("", "alle")] + [(name, name) for name in sorted(set(labels))]

    def clean(self):
        data = super().clean()
        if data.get("coded") and not data.get("theme"):
            self.add_error("theme", "Kies het thema waarop u wilt filteren.")
        try:
            data["query"] = parse_query(data.get("q"), by_lemma=data.get("mode") != "word")
        except SearchError as error:
            self.add_error("q", str(error))
        return data


class SearchCodeForm(forms.Form):
    """Code the selected hits (or all) of a search with a theme; the unit is the match, sentence or turn.
    cleaned_data["keys"] holds the keys of the selected hits, None for all."""

    theme = forms.ModelChoiceField(
        label="Thema",
        queryset=Theme.objects.none(),
        empty_label="kies een thema",
        error_messages={"required": "Kies het thema waarmee u wilt coderen."},
    )
    unit = forms.ChoiceField(label="Codeer", choices=CODING_UNITS, initial="sentence", widget=forms.RadioSelect)
    all = forms.BooleanField(label="alle treffers van deze zoekopdracht", required=False)

    def __init__(self, *args, project, **kwargs):
        # Its own ids (zc_theme, …): the search form above has a theme select too, and each label must name its own.
        super().__init__(*args, auto_id="zc_%s", **kwargs)
        self.fields["theme"].queryset = project.themes.all()

    def clean(self):
        data = super().clean()
        keys = set(self.data.getlist("hit"))
        if not data.get("all") and not keys:
            raise forms.ValidationError("Selecteer een of meer treffers, of kies ‘alle treffers’.")
        data["keys"] = None if data.get("all") else keys
        return data
