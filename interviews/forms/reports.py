"""Forms of the reports page: the summary, the codings table and the codebook import."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exchange.codebook import CodebookError, check_rows, import_rows, read_codebook_file
from ..models import Source
from .analysis import AnalysisFilterForm
from .fields import _chosen_themes_field, _theme_choices

CHART_CHOICES = [
    ("groep", gettext_lazy("thema's × stakeholdergroep (heatmap)")),
    ("jaar", gettext_lazy("thema's per jaar (lijngrafiek)")),
    ("samenloop", gettext_lazy("samenloop in hetzelfde interview (heatmap)")),
    ("matrix", gettext_lazy("thema × interview (heatmap)")),
]


class SummaryForm(forms.Form):
    """What a theme summary holds besides the analysis filters: which themes, how many quotes, pseudonyms."""

    themes = _chosen_themes_field()
    quotes = forms.IntegerField(
        label="Citaten per thema",
        required=False,
        min_value=0,
        max_value=50,
        initial=5,
        help_text="Passages met een ster komen altijd mee; de rest kiest de export, "
        "gespreid over de stakeholdergroepen.",
    )
    charts = forms.MultipleChoiceField(
        label=gettext_lazy("Grafieken in het Word-document"),
        required=False,
        choices=CHART_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Dezelfde grafieken als op de analysepagina's, met dezelfde filters."),
    )
    pseudonymise = forms.BooleanField(
        label="Interviews en gemeenten pseudonimiseren",
        required=False,
        help_text="Interview 1, 2, … en de vervanging uit de namenlijst van het project, anders Gemeente A, B, …",
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["themes"].queryset = project.themes.all()
        self.fields["themes"].choices = _theme_choices(project.themes.in_tree_order())

    def selection(self, filters):
        """The selection.Selection of an AnalysisFilterForm with these options (valid): ticked themes, pseudonyms."""
        data = self.cleaned_data
        return filters.selection(ticked=list(data["themes"]), pseudonymised=data["pseudonymise"])


class CodingsFilterForm(AnalysisFilterForm):
    """Which rows the codings table holds: the analyses' filters plus the summary's ticked themes (the same
    GET fields as the report page). Without a theme filter, passages without a theme are listed too."""

    themes = _chosen_themes_field()
    pseudonymise = forms.BooleanField(required=False)  # the report page's tick box, shared with the summary

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["themes"].queryset = project.themes.all()  # checked, never shown: the report page shows them

    def selection(self):
        """The selection.Selection of the valid filters, ticked themes and pseudonyms."""
        valid = self.is_valid()
        data = self.cleaned_data
        return super().selection(
            ticked=list(data.get("themes") or []) if valid else [],
            pseudonymised=bool(valid and data.get("pseudonymise")),
        )


class CodebookImportForm(forms.Form):
    """A codebook file (.csv, .xlsx or REFI-QDA .qdc) checked row by row; saving adds or updates themes."""

    file = forms.FileField(
        label="Codeboek (.csv, .xlsx of .qdc)", error_messages={"required": "Kies een codeboekbestand."}
    )

    def __init__(self, *args, project, may_move=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.may_move = project, may_move

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"Het bestand is groter dan {filesizeformat(settings.MAX_UPLOAD_BYTES)}.")
        try:
            self.rows = read_codebook_file(upload, upload.name)
            cleaned = check_rows(self.project, self.rows)
        except CodebookError as error:
            raise forms.ValidationError(error.errors) from None
        if not self.may_move and (moved := self._moved(cleaned)):  # the project's codebook policy (issue 13, #6)
            raise forms.ValidationError(
                _("Alleen een eigenaar kan thema's verplaatsen; dit codeboek zet %(names)s onder een ander thema.")
                % {"names": ", ".join(f"“{name}”" for name in moved)}
            )
        return upload

    def _moved(self, cleaned):
        """Names of existing themes the rows would put under another parent."""
        existing = {t.name.casefold(): t for t in self.project.themes.select_related("parent")}
        return [
            theme.name
            for item in cleaned
            if (theme := existing.get(item["name"].casefold()))
            and (item["parent"] or "").casefold() != (theme.parent.name.casefold() if theme.parent else "")
        ]

    def save(self, user=None, source=Source.IMPORT):
        """Add and update the themes, all or nothing; returns (added, updated) names."""
        return import_rows(self.project, self.rows, user, source)
