"""The form of the account's API tokens (views/tokens.py): a name, read or read-write, one project or all, and
an expiry date at most a year ahead."""

import datetime

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Action, ApiToken, Project, Scope, Subject

LONGEST = datetime.timedelta(days=366)
DEFAULT = datetime.timedelta(days=90)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam"),
        max_length=100,
        help_text=gettext_lazy("Waarvoor is de sleutel, bijvoorbeeld “R-script indicatoren”."),
    )
    scope = forms.ChoiceField(label=gettext_lazy("Rechten"), choices=Scope.choices, initial=Scope.READ)
    project = forms.ModelChoiceField(
        label=gettext_lazy("Project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=gettext_lazy("al mijn projecten"),
    )
    expires = forms.DateField(
        label=gettext_lazy("Geldig tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # the ISO date a date input shows
        help_text=gettext_lazy("Hoogstens een jaar vooruit."),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["project"].queryset = Project.objects.for_user(user).order_by("name")
        today = timezone.localdate()
        self.fields["expires"].initial = today + DEFAULT
        self.fields["expires"].widget.attrs.update(min=today.isoformat(), max=(today + LONGEST).isoformat())

    def clean_expires(self):
        day, today = self.cleaned_data["expires"], timezone.localdate()
        if not today <= day <= today + LONGEST:
            raise forms.ValidationError(_("Kies een datum van vandaag tot hoogstens een jaar vooruit."))
        return day

    def save(self):
        """(token, secret), and the creation in the history of every project the token reaches."""
        data = self.cleaned_data
        ends = timezone.make_aware(
            datetime.datetime.combine(data["expires"] + datetime.timedelta(days=1), datetime.time())
        )
        with transaction.atomic():
            token, secret = ApiToken.issue(self.user, data["name"], data["scope"], data["project"], ends)
            record_token(token, "create")
        return token, secret


def record_token(token, verb):
    """A token's creation or revocation, in the history of each project it reaches (a token for all projects
    appears in all of them: any of them can be read with it)."""
    after = {"name": token.name, "scope": token.scope, "prefix": token.key_prefix, "expires": token.expires_at}
    before, after = (after, {}) if verb == "revoke" else ({}, after)
    actions = [
        Action.build(
            project, token.user, Subject.TOKEN, verb, subject_id=token.pk, label=token.name, before=before, after=after
        )
        for project in token.projects()
    ]
    for action in actions:  # expires_at as text, as history keeps it
        action.before, action.after = _plain(action.before), _plain(action.after)
    Action.store(actions)


def _plain(row):
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in row.items()}
