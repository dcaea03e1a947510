"""The filter form of theme retrieval: the analyses' filters, plus what one count of an analysis counted.

Every count on the codebook and the analyses links here with its filters in the query string (the names
are the analysis pages' own, so a link is the page's query plus the cell): `by`+`group` (a group of the
themes × characteristic table), `indicator`+`thresholds`/`quantiles`+`group` (the themes × indicator table),
`interview` (a row of the joint display per interview), `with_theme`+`together` (a cell of the
co-occurrence). The group is worked out by the analysis's own code (crosstabs), so the link shows exactly
the passages the cell counted.
"""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitor.models import Indicator

from .. import crosstabs
from .analysis import AnalysisFilterForm, AttributeForm, IndicatorSplitForm
from .fields import is_id

TOGETHER = [("interview", gettext_lazy("in hetzelfde interview")), ("overlap", gettext_lazy("overlappend"))]


class PassageFilterForm(AnalysisFilterForm):
    """The filters of a theme's passage list (GET form, every field optional; invalid ones are ignored)."""

    subthemes = forms.BooleanField(label=gettext_lazy("Met subthema's"), required=False)
    interview = forms.IntegerField(
        label=gettext_lazy("Interview"), required=False, min_value=1, widget=forms.HiddenInput
    )
    with_theme = forms.IntegerField(label=gettext_lazy("Samen met thema"), required=False, min_value=1)
    together = forms.ChoiceField(label=gettext_lazy("Samen"), required=False, choices=TOGETHER)
    by = forms.ChoiceField(label=gettext_lazy("Vergeleken naar"), required=False)
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.all(), to_field_name="code", required=False)
    thresholds = forms.CharField(required=False, max_length=200)
    quantiles = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=0, choices=[("", "")] + [(str(n), str(n)) for n in (2, 3, 4)]
    )
    group = forms.CharField(label=gettext_lazy("Groep"), required=False, max_length=200)

    # Shown as controls; the others come from a count's link and are kept as hidden fields, said in words.
    SHOWN = ("coder", "stakeholder_group", "municipality", "year", "label", "subthemes")

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        del self.fields["theme"]  # the theme is the page's own (in the URL)
        self.fields["by"].choices = [("", "")] + AttributeForm(project=project).fields["by"].choices
        self.themes = {t.pk: t for t in self._themes}
        self.group_note = ""

    def shown_fields(self):
        return [self[name] for name in self.SHOWN]

    def kept_fields(self):
        wrong = self.errors if self.is_bound else {}
        return [
            self[name]
            for name in self.fields
            if name not in self.SHOWN and (name in wrong or self.value(name) not in (None, ""))
        ]

    def clean_interview(self):
        pk = self.cleaned_data["interview"]
        if pk is not None and not (is_id(str(pk)) and self.project.interviews.filter(pk=pk).exists()):
            raise forms.ValidationError(_("Dit interview bestaat niet in dit project."))
        return pk

    def clean_with_theme(self):
        pk = self.cleaned_data["with_theme"]
        if pk is not None and pk not in self.themes:
            raise forms.ValidationError(_("Dit thema bestaat niet in dit project."))
        return self.themes.get(pk)

    def clean_thresholds(self):
        return IndicatorSplitForm.clean_thresholds(self)

    def value(self, name):
        """A field's cleaned value; None when the form is unbound or the field invalid."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name)

    def passages(self, theme_ids, user):
        """The passages with any of `theme_ids` that `user` may see (a blind round hides the others') and that
        pass every valid filter, the count's included."""
        selection = self.selection().seen_by(user)
        passages = selection.coded_with(theme_ids)
        if self.value("interview"):
            passages = passages.filter(interview_id=self.value("interview"))
        group = self.value("group")
        if group is not None and group != "" and (self.value("by") or self.value("indicator")):
            passages = passages.filter(interview_id__in=self._group_interviews(selection, group))
        other = self.value("with_theme")
        if other is not None:
            passages = self._with_theme(passages, selection, other)
        return passages

    def _group_interviews(self, selection, label):
        """The ids of the interviews in the analysis's group `label` (crosstabs' own grouping)."""
        study = crosstabs.Study(selection)
        indicator = None if self.value("by") else self.value("indicator")  # a link names one of them
        if indicator is not None:
            thresholds = self.value("thresholds") or ()
            quantiles = self.value("quantiles") or (0 if thresholds else 2)  # IndicatorSplitForm's default
            groups = crosstabs.group_by_indicator(study, indicator, thresholds, quantiles)
            self.group_note = _("interviews met %(name)s: %(group)s") % {"name": indicator.name, "group": label}
        else:
            attribute = self.value("by")
            groups = crosstabs.group_by_attribute(study, attribute, self.project)
            shown = dict(self.fields["by"].choices).get(attribute, attribute)
            self.group_note = _("interviews met %(name)s: %(group)s") % {"name": shown, "group": label}
        return next((ids for group, ids in groups if group.label == label), [])

    def _with_theme(self, passages, selection, other):
        """Passages in interviews that also have `other` (or its subthemes), or overlapping a passage with it."""
        subtree = [t.pk for t in other.descendants()]
        if self.value("together") == "overlap":
            near = selection.coded_with(subtree).filter(
                interview_id=OuterRef("interview_id"), start__lt=OuterRef("end"), end__gt=OuterRef("start")
            )
            return passages.filter(Exists(near))
        return passages.filter(interview_id__in=selection.coded_with(subtree).values("interview_id"))
