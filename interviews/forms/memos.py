"""Forms of the memos."""

from django import forms

from ..models import Memo
from .fields import memo_length


class MemoForm(forms.ModelForm):
    class Meta:
        model = Memo
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10, "cols": 70})}
        error_messages = {
            "title": {"required": "Geef de memo een titel."},
            "text": {"required": "Een memo zonder tekst kan niet worden opgeslagen."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(memo_length)


class MemoFilterForm(forms.Form):
    ABOUT = [("", "alles"), ("project", "het project"), ("interview", "een interview"), ("theme", "een thema")]
    about = forms.ChoiceField(label="Over", choices=ABOUT, required=False)

    def filter(self, memos):
        about = self.cleaned_data.get("about") if self.is_valid() else ""
        if about == "project":
            return memos.filter(interview__isnull=True, theme__isnull=True)
        if about == "interview":
            return memos.filter(interview__isnull=False)
        if about == "theme":
            return memos.filter(theme__isnull=False)
        return memos
