"""Forms of the analyses: the filters every analysis reads, and each analysis's own choices."""

from django import forms
from django.db import transaction
from django.db.models import Exists, OuterRef

from monitor.models import Indicator, Municipality

from ..models import (
    Coding,
    Membership,
    Passage,
    ProjectVariable,
    StakeholderGroup,
    VariableValue,
)
from .fields import FastSelect, FastSelectMultiple, parse_numbers
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
        widget=FastSelectMultiple,
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

    AnalysisFilterForm(request.GET or None, project=project), then:
      .interviews() → Interview queryset (project, stakeholder group, municipality, year, label, a variable)
      .cases()      → the same interviews as (id, title, municipality id, code, name, year, group) tuples
      .themes()     → Theme queryset (the chosen theme and its subtree, or all the project's themes)
      .theme_tree() → the same themes in tree order, with .depth and .subthemes
      .coder        → the chosen User, or None for all coders
      .passages()   → Passage queryset in those interviews, by that coder, coded with those themes
      .codings()    → Coding queryset likewise (what the analyses count)
      .describe()   → the active filters as Dutch text, for pages and exports
    Invalid fields are reported in form.errors and ignored by these methods.
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

    RANGE = (ProjectVariable.Kind.NUMBER, ProjectVariable.Kind.DATE)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.variable_filter = None  # (variable, lookups on VariableValue) once the form is valid
        member = Membership.objects.filter(project=project, user=OuterRef("pk"))
        coded = Passage.objects.filter(interview__project=project, coder=OuterRef("pk"))
        self.fields["coder"].queryset = User.objects.filter(Exists(member) | Exists(coded)).order_by("username")
        self._themes = {t.pk: t for t in project.themes.in_tree_order()}
        self.fields["theme"].choices = [("", "alle thema's")] + [
            (t.pk, "\u00a0\u00a0" * t.depth + t.name) for t in self._themes.values()
        ]
        # The interviews' attributes are read once (columns after an interview's long text are slow to reach).
        self._project_cases = list(
            project.interviews.order_by().values_list(
                "id",
                "title",
                "municipality_id",
                "municipality__code",
                "municipality__name",
                "year",
                "stakeholder_group",
            )
        )
        used = {row[2]: row[4] for row in self._project_cases if row[2]}
        self.fields["municipality"].choices = [("", "alle")] + sorted(used.items(), key=lambda item: item[1])
        labels = project.interviews.exclude(labels=None).order_by().values_list("labels__name", flat=True).distinct()
        self.fields["label"].choices = [("", "alle")] + [(name, name) for name in sorted(set(labels))]
        self.fields["variable"].queryset = project.variables.all()

    def clean_theme(self):
        return self._themes.get(self.cleaned_data["theme"])

    def clean_municipality(self):
        pk = self.cleaned_data["municipality"]
        return Municipality.objects.filter(pk=pk).first() if pk else None

    def clean(self):
        data = super().clean()
        variable = data.get("variable")
        raw = {name: (data.get(name) or "").strip() for name in ("value", "value_from", "value_to")}
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
        exact = "text__iexact" if variable.kind == ProjectVariable.Kind.TEXT else variable.kind  # column = kind
        lookups = {}
        for name, lookup in (
            ("value", exact),
            ("value_from", f"{variable.kind}__gte"),
            ("value_to", f"{variable.kind}__lte"),
        ):
            try:
                typed = VariableValue.parse(variable.kind, raw[name])
            except ValueError as error:
                self.add_error(name, f"{variable.name}: {error}")
                continue
            if typed is not None:
                lookups[lookup] = typed
        if not any(name in self.errors for name in raw):
            self.variable_filter = (variable, lookups)
        return data

    def _value(self, name):
        if not self.is_bound:
            return None
        self.is_valid()  # cleaned_data then holds the valid fields only
        return self.cleaned_data.get(name)

    @property
    def coder_user(self):
        return self._value("coder")

    def interviews(self):
        qs = self.project.interviews.filter_by(
            stakeholder_group=self._value("stakeholder_group"),
            municipality=self._value("municipality"),
            year=self._value("year"),
        )
        if self._value("label"):
            qs = qs.filter(labels__name=self._value("label"))
        if self.variable_filter:
            variable, lookups = self.variable_filter
            qs = qs.filter(pk__in=VariableValue.objects.filter(variable=variable, **lookups).values("interview_id"))
        return qs

    def cases(self):
        """interviews() as (id, title, municipality id, municipality code, name, year, group) tuples."""
        fixed = [self._value(name) for name in ("stakeholder_group", "municipality", "year", "label")]
        if not any(fixed) and not self.variable_filter:  # (the values are read first: that validates the form)
            return self._project_cases
        keep = set(self.interviews().values_list("pk", flat=True))
        return [row for row in self._project_cases if row[0] in keep]

    def themes(self):
        theme = self._value("theme")
        return theme.descendants() if theme else self.project.themes.all()

    def theme_tree(self):
        """themes() in tree order (ThemeQuerySet.in_tree_order), the project's already loaded when unfiltered."""
        return self.themes().in_tree_order() if self._value("theme") else list(self._themes.values())

    def passages(self):
        qs = Passage.objects.filter(interview__in=self.interviews()).for_themes(self.themes())
        return qs.by_coder(self.coder_user) if self.coder_user else qs

    def codings(self):
        return Coding.objects.in_interviews(self.interviews()).by_coder(self.coder_user).for_themes(self.themes())

    def describe(self):
        """The active filters, e.g. 'codeur: anna; stakeholdergroep: jgz' (or 'geen filters')."""
        parts = []
        for name in ("coder", "theme", "stakeholder_group", "municipality", "year", "label"):
            value = self._value(name)
            if value not in (None, ""):
                shown = dict(StakeholderGroup.choices).get(value, value) if name == "stakeholder_group" else value
                parts.append(f"{self.fields[name].label.lower()}: {shown}")
        if self._value("variable") and self.variable_filter:
            parts.append(f"variabele {self.variable_filter[0].name}: {self._describe_value()}")
        return "; ".join(parts) or "geen filters"

    def _describe_value(self):
        variable, lookups = self.variable_filter
        shown = {
            lookup.rsplit("__", 1)[-1]: VariableValue.format(variable.kind, typed) for lookup, typed in lookups.items()
        }
        parts = [text for end, text in shown.items() if end not in ("gte", "lte")]
        if "gte" in shown or "lte" in shown:
            parts.append(f"van {shown.get('gte', '…')} tot en met {shown.get('lte', '…')}")
        return ", ".join(parts) or "met een waarde"
