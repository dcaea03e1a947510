"""The interview's metadata form."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Action, Interview, InterviewProgress, Recording, Subject
from ..models.history import snapshot


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

    def save_by(self, user):
        """Save the metadata and record what changed in the history, in one transaction."""
        before = snapshot(Subject.INTERVIEW, Interview.objects.get(pk=self.instance.pk))
        with transaction.atomic():
            interview = self.save()
            Action.record_change(
                interview.project,
                user,
                Subject.INTERVIEW,
                before,
                snapshot(Subject.INTERVIEW, interview),
                subject_id=interview.pk,
                label=interview.title,
                interview=interview,
            )
        return interview


def delete_interview(interview, user):
    """Delete an interview with its passages, and record it (its metadata and how many passages went)."""
    with transaction.atomic():
        before = snapshot(Subject.INTERVIEW, interview) | {"passages": interview.passages.count()}
        Action.record(
            interview.project,
            user,
            Subject.INTERVIEW,
            "delete",
            subject_id=interview.pk,
            label=interview.title,
            before=before,
        )
        if recording := Recording.objects.filter(interview=interview).first():
            recording.remove_file_on_commit()  # the row goes with the interview; its file once this commits
        interview.delete()


class InterviewProgressForm(forms.Form):
    """A coder marks an interview as coded completely (done=1) or takes the mark back (done=0)."""

    done = forms.TypedChoiceField(
        label=_("Volledig gecodeerd"),
        choices=[("1", _("ja")), ("0", _("nee"))],
        coerce=lambda value: value == "1",
        error_messages={
            "required": _("Zeg of het interview volledig gecodeerd is (done=1) of niet (done=0)."),
            "invalid_choice": _("Zeg of het interview volledig gecodeerd is (done=1) of niet (done=0)."),
        },
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def save(self, interview, user):
        """Whether the mark changed (it is recorded in the history when it did)."""
        return InterviewProgress.mark(interview, user, self.cleaned_data["done"])
