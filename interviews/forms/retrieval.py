"""The filter form of theme retrieval."""

from django import forms

from ..selection import Selection
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

    def selection(self):
        """The selection.Selection of the valid filters (the theme is the view's: Selection.coded_with)."""
        return Selection(
            self.project,
            coder=self.value("coder"),
            stakeholder_group=self.value("stakeholder_group") or "",
            municipality=self.value("municipality"),
            year=self.value("year"),
        )
