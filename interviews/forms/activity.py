"""The activity page's filters: person, interview, theme, kind (subject, verb) and a date range."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Subject

# The verbs as a filter names them (the page itself says "Olga wijzigde thema …").
VERB_CHOICES = [
    ("create", _("aangemaakt")),
    ("update", _("gewijzigd")),
    ("move", _("verplaatst")),
    ("merge", _("samengevoegd")),
    ("delete", _("verwijderd")),
    ("code", _("gecodeerd")),
    ("recode", _("gehercodeerd")),
    ("import", _("geïmporteerd")),
    ("accept", _("geaccepteerd")),
    ("reject", _("afgewezen")),
    ("restore", _("hersteld")),
    ("undo", _("ongedaan gemaakt")),
    ("redo", _("opnieuw gedaan")),
]
ALL = [("", _("alle"))]


def _id_field(label):
    return forms.TypedChoiceField(label=label, coerce=int, required=False, empty_value=None)


class ActivityFilterForm(forms.Form):
    """Filters on a project's (or one interview's) history; ids are checked against the project's own."""

    user = _id_field(_("Persoon"))
    interview = _id_field(_("Interview"))
    theme = _id_field(_("Thema"))
    subject = forms.ChoiceField(label=_("Soort"), choices=ALL + Subject.choices, required=False)
    verb = forms.ChoiceField(label=_("Handeling"), choices=ALL + VERB_CHOICES, required=False)
    since = forms.DateField(label=_("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, project, interview=None):
        super().__init__(data)
        self.interview = interview
        people = project.memberships.order_by("user__username").values_list("user_id", "user__username")
        self.fields["user"].choices = ALL + list(people)
        self.fields["theme"].choices = ALL + list(project.themes.order_by("name").values_list("pk", "name"))
        if interview is None:
            self.fields["interview"].choices = ALL + list(project.interviews.values_list("pk", "title"))
        else:
            del self.fields["interview"]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return cleaned

    def filter(self, actions):
        """The actions that pass the filters (call after is_valid); a form without data filters nothing."""
        if self.interview is not None:
            actions = actions.on_interview(self.interview)
        data = self.cleaned_data if self.is_bound else {}
        if data.get("user"):
            actions = actions.by_user(data["user"])
        if data.get("interview"):
            actions = actions.filter(interview_id=data["interview"])
        if data.get("theme"):
            actions = actions.on_theme(data["theme"])
        if data.get("subject"):
            actions = actions.filter(subject=data["subject"])
        if data.get("verb"):
            actions = actions.filter(verb=data["verb"])
        return actions.between(data.get("since"), data.get("until"))
