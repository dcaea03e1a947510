"""The filter form of theme retrieval."""

from django import forms

from ..models import (
    Passage,
)
from .members import User
from .projects import InterviewFilterForm


class PassageFilterForm(InterviewFilterForm):
    """The filters of a theme's passage list (GET form, every field optional; invalid ones are ignored)."""

    coder = forms.ModelChoiceField(
        label="Codeur", required=False, queryset=User.objects.none(), empty_label="alle codeurs"
    )
    subthemes = forms.BooleanField(label="Met subthema's", required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.project = project
        self.fields["coder"].queryset = User.objects.filter(memberships__project=project).order_by("username")

    def value(self, name):
        """A field's cleaned value; None when the form is unbound or the field invalid."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name)

    def passages(self, theme_ids):
        """The project's passages coded with any of these themes, in the chosen interviews, by the chosen coder."""
        interviews = self.project.interviews.filter_by(
            stakeholder_group=self.value("stakeholder_group"),
            municipality=self.value("municipality"),
            year=self.value("year"),
        )
        passages = Passage.objects.filter(interview__in=interviews).coded_with(theme_ids)
        return passages.by_coder(self.value("coder")) if self.value("coder") else passages
