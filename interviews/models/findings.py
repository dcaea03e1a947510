"""What report writers make of the codings: saved code-combination queries and summary grids.

A `CodeQuery` keeps a query built on the query page (interviews/code_queries.py computes its hits) by name
on the project, so it can be run again, coded in one go and used as a filter by the analyses, the summary
and the exports. Its `definition` is the query form's cleaned choices as JSON (theme ids, relation, distance,
the analysis filters as a query string): see code_queries.Definition.

A `SummaryGrid` is a framework matrix: rows are interviews, cases (municipality × year) or municipalities,
columns the chosen themes; a `GridCell` holds the summary a coder wrote for one row and one theme, the
passages it rests on, and who wrote it when (each change also leaves an Action in the history).

`WordList` is a project's edit of spaCy's Dutch stop-word list, for word frequencies.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .coding import Passage, Theme
from .history import Action, Subject
from .projects import Project


class CodeQuery(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="code_queries")
    name = models.CharField(_("naam"), max_length=100)
    definition = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="code_query_name_once")]

    def __str__(self):
        return self.name

    def record(self, user, verb):
        """History: this query made ("create") or removed ("delete"), with its definition."""
        state = {"name": self.name, "definition": self.definition}
        before, after = (state, None) if verb == "delete" else (None, state)
        Action.record(
            self.project, user, Subject.QUERY, verb, subject_id=self.pk, label=self.name, before=before, after=after
        )


class GridRows(models.TextChoices):
    INTERVIEW = "interview", _("interviews")
    CASE = "case", _("casussen (gemeente × jaar)")
    MUNICIPALITY = "municipality", _("gemeenten")


class SummaryGrid(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="summary_grids")
    name = models.CharField(_("naam"), max_length=100)
    rows = models.CharField(_("rijen"), max_length=12, choices=GridRows.choices, default=GridRows.INTERVIEW)
    themes = models.ManyToManyField(Theme, related_name="+", verbose_name=_("thema's"))
    filters = models.CharField(max_length=2000, blank=True)  # the analysis filters as a query string
    # The saved query among its filters (also in `filters`): kept while a grid uses it, so no grid widens silently.
    query = models.ForeignKey(CodeQuery, null=True, blank=True, on_delete=models.RESTRICT, related_name="grids")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="summary_grid_name_once")]

    def __str__(self):
        return self.name


class GridCell(models.Model):
    grid = models.ForeignKey(SummaryGrid, on_delete=models.CASCADE, related_name="cells")
    row = models.CharField(max_length=40)  # "12" (interview id), "GM0228:2024" (case), "GM0228" (municipality)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    summary = models.TextField(_("samenvatting"), max_length=10_000)
    quotes = models.ManyToManyField(Passage, blank=True, related_name="+", verbose_name=_("citaten"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["grid", "row", "theme"]
        constraints = [models.UniqueConstraint(fields=["grid", "row", "theme"], name="grid_cell_once")]

    def __str__(self):
        return f"{self.grid} {self.row} {self.theme_id}"


class WordList(models.Model):
    """The project's changes to spaCy's Dutch stop words: words added to it and words taken out of it."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="word_list")
    added = models.TextField(_("extra stopwoorden"), blank=True, max_length=20_000)
    removed = models.TextField(_("geen stopwoord"), blank=True, max_length=20_000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"stopwoorden {self.project}"
