"""Forms of the text search and of coding its hits."""

from django import forms

from ..models import (
    Passage,
    Theme,
)
from .projects import InterviewFilterForm

# --- text tools ---


SEARCH_MODES = [("lemma", "alle vormen (gemeente vindt ook gemeenten)"), ("word", "precies deze woordvorm")]


SEARCH_SORTS = [
    ("interview", "interview"),
    ("left", "linkercontext"),
    ("match", "treffer"),
    ("right", "rechtercontext"),
]


CODING_UNITS = [("match", "alleen de treffer"), ("sentence", "de zin"), ("turn", "de sprekersbeurt")]


class TextSearchForm(InterviewFilterForm):
    """Search by word, phrase or lemma with the usual filters (GET form). After is_valid(): .query."""

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

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.project = project
        self.fields["theme"].queryset = project.themes.all()
        labels = project.interviews.exclude(labels=None).values_list("labels__name", flat=True).distinct()
        self.fields["label"].choices = [("", "alle")] + [(name, name) for name in sorted(set(labels))]

    def clean(self):
        from ..textsearch import SearchError, parse_query

        data = super().clean()
        if data.get("coded") and not data.get("theme"):
            self.add_error("theme", "Kies het thema waarop u wilt filteren.")
        try:
            self.query = parse_query(data.get("q"), by_lemma=data.get("mode") != "word")
        except SearchError as error:
            self.add_error("q", str(error))
        return data

    def interviews(self):
        data = self.cleaned_data
        qs = self.project.interviews.filter_by(
            data.get("stakeholder_group"), data.get("municipality"), data.get("year")
        )
        return qs.filter(labels__name=data["label"]) if data.get("label") else qs

    def hits(self):
        """The query's hits in the chosen interviews with their context, filtered and sorted."""
        from .. import textsearch

        interviews = self.interviews()
        hits = textsearch.find(self.query, interviews)
        if self.cleaned_data.get("theme") and self.cleaned_data.get("coded"):
            passages = Passage.objects.coded_with(self.cleaned_data["theme"].descendant_ids())
            hits = textsearch.filter_coded(hits, passages, self.cleaned_data["coded"] == "yes")
        hits, order = hits[: textsearch.MAX_HITS], self.cleaned_data.get("sort") or "interview"
        # sorting by interview needs titles only; the page then gets its context (views.textsearch)
        (textsearch.add_titles if order == "interview" else textsearch.add_context)(hits, interviews)
        return textsearch.sort_hits(hits, order)


class SearchCodeForm(forms.Form):
    """Code the selected hits (or all) of a search with a theme; the unit is the match, sentence or turn."""

    theme = forms.ModelChoiceField(
        label="Thema",
        queryset=Theme.objects.none(),
        empty_label="kies een thema",
        error_messages={"required": "Kies het thema waarmee u wilt coderen."},
    )
    unit = forms.ChoiceField(label="Codeer", choices=CODING_UNITS, initial="sentence", widget=forms.RadioSelect)
    all = forms.BooleanField(label="alle treffers van deze zoekopdracht", required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = project.themes.all()
        self.keys = set(self.data.getlist("hit")) if self.is_bound else set()

    def clean(self):
        data = super().clean()
        if not data.get("all") and not self.keys:
            raise forms.ValidationError("Selecteer een of meer treffers, of kies ‘alle treffers’.")
        return data

    def save(self, hits, interviews, coder):
        """Code the chosen hits (from the search itself, never offsets from the browser); 0 when none fit."""
        from ..textsearch import code_hits

        chosen = hits if self.cleaned_data["all"] else [h for h in hits if h.key in self.keys]
        return code_hits(chosen, interviews, self.cleaned_data["theme"], coder, self.cleaned_data["unit"])
