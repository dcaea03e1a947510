"""Forms of the pseudonymisation settings."""

from django import forms
from django.db import transaction

from ..models import KeyPolicy, Project, PseudonymKey, PseudonymName
from ..pseudonyms import clean_replacement


class PseudonymNameForm(forms.ModelForm):
    """A name the project replaces on every import, with its replacement."""

    class Meta:
        model = PseudonymName
        fields = ["name", "replacement"]
        help_texts = {"replacement": "Bijvoorbeeld [R1] of [Gemeente A]."}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if self.instance.project.pseudonym_names.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"“{name}” staat al in de lijst.")
        return name

    def clean_replacement(self):
        return clean_replacement(self.cleaned_data["replacement"])


class KeyPolicyForm(forms.ModelForm):
    """Whether the project keeps the key of its pseudonymisation; "not kept" deletes the key there is."""

    class Meta:
        model = Project
        fields = ["pseudonym_key"]
        widgets = {"pseudonym_key": forms.RadioSelect}

    def save(self, commit=True):
        with transaction.atomic():
            project = super().save()
            if project.pseudonym_key == KeyPolicy.NOT_KEPT:
                PseudonymKey.objects.filter(interview__project=project).delete()
        return project
