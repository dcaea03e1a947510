"""The forms of code-combination queries: building one (GET), saving it by name, coding its hits."""

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from monitor.models import Indicator

from ..code_queries import ALL, ANY, MAX_DISTANCE, RELATION_NAMES, Definition, ThemeSet
from ..models import CodeQuery, Theme
from ..span_sets import WITH_DISTANCE
from .analysis import AnalysisFilterForm
from .fields import FilterableCheckboxes

COMBINE = [(ANY, _("één van deze thema's (OF)")), (ALL, _("al deze thema's tegelijk (EN)"))]
# The analysis filters a query keeps (the filter form's theme is what the query itself chooses).
FILTER_FIELDS = ("coder", "stakeholder_group", "municipality", "year", "label", "variable", "value", "value_from")
FILTER_FIELDS += ("value_to",)


def _themes(label, required=False):
    return forms.TypedMultipleChoiceField(label=label, required=required, coerce=int, widget=FilterableCheckboxes)


class CodeQueryForm(AnalysisFilterForm):
    """A query: a first theme set, optionally a relation to a second set, the analysis filters and an indicator
    range. .definition() is the code_queries.Definition once valid."""

    left_themes = _themes(_("Thema's"), required=True)
    left_combine = forms.ChoiceField(label=_("Gecodeerd met"), choices=COMBINE, initial=ANY, required=False)
    left_exclude = _themes(_("Maar niet met (NIET)"))
    relation = forms.ChoiceField(label=_("Relatie"), required=False)
    right_themes = _themes(_("Thema's"))
    right_combine = forms.ChoiceField(label=_("Gecodeerd met"), choices=COMBINE, initial=ANY, required=False)
    right_exclude = _themes(_("Maar niet met (NIET)"))
    distance = forms.IntegerField(label=_("N woorden"), required=False, min_value=0, max_value=MAX_DISTANCE, initial=10)
    indicator = forms.ChoiceField(label=_("Indicator van de gemeente in dat jaar"), required=False)
    indicator_from = forms.DecimalField(label=_("van"), required=False, max_digits=16, decimal_places=4)
    indicator_to = forms.DecimalField(label=_("tot en met"), required=False, max_digits=16, decimal_places=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["theme"], self.fields["query"]
        themes = [(t.pk, "\u00a0\u00a0" * t.depth + t.name) for t in self._themes]
        for side, which in (("left", _t("eerste set")), ("right", _t("tweede set"))):
            self.fields[f"{side}_themes"].choices = themes
            self.fields[f"{side}_exclude"].choices = themes
            self.fields[f"{side}_themes"].widget.attrs["aria-label"] = _t("Thema's, %(set)s") % {"set": which}
            self.fields[f"{side}_exclude"].widget.attrs["aria-label"] = _t("Niet met, %(set)s") % {"set": which}
        self.fields["left_themes"].error_messages["required"] = _t("Kies minstens één thema om naar te zoeken.")
        self.fields["relation"].choices = [("", _("geen: alleen de eerste set"))] + list(RELATION_NAMES.items())
        indicators = Indicator.objects.order_by("name").values_list("code", "name")
        self.fields["indicator"].choices = [("", _("geen"))] + list(indicators)

    def clean(self):
        data = super().clean()
        relation = data.get("relation")
        for side in ("left", "right"):
            both = set(data.get(f"{side}_themes") or ()) & set(data.get(f"{side}_exclude") or ())
            if both:
                self.add_error(f"{side}_exclude", _t("Een thema kan niet tegelijk gezocht en uitgesloten worden."))
        if relation and not data.get("right_themes"):
            self.add_error("right_themes", _t("Kies de thema's van de tweede set voor deze relatie."))
        if not relation and (data.get("right_themes") or data.get("right_exclude")):
            self.add_error("relation", _t("Kies hoe de twee sets zich tot elkaar verhouden, of maak de tweede leeg."))
        if relation and self._same_sets(data):
            self.add_error(
                "right_themes",
                _t("Een relatie tussen een thema en zichzelf vindt alleen dat thema terug: kies andere thema's."),
            )
        if relation in WITH_DISTANCE and data.get("distance") is None and "distance" not in self.errors:
            self.add_error("distance", _t("Geef het aantal woorden op (0 tot en met %(max)s).") % {"max": MAX_DISTANCE})
        low, high = data.get("indicator_from"), data.get("indicator_to")
        if (low is not None or high is not None) and not data.get("indicator"):
            self.add_error("indicator", _t("Kies de indicator waarvan u de waarden begrenst."))
        if low is not None and high is not None and low > high:
            self.add_error("indicator_to", _t("De bovengrens is kleiner dan de ondergrens."))
        return data

    @staticmethod
    def _same_sets(data):
        left = (set(data.get("left_themes") or ()), set(data.get("left_exclude") or ()))
        right = (set(data.get("right_themes") or ()), set(data.get("right_exclude") or ()))
        return left == right or (len(left[0]) == 1 and left[0] == right[0])

    def definition(self):
        data = self.cleaned_data
        relation = data.get("relation") or ""

        def theme_set(side):
            return ThemeSet(
                tuple(data[f"{side}_themes"]), data.get(f"{side}_combine") or ANY, tuple(data[f"{side}_exclude"])
            )

        kept = self.data.copy()
        for name in list(kept):
            if name not in FILTER_FIELDS or name in self.errors or not kept.get(name):
                kept.pop(name)

        def bound(value):
            return "" if value is None else str(value)

        return Definition(
            left=theme_set("left"),
            relation=relation,
            right=theme_set("right") if relation else None,
            distance=(data.get("distance") or 0) if relation in WITH_DISTANCE else 0,
            filters=kept.urlencode(),
            indicator=data.get("indicator") or "",
            indicator_from=bound(data.get("indicator_from")),
            indicator_to=bound(data.get("indicator_to")),
        )


def query_string(definition):
    """The builder's query string for a definition (to open a saved query in the form again)."""
    from django.http import QueryDict

    params = QueryDict(definition.filters, mutable=True)
    for side, theme_set in (("left", definition.left), ("right", definition.right)):
        if theme_set is None:
            continue
        params.setlist(f"{side}_themes", [str(pk) for pk in theme_set.themes])
        params.setlist(f"{side}_exclude", [str(pk) for pk in theme_set.exclude])
        params[f"{side}_combine"] = theme_set.combine
    for name in ("relation", "distance", "indicator", "indicator_from", "indicator_to"):
        value = getattr(definition, name)
        if value not in ("", None, 0) or (name == "distance" and definition.relation in WITH_DISTANCE):
            params[name] = str(value)
    return params.urlencode()


class SaveQueryForm(forms.Form):
    name = forms.CharField(label=_("Naam van de zoekvraag"), max_length=100, strip=True)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_name(self):
        name = self.cleaned_data["name"]
        if CodeQuery.objects.filter(project=self.project, name__iexact=name).exists():
            raise forms.ValidationError(_t("Er is al een zoekvraag met deze naam; kies een andere naam."))
        return name


class CodeHitsForm(forms.Form):
    """Code every hit of a saved query with an existing theme or a new one (by name)."""

    theme = forms.ModelChoiceField(
        label=_("Bestaand thema"), queryset=Theme.objects.none(), required=False, empty_label=_("kies een thema")
    )
    new_theme = forms.CharField(label=_("of een nieuw thema"), max_length=100, required=False, strip=True)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, auto_id="qc_%s", **kwargs)
        self.fields["theme"].queryset = project.themes.all()

    def clean(self):
        data = super().clean()
        if bool(data.get("theme")) == bool(data.get("new_theme")) and not self.errors:
            raise forms.ValidationError(_t("Kies een bestaand thema óf typ de naam van een nieuw thema, niet allebei."))
        return data
