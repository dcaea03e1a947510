"""The filtered set every analysis and export reads: interviews, their cases, themes, passages and codings.

A `Selection` holds the choices of a filter form once validated (AnalysisFilterForm.selection(),
PassageFilterForm.selection(); a bare Selection(project) is everything) and builds the querysets from them:
  .interviews()   Interview queryset (project, stakeholder group, municipality, year, label, a variable)
  .cases()        the same interviews as (id, title, municipality id, code, name, year, group) tuples
  .themes()       Theme queryset (the chosen theme and its subtree, or all the project's themes)
  .theme_tree()   the same themes in tree order, with .depth and .subthemes
  .chosen_themes() themes() narrowed to the ticked ones of the report page, when any are ticked
  .passages()     Passage queryset in those interviews, by that coder, coded with those themes
  .all_passages() the same whatever their themes (the codings table); .coded_with(ids) with these themes only
  .codings()      Coding queryset likewise (what the analyses count)
  .describe()     the active filters as Dutch text, for pages and exports
  `query`: a saved code-combination query (models.CodeQuery); the interviews are those it finds hits in, the
  passages (and their codings) those that share a character with a hit (code_queries.passage_ids)
  .seen_by(user)  the same selection as `user` may see it: a blind coding round hides other coders' passages
                  (models/rounds.py); every view passes its user, commands (the administrator) see everything
"""

from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.http import QueryDict

from monitor.models import Municipality

from . import code_queries
from .models import Coding, Passage, ProjectVariable, StakeholderGroup, VariableValue

# How describe() names each filter (the filter form's labels, in lower case).
FILTER_NAMES = {
    "coder": "codeur",
    "theme": "thema (met subthema's)",
    "stakeholder_group": "stakeholdergroep",
    "municipality": "gemeente",
    "year": "jaar",
    "label": "label",
}


def project_cases(project):
    """Every interview of the project as (id, title, municipality id, code, name, year, group) tuples.

    The attributes are read in one go (columns after an interview's long text are slow to reach)."""
    return list(
        project.interviews.order_by().values_list(
            "id", "title", "municipality_id", "municipality__code", "municipality__name", "year", "stakeholder_group"
        )
    )


def query_hits(definition, project, user):
    """The hits of a code-combination query (code_queries.Definition) with its own filters, as `user` may see
    them (None: everything); none when a filter names a coder, municipality or variable deleted since."""
    try:
        chosen = Selection.from_filters(project, definition.filters)
    except LookupError:
        return []
    return code_queries.run(definition, chosen if user is None else chosen.seen_by(user))


