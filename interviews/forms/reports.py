"""Forms of the reports page: the summary, the codings table and the codebook import."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify

from ..models import (
    Passage,
)
from .analysis import AnalysisFilterForm
from .fields import _chosen_themes_field, _theme_choices


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

    def summary(self, filters):
        """The reports.Summary for these options (valid) and an AnalysisFilterForm."""
        from ..reports import build_summary

        themes = filters.themes()
        if self.cleaned_data["themes"]:
            themes = themes.filter(pk__in=[theme.pk for theme in self.cleaned_data["themes"]])
        quotes = self.cleaned_data["quotes"]
        return build_summary(
            self.project,
            filters.interviews(),
            filters.codings(),
            themes,
            filters=filters.describe(),
            quotes_per_theme=5 if quotes is None else quotes,
            pseudonymise=self.cleaned_data["pseudonymise"],
        )


class CodingsFilterForm(AnalysisFilterForm):
    """Which rows the codings table holds: the analyses' filters plus the summary's ticked themes (the same
    GET fields as the report page). Without a theme filter, passages without a theme are listed too."""

    themes = _chosen_themes_field()
    pseudonymise = forms.BooleanField(required=False)  # the report page's tick box, shared with the summary

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["themes"].queryset = project.themes.all()  # checked, never shown: the report page shows them

    @property
    def pseudonymised(self):
        return bool(self.is_valid() and self.cleaned_data.get("pseudonymise"))

    def _listed(self):
        """(passages, theme ids or None for every theme and no theme), for reports.coding_table."""
        passages = Passage.objects.filter(interview__in=self.interviews())
        if self.coder_user:
            passages = passages.by_coder(self.coder_user)
        ticked = self.cleaned_data.get("themes")
        if not (self.cleaned_data.get("theme") or ticked):
            return passages, None
        themes = self.themes().filter(pk__in=[t.pk for t in ticked]) if ticked else self.themes()
        return passages, list(themes.values_list("pk", flat=True))

    def describe(self):
        ticked = self.cleaned_data.get("themes") if self.is_valid() else None
        described = super().describe()
        place = self._value("municipality")
        if place and self.pseudonymised:  # the filter must not name what the table hides
            from ..reports import municipality_pseudonym

            described = described.replace(str(place), municipality_pseudonym(self.project, place))
        if not ticked:
            return described
        names = f"thema's: {', '.join(sorted(t.name for t in ticked))}"
        return names if described == "geen filters" else f"{described}; {names}"

    def filename(self, fmt):
        """E.g. 'studie-coderingen.csv', or with the filters: 'studie-coderingen-jaar-2021.csv'."""
        described = self.describe()
        suffix = "" if described == "geen filters" else "-" + slugify(described)[:80].strip("-")
        if self.pseudonymised:
            suffix += "-gepseudonimiseerd"
        return f"{self.project.slug}-coderingen{suffix}.{fmt}"

    def table(self):
        """(header, column widths, rows) of the filtered codings table (valid form)."""
        from ..reports import coding_table

        return coding_table(self.project, *self._listed(), pseudonymise=self.pseudonymised)

    def write(self, fmt, file):
        """The filtered codings table as 'csv' or 'xlsx' into a binary file object (valid form)."""
        from ..reports import write_codings_file

        write_codings_file(
            self.project, fmt, file, *self._listed(), filters=self.describe(), pseudonymise=self.pseudonymised
        )


class CodebookImportForm(forms.Form):
    """A codebook file (.csv, .xlsx or REFI-QDA .qdc) checked row by row; saving adds or updates themes."""

    file = forms.FileField(
        label="Codeboek (.csv, .xlsx of .qdc)", error_messages={"required": "Kies een codeboekbestand."}
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_file(self):
        from ..exchange.codebook import CodebookError, check_rows, read_codebook_file

        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"Het bestand is groter dan {filesizeformat(settings.MAX_UPLOAD_BYTES)}.")
        try:
            self.rows = read_codebook_file(upload, upload.name)
            check_rows(self.project, self.rows)
        except CodebookError as error:
            raise forms.ValidationError(error.errors) from None
        return upload

    def save(self):
        """Add and update the themes, all or nothing; returns (added, updated) names."""
        from ..exchange.codebook import import_rows

        return import_rows(self.project, self.rows)
