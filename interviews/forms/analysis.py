"""Forms of the analyses: the filters every analysis reads, and each analysis's own choices."""

from django import forms
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

from monitor.models import Indicator, Municipality

from ..models import CodeQuery, Membership, Passage, ProjectVariable, StakeholderGroup, SummaryGrid, VariableValue
from ..selection import Selection, project_cases
from .fields import FastSelect, FilterableCheckboxes, parse_numbers
from .members import User


class AttributeForm(forms.Form):
    """Which case attribute the themes are compared by: a fixed one or a project variable."""

    by = forms.ChoiceField(label="Vergelijk naar", required=False, widget=FastSelect)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [
            ("stakeholder_group", "stakeholdergroep"),
            ("year", "jaar"),
            ("municipality", "gemeente"),
        ] + [(f"variable:{v.pk}", f"variabele: {v.name}") for v in project.variables.all()]

    def attribute(self):
        return (self.cleaned_data.get("by") if self.is_valid() else "") or "stakeholder_group"

    def attribute_label(self):
        """The chosen attribute in words ("stakeholdergroep", "variabele: regio"), for captions and notes."""
        attribute = self.attribute()
        return dict(self.fields["by"].choices).get(attribute, attribute)


class IndicatorSplitForm(forms.Form):
    """An indicator and how to split interviews by its value (yes/no itself; numbers by thresholds or quantiles)."""

    indicator = forms.ModelChoiceField(
        label="Indicator",
        queryset=Indicator.objects.all(),
        to_field_name="code",
        empty_label="kies een indicator",
        widget=FastSelect,
    )
    thresholds = forms.CharField(
        label="Drempels (bij getallen)",
        required=False,
        max_length=200,
        help_text="bv. 5,5; 6 — leeg laten voor kwantielen",
    )
    quantiles = forms.TypedChoiceField(
        label="Of: kwantielen",
        required=False,
        coerce=int,
        empty_value=0,
        choices=[("", "geen"), ("2", "2 (mediaan)"), ("3", "3 (tertielen)"), ("4", "4 (kwartielen)")],
    )

    def clean_thresholds(self):
        return parse_numbers(self.cleaned_data["thresholds"])

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator")
        if (
            indicator
            and indicator.value_type != Indicator.ValueType.YES_NO
            and not (data.get("thresholds") or data.get("quantiles"))
            and "thresholds" not in self.errors
        ):
            data["quantiles"] = 2  # numbers without a split: above and below the median
        return data


class TrendForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label="Indicator ernaast",
        queryset=Indicator.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="geen",
        widget=FastSelect,
    )


