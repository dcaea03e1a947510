"""Pseudonymisation: a project's name list and the key of what was replaced."""

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .interviews import Interview
from .projects import Project


class PseudonymName(models.Model):
    """A name the project always replaces on import, such as "Jansen" → "[R1]"."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pseudonym_names")
    name = models.CharField("naam", max_length=200)
    replacement = models.CharField("vervanging", max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "te vervangen naam"
        verbose_name_plural = "te vervangen namen"
        constraints = [models.UniqueConstraint(Lower("name"), "project", name="pseudonym_name_unique_per_project")]

    def __str__(self):
        return f"{self.name} → {self.replacement}"


class PseudonymKey(models.Model):
    """One line of the key: what an interview's text said before a replacement (kept per project policy)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="pseudonym_keys")
    original = models.CharField("origineel", max_length=300)
    replacement = models.CharField("vervanging", max_length=300)
    kind = models.CharField("soort", max_length=20)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["interview", "replacement", "original"]
        verbose_name = "sleutelregel"
        verbose_name_plural = "sleutel"

    def __str__(self):
        return f"{self.original} → {self.replacement}"
