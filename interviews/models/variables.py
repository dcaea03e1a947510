"""Case variables: a project's own attributes of its interviews (region, size, ...)."""

import datetime

from django.db import models
from django.db.models.functions import Lower

from monitor.indicator_sheets import NO, YES, parse_number

from .interviews import Interview
from .projects import Project


class ProjectVariable(models.Model):
    """A case variable the project defines for its interviews (besides municipality, year and group)."""

    class Kind(models.TextChoices):
        TEXT = "text", "tekst"
        NUMBER = "number", "getal"
        YES_NO = "yes_no", "ja/nee"
        DATE = "date", "datum"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="variables")
    name = models.CharField("naam", max_length=100)
    kind = models.CharField("soort", max_length=10, choices=Kind.choices, default=Kind.TEXT)
    order = models.PositiveIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "variabele"
        verbose_name_plural = "variabelen"
        constraints = [models.UniqueConstraint(Lower("name"), "project", name="variable_name_unique_per_project")]

    def __str__(self):
        return self.name


class VariableValue(models.Model):
    """One interview's value of a case variable, stored typed in the column its kind uses."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="variable_values")
    variable = models.ForeignKey(ProjectVariable, on_delete=models.CASCADE, related_name="values")
    text = models.CharField("tekst", max_length=300, blank=True)
    number = models.DecimalField("getal", max_digits=16, decimal_places=4, null=True, blank=True)
    yes_no = models.BooleanField("ja/nee", null=True, blank=True)
    date = models.DateField("datum", null=True, blank=True)

    class Meta:
        ordering = ["variable__order", "variable__name"]
        verbose_name = "waarde van een variabele"
        verbose_name_plural = "waarden van variabelen"
        constraints = [models.UniqueConstraint(fields=["interview", "variable"], name="variable_value_once")]

    def __str__(self):
        return f"{self.variable}: {self.display}"

    @staticmethod
    def parse(kind, raw):
        """The typed value of a raw cell (string, number, bool or date) for a variable kind; None when empty.

        Raises ValueError with a Dutch message when the cell does not fit the kind.
        """
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        Kind = ProjectVariable.Kind
        if kind == Kind.TEXT:
            return str(raw).strip()[:300]
        if kind == Kind.YES_NO:
            if isinstance(raw, bool):
                return raw
            word = str(raw).strip().casefold()
            if word not in YES | NO:
                raise ValueError(f"‘{raw}’ is geen ja/nee-waarde (gebruik ja of nee).")
            return word in YES
        if kind == Kind.NUMBER:
            return parse_number(raw)
        if kind == Kind.DATE:
            if isinstance(raw, datetime.datetime):
                return raw.date()
            if isinstance(raw, datetime.date):
                return raw
            text = str(raw).strip()
            for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
                try:
                    return datetime.datetime.strptime(text, pattern).date()
                except ValueError:
                    continue
            raise ValueError(f"‘{raw}’ is geen datum (gebruik bv. 2021-03-15 of 15-03-2021).")
        raise ValueError(f"Onbekende soort variabele: {kind}.")

    @property
    def value(self):
        Kind = ProjectVariable.Kind
        return {Kind.TEXT: self.text or None, Kind.NUMBER: self.number, Kind.YES_NO: self.yes_no, Kind.DATE: self.date}[
            self.variable.kind
        ]

    @value.setter
    def value(self, typed):
        self.text, self.number, self.yes_no, self.date = "", None, None, None
        if self.variable.kind == ProjectVariable.Kind.TEXT:
            typed = typed or ""
        setattr(self, self.variable.kind, typed)  # the column is named after the kind

    def set_raw(self, raw):
        """Parse a raw cell per the variable's kind and store it (ValueError in Dutch when it does not fit)."""
        self.value = self.parse(self.variable.kind, raw)

    @classmethod
    def store(cls, interview, variable, raw):
        """Create or update the interview's value from a raw cell; an empty cell removes the value."""
        typed = cls.parse(variable.kind, raw)
        if typed is None:
            cls.objects.filter(interview=interview, variable=variable).delete()
            return None
        item = cls.objects.filter(interview=interview, variable=variable).first() or cls(
            interview=interview, variable=variable
        )
        item.value = typed
        item.save()
        return item

    @staticmethod
    def format(kind, typed):
        """A typed value as Dutch text ('' for missing)."""
        if typed is None:
            return ""
        Kind = ProjectVariable.Kind
        if kind == Kind.YES_NO:
            return "ja" if typed else "nee"
        if kind == Kind.NUMBER:
            return f"{typed.normalize():f}".replace(".", ",")
        if kind == Kind.DATE:
            return typed.strftime("%d-%m-%Y")
        return str(typed)

    @property
    def display(self):
        return self.format(self.variable.kind, self.value)
