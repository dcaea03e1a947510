"""Forms of theme rules and the suggestions they make: they validate; rules.py runs the rules."""

from django import forms

from ..models import Interview, ThemeRule
from ..rules import clean_terms
from .fields import MAX_ID, IdsField


class ThemeRuleForm(forms.ModelForm):
    """A new rule: a theme, its words and phrases (one a line) and the unit suggestions get."""

    class Meta:
        model = ThemeRule
        fields = ["theme", "terms", "unit"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = project.themes.all()
        self.fields["theme"].empty_label = "kies een thema"

    def clean_terms(self):
        try:
            return "\n".join(clean_terms(self.cleaned_data["terms"]))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class RuleRunForm(forms.Form):
    """Run one rule or all of them over one interview or the whole project (rules.run_in_project)."""

    rule = forms.ModelChoiceField(
        label="Regel", required=False, queryset=ThemeRule.objects.none(), empty_label="alle regels"
    )
    interview = forms.ModelChoiceField(
        label="Interview",
        required=False,
        queryset=Interview.objects.none(),
        empty_label="alle interviews van het project",
    )
    confirm = forms.BooleanField(label="Ja, maak ze allemaal aan", required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["rule"].queryset = ThemeRule.objects.filter(theme__project=project).select_related("theme")
        self.fields["interview"].queryset = project.interviews.all()

    def clean(self):
        data = super().clean()
        if not self.project.interviews.exists():
            raise forms.ValidationError("Dit project heeft nog geen interviews om regels op toe te passen.")
        if not self.fields["rule"].queryset.exists():
            raise forms.ValidationError("Maak eerst een regel.")
        return data


class SuggestionReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accepteren"), ("reject", "afwijzen")])


class QueueForm(forms.Form):
    """The queue's query: ?regel=<rule id> shows one rule's suggestions, ?na=<id> (repeatable) the skipped ones."""

    regel = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    na = IdsField(required=False)