@dataclass
class Selection:
    """What a filter form chose; every filter is optional (None or "" when not chosen).

    `variable` filters only with its typed `value` (equal) and/or `value_from`/`value_to` (a range); with
    none of them it keeps every interview that has a value. `ticked`: themes ticked on the report page;
    `pseudonymised`: the exports name interviews and municipalities by pseudonyms. `all_cases` and
    `all_themes` may hand over what the form already read (project_cases(), the themes in tree order).
    """

    project: object
    coder: object = None
    theme: object = None
    stakeholder_group: str = ""
    municipality: object = None
    year: int | None = None
    label: str = ""
    variable: object = None
    value: object = None
    value_from: object = None
    value_to: object = None
    query: object = None
    ticked: list = field(default_factory=list)
    pseudonymised: bool = False
    all_cases: list | None = field(default=None, repr=False)
    all_themes: list | None = field(default=None, repr=False)
    reader: object = None
    query_hits: list | None = field(default=None, repr=False)
    query_ids: set | None = field(default=None, repr=False)

    @classmethod
    def from_filters(cls, project, query_string):
        """The selection of filters the filter form validated earlier and kept as a query string (a saved
        code-combination query's). Raises LookupError when its coder, municipality or variable is gone since."""
        data = QueryDict(query_string)

        def pk(name):
            value = data.get(name, "")
            return int(value) if value.isdigit() else None

        def found(qs, name):
            if pk(name) is None:
                return None
            try:
                return qs.get(pk=pk(name))
            except ObjectDoesNotExist:
                raise LookupError(f"{name} {pk(name)} is gone") from None

        variable = found(project.variables.all(), "variable")
        values = {}
        if variable is not None:
            values = {name: VariableValue.parse(variable.kind, data.get(name)) for name in ("value", "value_from")}
            values["value_to"] = VariableValue.parse(variable.kind, data.get("value_to"))
        return cls(
            project,
            coder=found(get_user_model().objects.all(), "coder"),
            stakeholder_group=data.get("stakeholder_group", ""),
            municipality=found(Municipality.objects.all(), "municipality"),
            year=pk("year"),
            label=data.get("label", ""),
            variable=variable,
            **values,
        )

    def seen_by(self, user):
        """This selection as `user` may see it (passages, codings and everything counted from them)."""
        return replace(self, reader=user)

    def visible(self, qs):
        """A Passage or Coding queryset narrowed to what the reader may see (all of it without a reader), and with a
        saved query to the passages that touch its hits: every analysis reads its passages or codings through here.
        """
        qs = qs.visible_to(self.reader, self.project) if self.reader is not None else qs
        if self.query is None:
            return qs
        ids = self.query_passage_ids()
        return qs.filter(content_object_id__in=ids) if qs.model is Coding else qs.filter(pk__in=ids)

    def narrows_interviews(self):
        return bool(
            self.stakeholder_group or self.municipality or self.year or self.label or self.variable or self.query
        )

    def hits(self):
        """The saved query's hits as the reader may see them (run once per selection)."""
        if self.query_hits is None:
            definition = code_queries.Definition.from_json(self.query.definition)
            self.query_hits = query_hits(definition, self.project, self.reader)
        return self.query_hits

    def query_passage_ids(self):
        """Ids of the passages (as the reader may see them) that share a character with a hit of the query."""
        if self.query_ids is None:
            seen = (
                Passage.objects.all() if self.reader is None else Passage.objects.visible_to(self.reader, self.project)
            )
            self.query_ids = code_queries.passage_ids(self.hits(), seen)
        return self.query_ids

    def interviews(self):
        qs = self.project.interviews.filter_by(
            stakeholder_group=self.stakeholder_group, municipality=self.municipality, year=self.year
        )
        if self.label:
            qs = qs.filter(labels__name=self.label)
        if self.variable is not None:
            values = VariableValue.objects.filter(variable=self.variable, **self._variable_lookups())
            qs = qs.filter(pk__in=values.values("interview_id"))
        if self.query is not None:
            qs = qs.filter(pk__in={hit.interview_id for hit in self.hits()})
        return qs

    def cases(self):
        """interviews() as (id, title, municipality id, municipality code, name, year, group) tuples."""
        if self.all_cases is None:
            self.all_cases = project_cases(self.project)
        if not self.narrows_interviews():
            return self.all_cases
        keep = set(self.interviews().values_list("pk", flat=True))
        return [row for row in self.all_cases if row[0] in keep]

    def themes(self):
        return self.theme.descendants() if self.theme else self.project.themes.all()

    def theme_tree(self):
        """themes() in tree order (ThemeQuerySet.in_tree_order), the project's already loaded when unfiltered."""
        if self.theme:
            return self.themes().in_tree_order()
        if self.all_themes is None:
            self.all_themes = list(self.project.themes.in_tree_order())
        return self.all_themes

    def chosen_themes(self):
        """themes() narrowed to the ticked themes, when any are ticked."""
        themes = self.themes()
        return themes.filter(pk__in=[theme.pk for theme in self.ticked]) if self.ticked else themes

    def all_passages(self):
        """The passages in the interviews by the coder, whatever their themes (and those without a theme)."""
        if self.narrows_interviews():
            qs = Passage.objects.filter(interview__in=self.interviews())
        else:
            qs = Passage.objects.filter(interview__project=self.project)
        return self.visible(qs.by_coder(self.coder) if self.coder else qs)

    def passages(self):
        qs = Passage.objects.filter(interview__in=self.interviews()).for_themes(self.themes())
        return self.visible(qs.by_coder(self.coder) if self.coder else qs)

    def coded_with(self, theme_ids):
        """The passages in the interviews by the coder with any of these themes (ids; no subthemes added)."""
        qs = Passage.objects.filter(interview__in=self.interviews()).coded_with(theme_ids)
        return self.visible(qs.by_coder(self.coder) if self.coder else qs)

    def codings(self):
        qs = Coding.objects.in_interviews(self.interviews()).by_coder(self.coder).for_themes(self.themes())
        return self.visible(qs)

    def describe(self):
        """The active filters, e.g. 'codeur: anna; stakeholdergroep: jgz' (or 'geen filters')."""
        parts = []
        for name, label in FILTER_NAMES.items():
            value = getattr(self, name)
            if value not in (None, ""):
                shown = dict(StakeholderGroup.choices).get(value, value) if name == "stakeholder_group" else value
                parts.append(f"{label}: {shown}")
        if self.variable is not None:
            parts.append(f"variabele {self.variable.name}: {self._describe_value()}")
        if self.query is not None:
            parts.append(f"zoekvraag: {self.query.name}")
        return "; ".join(parts) or "geen filters"

    def _variable_lookups(self):
        kind = self.variable.kind
        exact = "text__iexact" if kind == ProjectVariable.Kind.TEXT else kind  # the value's column is named by kind
        bounds = ((exact, self.value), (f"{kind}__gte", self.value_from), (f"{kind}__lte", self.value_to))
        return {lookup: typed for lookup, typed in bounds if typed is not None}

    def _describe_value(self):
        def shown(typed):
            return VariableValue.format(self.variable.kind, typed)

        parts = [] if self.value is None else [shown(self.value)]
        if self.value_from is not None or self.value_to is not None:
            low = "…" if self.value_from is None else shown(self.value_from)
            high = "…" if self.value_to is None else shown(self.value_to)
            parts.append(f"van {low} tot en met {high}")
        return ", ".join(parts) or "met een waarde"
