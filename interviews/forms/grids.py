"""Forms of the summary grids: a new grid (name, rows, themes and the analysis filters) and one cell's summary."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import GridCell, SummaryGrid
from ..summary_grid import CITATION, SUMMARY_LIMIT, build_grid, create_grid, save_cell
from .analysis import AnalysisFilterForm
from .fields import BoundedModelMultipleChoiceField


def grid_filters(grid, data=None):
    """The analysis filters of a grid (its stored query string, or `data` while it is being made); the theme
    filter is left out: the grid's columns are its themes."""
    form = AnalysisFilterForm(QueryDict(grid.filters) if data is None else data, project=grid.project)
    del form.fields["theme"]
    return form


def grid_selection(grid, user, filters=None):
    """The selection a grid is built from, as `user` may see it: the one place where it is put together (a saved
    code-combination query among its filters narrows the rows and the passages, Selection.visible)."""
    return (filters or grid_filters(grid)).selection().seen_by(user)


class GridForm(forms.ModelForm):
    """A new summary grid: a name not yet used in the project, the kind of rows, at least one theme, and filters
    that leave at least one row."""

    class Meta:
        model = SummaryGrid
        fields = ["name", "rows", "themes"]
        field_classes = {"themes": BoundedModelMultipleChoiceField}
        widgets = {"themes": forms.CheckboxSelectMultiple, "rows": forms.RadioSelect}
        labels = {"name": gettext_lazy("Naam"), "rows": gettext_lazy("Een rij per"), "themes": gettext_lazy("Thema's")}
        error_messages = {
            "name": {"required": gettext_lazy("Geef de tabel een naam.")},
            "themes": {
                "required": gettext_lazy("Kies ten minste één thema: elk thema wordt een kolom."),
                "invalid_choice": gettext_lazy("Kies thema's uit het codeboek van dit project."),
                "invalid_pk_value": gettext_lazy("Kies thema's uit het codeboek van dit project."),
            },
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.filters = grid_filters(self.instance, self.data if self.is_bound else None)
        self.fields["themes"].queryset = project.themes.all()
        self.fields["themes"].choices = [
            (theme.pk, "\u2003" * theme.depth + theme.name) for theme in self.filters.selection().theme_tree()
        ]
        self.fields["themes"].help_text = _("Elk thema telt met zijn subthema's.")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if SummaryGrid.objects.filter(project=self.instance.project, name__iexact=name).exists():
            raise forms.ValidationError(_("Er is al een tabel met de naam “%(name)s”.") % {"name": name})
        return name

    def clean(self):
        data = super().clean()
        if not self.filters.is_valid():
            raise forms.ValidationError(_("De filters kloppen niet; zie de meldingen bij de filters."))
        if not self.filters.selection().cases():
            raise forms.ValidationError(
                _("Bij deze filters heeft de tabel geen rijen: er is geen interview dat eraan voldoet.")
            )
        return data

    def save_by(self, user):
        """Store the grid (its filters as a query string) and record it in the history."""
        query = QueryDict(mutable=True)
        for name in self.filters.fields:
            value = (self.data.get(name) or "").strip()
            if value:
                query[name] = value
        self.instance.filters = query.urlencode()
        self.instance.query = self.filters.cleaned_data.get("query")
        return create_grid(self.instance, self.cleaned_data["themes"], user)


class CellForm(forms.Form):
    """One cell's summary and the quotes it rests on, chosen among that cell's passages only."""

    summary = forms.CharField(
        label=gettext_lazy("Samenvatting"),
        required=False,
        max_length=SUMMARY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Verwijs naar een gekozen citaat met zijn nummer, bv. [1]. Leeg: de cel wordt gewist."),
        error_messages={
            "max_length": gettext_lazy("Een samenvatting is ten hoogste %(limit_value)d tekens (nu %(show_value)d).")
        },
    )
    quotes = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Citaten"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Kies citaten uit de passages van deze cel.")},
    )

    def __init__(self, *args, grid, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid, self.cell = grid, cell
        self.fields["quotes"].choices = [(quote.pk, quote.text) for quote in cell.passages]
        if not self.is_bound:
            self.initial = {"summary": cell.summary, "quotes": [quote.pk for quote in cell.quotes]}

    def clean(self):
        """A citation [n] must name one of the quotes the writer chose (numbered 1, 2, … in text order, as his
        cell shows them): a summary citing more (say [3] after a quote was unticked) is refused, not left
        pointing nowhere."""
        data = super().clean()
        if "summary" in data and "quotes" in data:
            chosen = len(set(data["quotes"]))
            cited = sorted({int(n) for n in CITATION.findall(data["summary"])})
            wrong = [n for n in cited if not 1 <= n <= chosen]
            if wrong:
                message = ngettext(
                    "Citaat %(cited)s bestaat niet: er is %(n)s citaat gekozen. Pas de nummers aan.",
                    "Citaat %(cited)s bestaat niet: er zijn %(n)s citaten gekozen. Pas de nummers aan.",
                    chosen,
                )
                self.add_error("summary", message % {"cited": ", ".join(f"[{n}]" for n in wrong), "n": chosen})
        return data

    def _hidden_quotes(self):
        """The cell's stored quotes the writer is not offered but that are still passages of the cell (another
        coder's, during a blind round): kept when he saves. Quotes that left the cell since are dropped."""
        offered = {quote.pk for quote in self.cell.passages}
        stored = set(
            GridCell.quotes.through.objects.filter(
                gridcell__grid=self.grid, gridcell__row=self.cell.row, gridcell__theme=self.cell.theme
            ).values_list("passage_id", flat=True)
        )
        if not stored - offered:
            return set()
        everyone = build_grid(self.grid, grid_selection(self.grid, None), only=(self.cell.row, self.cell.theme.pk))
        in_cell = {quote.pk for row in everyone.rows for cell in row.cells for quote in cell.passages}
        return (stored & in_cell) - offered

    def save(self, grid, user):
        """Write the cell (an empty summary removes it); the verb stored in the history, or None. Quotes the
        writer may not see (another coder's passages during a blind round) stay: only what was offered is chosen."""
        data = self.cleaned_data
        quotes = set(data["quotes"]) | self._hidden_quotes()
        return save_cell(grid, self.cell.row, self.cell.theme, data["summary"], quotes, user)
