"""Forms of the memos."""

from django import forms
from django.db import transaction

from ..models import Action, Memo, Subject
from ..models.history import snapshot
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

    def save_by(self, user, api_token=None):
        """Save the memo and record it in the history, in one transaction (through the API: with its token)."""
        before = snapshot(Subject.MEMO, Memo.objects.get(pk=self.instance.pk)) if self.instance.pk else None
        with transaction.atomic():
            memo = self.save()
            after = snapshot(Subject.MEMO, memo)
            record = {"subject_id": memo.pk, "label": memo.title, "interview": memo.interview, "api_token": api_token}
            if before is None:
                Action.record(memo.project, user, Subject.MEMO, "create", after=after, **record)
            else:
                Action.record_change(memo.project, user, Subject.MEMO, before, after, **record)
        return memo


def delete_memo(memo, user):
    """Delete a memo and record it (with all of it, so it can be put back) in one transaction."""
    with transaction.atomic():
        before, memo_id = snapshot(Subject.MEMO, memo), memo.pk
        memo.delete()
        Action.record(
            memo.project,
            user,
            Subject.MEMO,
            "delete",
            subject_id=memo_id,
            label=memo.title,
            before=before,
            interview=memo.interview,
        )


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
