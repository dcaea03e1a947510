"""Forms of the coding rounds: starting one (owners) and settling a disagreement in the review."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Action, Choice, CodingRound, Role, Subject, consensus_user, settle
from .fields import BoundedModelMultipleChoiceField

CONSENSUS_USER = "consensus"  # the choice "the project's consensus user" (models/rounds.py, consensus_user)


class RoundForm(forms.ModelForm):
    """A new round: at least two coders who are members with the coder role or up, one interview, one theme,
    a deadline from today on, and who the consensus is written as."""

    consensus = forms.ChoiceField(
        label=gettext_lazy("Consensus vastleggen als"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Kies als consensus een codeur of de aparte gebruiker.")},
    )

    class Meta:
        model = CodingRound
        fields = ["name", "interviews", "themes", "coders", "deadline"]
        field_classes = dict.fromkeys(["interviews", "themes", "coders"], BoundedModelMultipleChoiceField)
        widgets = {
            "interviews": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "coders": forms.CheckboxSelectMultiple,
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }
        error_messages = {
            "name": {"required": gettext_lazy("Geef de ronde een naam.")},
            "interviews": {"required": gettext_lazy("Kies ten minste één interview voor de ronde.")},
            "themes": {"required": gettext_lazy("Kies ten minste één thema voor de ronde.")},
            "coders": {
                "required": gettext_lazy("Kies ten minste twee codeurs voor de ronde."),
                "invalid_choice": gettext_lazy("Alleen leden met de rol codeur of eigenaar coderen in een ronde."),
                "invalid_pk_value": gettext_lazy("Kies codeurs uit de lijst van leden."),
            },
            "deadline": {
                "required": gettext_lazy("Geef een deadline."),
                "invalid": gettext_lazy("Geef de deadline als datum, bijvoorbeeld 2026-03-31."),
            },
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["interviews"].queryset = project.interviews.order_by("title").defer("text")
        self.fields["themes"].queryset = project.themes.order_by("order", "name")
        writers = get_user_model().objects.filter(
            memberships__project=project, memberships__role__in=[Role.OWNER, Role.CODER], is_active=True
        )
        self.fields["coders"].queryset = writers.order_by("username")
        self.fields["coders"].label_from_instance = lambda user: user.get_full_name() or user.username
        self.fields["consensus"].choices = [(CONSENSUS_USER, _("een aparte gebruiker ‘consensus’ van het project"))] + [
            (str(user.pk), user.get_full_name() or user.username) for user in self.fields["coders"].queryset
        ]
        self.fields["consensus"].help_text = _("Kiest u een codeur, dan moet die ook in de ronde coderen.")

    def clean_coders(self):
        coders = self.cleaned_data["coders"]
        if len(coders) < 2:
            raise forms.ValidationError(_("Kies ten minste twee codeurs: overeenstemming vraagt om twee of meer."))
        return coders

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("De deadline ligt in het verleden; kies vandaag of later."))
        if deadline.year > timezone.localdate().year + 10:
            raise forms.ValidationError(_("Kies een deadline binnen tien jaar."))
        return deadline

    def clean(self):
        data = super().clean()
        chosen = data.get("consensus") or CONSENSUS_USER
        if chosen != CONSENSUS_USER and "coders" in data and chosen not in {str(u.pk) for u in data["coders"]}:
            self.add_error("consensus", _("Kies als consensus een codeur van deze ronde, of de aparte gebruiker."))
        return data

    def save_by(self, user):
        """Store the round and record its start in the history, both or neither."""
        with transaction.atomic():
            coding_round = self.save(commit=False)
            coding_round.project, coding_round.created_by = self.project, user
            chosen = self.cleaned_data.get("consensus") or CONSENSUS_USER
            coding_round.consensus_coder = (
                consensus_user(self.project)
                if chosen == CONSENSUS_USER
                else self.cleaned_data["coders"].get(pk=int(chosen))
            )
            coding_round.save()
            self.save_m2m()
            record_round(coding_round, user, "start", {}, coding_round.snapshot())
        return coding_round


def record_round(coding_round, user, verb, before, after):
    """History: an owner started or closed a round."""
    return Action.record(
        coding_round.project,
        user,
        Subject.ROUND,
        verb,
        subject_id=coding_round.pk,
        label=coding_round.name,
        before=before,
        after=after,
    )


def close_round(coding_round, user):
    """Close the round and record it, both or neither."""
    with transaction.atomic():
        before = {"state": coding_round.state}
        coding_round.close(user)
        record_round(coding_round, user, "close", before, {"state": coding_round.state})


class DecisionForm(forms.Form):
    """One settled disagreement: the stretch and theme it is about, the choice, and for "edited" or "new" the
    span to code (code points of the interview's text, end exclusive)."""

    theme = forms.IntegerField(min_value=1, max_value=2**62)
    start = forms.IntegerField(min_value=0, max_value=10**9)
    end = forms.IntegerField(min_value=1, max_value=10**9)
    choice = forms.ChoiceField(
        choices=Choice.choices, error_messages={"invalid_choice": gettext_lazy("Kies een besluit.")}
    )
    span_start = forms.IntegerField(min_value=0, max_value=10**9, required=False)
    span_end = forms.IntegerField(min_value=1, max_value=10**9, required=False)
    new_theme = forms.IntegerField(min_value=1, max_value=2**62, required=False)

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.stretches, self.interview, self.themes = review.stretches, review.interview, review.themes

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        key = (data["theme"], data["start"], data["end"])
        self.stretch = next((s for s in self.stretches if (s.theme, s.start, s.end) == key), None)
        if self.stretch is None:
            raise forms.ValidationError(_("Deze onenigheid bestaat niet (meer) in deze ronde."))
        if data["choice"] in (Choice.EDITED, Choice.NEW):
            start, end = data.get("span_start"), data.get("span_end")
            if start is None or end is None or not (0 <= start < end <= len(self.interview.text)):
                raise forms.ValidationError(_("Geef een stuk tekst aan: begin vóór eind, binnen het interview."))
        if data.get("new_theme") and data["new_theme"] not in self.themes:
            raise forms.ValidationError(_("Kies een thema van deze ronde."))
        return data

    def settle(self, coding_round, user):
        """Write the decision (models/rounds.py, settle); ValueError when it was settled meanwhile."""
        data = self.cleaned_data
        spans = [(data["span_start"], data["span_end"])] if data["choice"] in (Choice.EDITED, Choice.NEW) else None
        new = data["choice"] == Choice.NEW and data.get("new_theme")
        theme = self.themes[data["new_theme"] if new else self.stretch.theme]
        return settle(coding_round, self.interview, self.stretch, data["choice"], user, theme, spans)
