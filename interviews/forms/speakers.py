"""The speaker form of an interview."""

from django import forms

from ..models import Speaker


class SpeakerForm(forms.ModelForm):
    """Rename a speaker (a name another speaker has merges the two) and mark the interviewer."""

    class Meta:
        model = Speaker
        fields = ["name", "is_interviewer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=f"speaker{kwargs['instance'].pk}", **kwargs)
        self.original_name = self.instance.name

    def validate_unique(self):
        pass  # a name that exists is a merge, not an error

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Een spreker heeft een naam nodig.")
        return name

    def save(self):
        """The speaker that remains (another one after a merge)."""
        new_name = self.instance.name
        self.instance.name = self.original_name  # rename() finds the segments by the old name
        speaker = self.instance.rename(new_name)
        if speaker.pk == self.instance.pk:
            speaker.save(update_fields=["is_interviewer"])
        return speaker
