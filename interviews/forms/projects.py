"""Forms of the project list and overview."""

from django import forms

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
