"""The interview's metadata form."""

from django import forms

from ..models import Interview


class InterviewForm(forms.ModelForm):
    """The case attributes of an interview; its text changes only through coding-aware edits."""

    class Meta:
        model = Interview
        fields = ["title", "municipality", "year", "stakeholder_group", "interview_date", "labels"]
        widgets = {"interview_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        clash = Interview.objects.filter(project=self.instance.project, title__iexact=title).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError("Er is al een interview met deze titel in dit project.")
        return title
