"""Forms of the project list and overview."""

from django import forms
from django.utils.translation import gettext_lazy as _

from monitor.models import Municipality

from ..models import Project, StakeholderGroup


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "description"]


class InterviewFilterForm(forms.Form):
    """The filters above a project's interview list; every field optional."""

    stakeholder_group = forms.ChoiceField(
        label="Stakeholdergroep", required=False, choices=[("", "alle")] + StakeholderGroup.choices
    )
    municipality = forms.ModelChoiceField(
        label="Gemeente", required=False, queryset=Municipality.objects.none(), empty_label="alle"
    )
    year = forms.IntegerField(label="Jaar", required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        used = project.interviews.exclude(municipality=None).values("municipality")
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=used)


SORTS = ["title", "municipality", "group", "year", "words", "passages", "changed"]


class InterviewListForm(InterviewFilterForm):
    """The interview list's filters, sort order and page size (GET). Unknown sort keys and page sizes outside
    10-200 are errors, not silently replaced."""

    title = forms.CharField(label=_("Titel bevat"), required=False, max_length=200)
    done = forms.ChoiceField(
        label=_("Door mij volledig gecodeerd"),
        required=False,
        choices=[("", _("maakt niet uit")), ("yes", _("ja")), ("no", _("nog niet"))],
    )
    sort = forms.ChoiceField(
        label=_("Sorteer op"),
        required=False,
        choices=[(key, key) for name in SORTS for key in (name, f"-{name}")],
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Sorteren kan op titel, gemeente, groep, jaar, woorden, passages of wijziging.")
        },
    )
    per = forms.IntegerField(
        label=_("Per pagina"),
        required=False,
        min_value=10,
        max_value=200,
        widget=forms.NumberInput(attrs={"step": 10}),
    )

    field_order = ["title", "stakeholder_group", "municipality", "year", "done", "per"]

    def interviews(self, project, user):
        """The project's interviews filtered and sorted as the valid form says (all, by title, when invalid),
        with the list's columns."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        filters = {key: data.get(key) for key in ("stakeholder_group", "municipality", "year", "title", "done")}
        interviews = project.interviews.defer("text").select_related("municipality").prefetch_related("labels")
        interviews = interviews.filter_by(**filters, done_by=user).with_list_columns()
        return interviews.sorted_by(data.get("sort") or "title")

    def per_page(self):
        return (self.cleaned_data.get("per") if self.is_bound and self.is_valid() else None) or 50

    def headers(self):
        """[(label, sort link value or None, aria-sort or "", css class)] of the list's columns: a sortable
        column links to its ascending order, or to the descending one when it is sorted ascending already."""
        current = (self.cleaned_data.get("sort") if self.is_bound and self.is_valid() else None) or "title"
        columns = [
            (_("Titel"), "title", ""),
            (_("Groep"), "group", ""),
            (_("Gemeente"), "municipality", ""),
            (_("Jaar"), "year", "num"),
            (_("Labels"), None, ""),
            (_("Woorden"), "words", "num"),
            (_("Passages"), "passages", "num"),
            (_("Coderingen"), None, "num"),
            (_("Voortgang per codeur"), None, ""),
            (_("Gewijzigd"), "changed", ""),
        ]
        headers = []
        for label, key, css in columns:
            state = {key: "ascending", f"-{key}": "descending"}.get(current, "") if key else ""
            headers.append((label, (f"-{key}" if state == "ascending" else key) if key else None, state, css))
        return headers
