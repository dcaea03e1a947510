"""The choice the agreement page computes: coders, interviews, themes (or a coding round) and the unit."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..models import CodingRound, Membership, Passage, Role, Segment
from .fields import BoundedModelMultipleChoiceField, FastSelect, FilterableCheckboxes
from .members import User


def project_coders(project):
    """Who can be compared: the project's coders and owners, and anyone with passages in it (a coder who left
    keeps their passages, so a closed round can still be computed). Without joins (and so without DISTINCT):
    joined to every passage of the project this took 64–84 ms at bench scale (43,055 passages), now 2–4 ms."""
    members = Membership.objects.filter(project=project, role__in=[Role.CODER, Role.OWNER]).values("user_id")
    coded = Exists(Passage.objects.filter(coder=OuterRef("pk"), interview__project=project))
    return User.objects.filter(Q(pk__in=members) | coded).order_by("username")


class AgreementForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Codeerronde"),
        required=False,
        queryset=CodingRound.objects.none(),
        empty_label=_("geen: kies hieronder zelf"),
        widget=FastSelect,
        help_text=_("Een ronde kiest haar eigen codeurs, interviews en thema's."),
    )
    coders = BoundedModelMultipleChoiceField(
        label=_("Codeurs (minstens twee)"),
        required=False,
        queryset=User.objects.none(),
        widget=FilterableCheckboxes(attrs={"aria-label": _("Codeurs")}),
    )
    interviews = BoundedModelMultipleChoiceField(
        label=_("Interviews"),
        required=False,
        queryset=User.objects.none(),
        widget=FilterableCheckboxes(attrs={"aria-label": _("Interviews")}),
        help_text=_("Niets gekozen: alle interviews die een van de codeurs codeerde."),
    )
    themes = BoundedModelMultipleChoiceField(
        label=_("Thema's"),
        required=False,
        queryset=User.objects.none(),
        widget=FilterableCheckboxes(attrs={"aria-label": _("Thema's")}),
        help_text=_("Niets gekozen: alle thema's."),
    )
    unit = forms.ChoiceField(
        label=_("Eenheid voor 'per eenheid'"),
        required=False,
        choices=[(Segment.Kind.TURN, _("sprekersbeurt")), (Segment.Kind.SENTENCE, _("zin"))],
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["round"].queryset = project.coding_rounds.all()
        self.fields["coders"].queryset = project_coders(project)
        self.fields["coders"].label_from_instance = lambda user: user.get_full_name() or user.username
        # project_id too: the related manager sets each interview's project, which would load it one by one
        self.fields["interviews"].queryset = project.interviews.order_by("title").only("pk", "title", "project")
        self.fields["themes"].queryset = project.themes.all()

    def clean(self):
        data = super().clean()
        chosen = data.get("round")
        if chosen is not None:
            data["coders"] = list(chosen.coders.order_by("username"))
            data["interviews"] = list(chosen.interviews.order_by("title").only("pk", "title"))
            data["themes"] = list(chosen.themes.all())
        return data

    def choice(self):
        """(coders, interview ids, themes in codebook order, unit kind) of a valid form."""
        data = self.cleaned_data
        chosen_interviews, coders = data.get("interviews"), list(data.get("coders") or [])
        chosen = {theme.pk for theme in data.get("themes") or []}
        themes = [t for t in self.project.themes.in_tree_order() if not chosen or t.pk in chosen]
        if chosen_interviews:
            ids = [i.pk for i in chosen_interviews]
        else:  # every interview one of the coders coded (with a chosen theme): a project always has new ones
            coded = Passage.objects.filter(interview__project=self.project, coder__in=coders)
            coded = coded.filter(codings__tag__in=chosen) if chosen else coded
            found = set(coded.values_list("interview_id", flat=True).distinct())
            ids = [pk for pk in self.fields["interviews"].queryset.values_list("pk", flat=True) if pk in found]
        return coders, ids, themes, data.get("unit") or "turn"