class JointDisplayForm(forms.Form):
    indicators = forms.ModelMultipleChoiceField(
        label="Indicatoren",
        queryset=Indicator.objects.all(),
        to_field_name="code",
        required=False,
        widget=FilterableCheckboxes(attrs={"aria-label": "Indicatoren"}),
    )
    per = forms.ChoiceField(
        label="Een rij per",
        required=False,
        widget=FastSelect,
        choices=[("municipality", "gemeente"), ("interview", "interview")],
    )
    level = forms.ChoiceField(
        label="Thema's als kolommen",
        required=False,
        widget=FastSelect,
        choices=[
            ("", "bovenste niveau"),
            ("1", "niveau 1"),
            ("2", "niveau 2 (subthema's)"),
            ("3", "niveau 3"),
            ("alle", "alle thema's"),
        ],
        help_text="niveaus binnen het gekozen thema; elk thema telt met zijn subthema's",
    )
    grid = forms.ModelChoiceField(
        label=gettext_lazy("Samenvattingen uit tabel"),
        required=False,
        queryset=SummaryGrid.objects.none(),
        empty_label=gettext_lazy("geen: één citaat per thema"),
        help_text=gettext_lazy("een samenvattingstabel met dezelfde rijen (gemeenten of interviews)"),
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:
            self.fields["grid"].queryset = project.summary_grids.all()


class ExemplarForm(forms.Form):
    """The passage the researcher picks as the exemplar quote (it gets starred; the others of that cell not)."""

    passage = forms.TypedChoiceField(label="Citaat", coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["passage"].choices = [(p.pk, p.text) for p in candidates]

    @transaction.atomic
    def save(self):
        chosen = self.cleaned_data["passage"]
        Passage.objects.filter(pk__in=[p.pk for p in self.candidates]).exclude(pk=chosen).update(starred=False)
        Passage.objects.filter(pk=chosen).update(starred=True)
        return chosen


class AnalysisFilterForm(forms.Form):
    """The filters every analysis shares (GET form; every field optional).

    AnalysisFilterForm(request.GET or None, project=project).selection() is the selection.Selection every
    analysis reads (interviews, cases, themes, passages, codings, describe()). Invalid fields are reported in
    form.errors and left out of the selection.
    """

    coder = forms.ModelChoiceField(
        label="Codeur", required=False, queryset=User.objects.none(), empty_label="alle codeurs", widget=FastSelect
    )
    theme = forms.TypedChoiceField(
        label="Thema (met subthema's)", required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    stakeholder_group = forms.ChoiceField(
        label="Stakeholdergroep", required=False, choices=[("", "alle")] + StakeholderGroup.choices, widget=FastSelect
    )
    municipality = forms.TypedChoiceField(
        label="Gemeente", required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    year = forms.IntegerField(label="Jaar", required=False, min_value=1990, max_value=2100)
    label = forms.ChoiceField(label="Label", required=False, choices=[("", "alle")], widget=FastSelect)
    variable = forms.ModelChoiceField(
        label="Eigen variabele",
        required=False,
        queryset=ProjectVariable.objects.none(),
        empty_label="geen",
        widget=FastSelect,
    )
    value = forms.CharField(
        label="is gelijk aan", required=False, max_length=300, help_text="leeg: elk interview met een waarde"
    )
    value_from = forms.CharField(label="of van", required=False, max_length=30, help_text="getal of datum")
    value_to = forms.CharField(label="tot en met", required=False, max_length=30)
    query = forms.ModelChoiceField(
        label=gettext_lazy("Zoekvraag op codes"),
        required=False,
        queryset=CodeQuery.objects.none(),
        empty_label=gettext_lazy("geen"),
        help_text=gettext_lazy("alleen passages die een treffer van deze bewaarde zoekvraag raken"),
        widget=FastSelect,
    )

    RANGE = (ProjectVariable.Kind.NUMBER, ProjectVariable.Kind.DATE)
    VALUES = ("value", "value_from", "value_to")

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.variable_values = None  # {value, value_from, value_to: typed or None} once the variable filter is valid
        member = Membership.objects.filter(project=project, user=OuterRef("pk"))
        coded = Passage.objects.filter(interview__project=project, coder=OuterRef("pk"))
        self.fields["coder"].queryset = User.objects.filter(Exists(member) | Exists(coded)).order_by("username")
        self._themes = list(project.themes.in_tree_order())
        self.fields["theme"].choices = [("", "alle thema's")] + [
            (t.pk, "\u00a0\u00a0" * t.depth + t.name) for t in self._themes
        ]
        self._project_cases = project_cases(project)  # handed to the selection, which would read them again
        used = {row[2]: row[4] for row in self._project_cases if row[2]}
        self.fields["municipality"].choices = [("", "alle")] + sorted(used.items(), key=lambda item: item[1])
        labels = project.interviews.exclude(labels=None).order_by().values_list("labels__name", flat=True).distinct()
        self.fields["label"].choices = [("", "alle")] + [(name, name) for name in sorted(set(labels))]
        self.fields["variable"].queryset = project.variables.all()
        self.fields["query"].queryset = project.code_queries.all()

    def clean_theme(self):
        return next((t for t in self._themes if t.pk == self.cleaned_data["theme"]), None)

    def clean_municipality(self):
        pk = self.cleaned_data["municipality"]
        return Municipality.objects.filter(pk=pk).first() if pk else None

    def clean(self):
        data = super().clean()
        variable = data.get("variable")
        raw = {name: (data.get(name) or "").strip() for name in self.VALUES}
        if variable is None:
            if any(raw.values()) and "variable" not in self.errors:
                self.add_error("variable", "Kies de variabele waarop u wilt filteren.")
            return data
        if (raw["value_from"] or raw["value_to"]) and variable.kind not in self.RANGE:
            self.add_error(
                "value_from",
                f"‘{variable.name}’ is {variable.get_kind_display()}: van/tot kan alleen bij een getal of een datum.",
            )
            return data
        typed = {}
        for name in self.VALUES:
            try:
                typed[name] = VariableValue.parse(variable.kind, raw[name])
            except ValueError as error:
                self.add_error(name, f"{variable.name}: {error}")
        if not any(name in self.errors for name in raw):
            self.variable_values = typed
        return data

    def selection(self, **choices):
        """The selection.Selection of the valid filters (and `choices`, e.g. ticked=…, pseudonymised=…)."""
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds the valid fields only
        data = getattr(self, "cleaned_data", {})
        return Selection(
            self.project,
            coder=data.get("coder"),
            theme=data.get("theme"),
            stakeholder_group=data.get("stakeholder_group") or "",
            municipality=data.get("municipality"),
            year=data.get("year"),
            label=data.get("label") or "",
            variable=data.get("variable") if self.variable_values is not None else None,
            **(self.variable_values or {}),
            query=data.get("query"),
            all_cases=self._project_cases,
            all_themes=self._themes,
            **choices,
        )
