"""Transcript import batches: an upload waiting for review, one item per file (their state; the work of reading
and creating is transcripts/pipeline.py)."""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from monitor.models import Municipality

from .interviews import Interview, StakeholderGroup
from .projects import Project


class ImportBatch(models.Model):
    """An upload waiting for review, one item per file; confirming creates the interviews of the items
    without problems and empties the staged texts (the batch stays as the record of what was imported)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "voorbeeld"
        QUEUED = "queued", "in de wachtrij"
        RUNNING = "running", "bezig"
        DONE = "done", "klaar"
        FAILED = "failed", "mislukt"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="import_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    pseudonymise = models.BooleanField("pseudonimiseren", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    done_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    total = models.PositiveIntegerField(default=0)  # items a confirmed batch creates; progress counts them
    progress = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)  # when a confirmed batch was queued or last progressed

    STUCK_AFTER = timedelta(minutes=10)  # a queued or running batch without progress this long: its worker is gone

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.project}: upload {self.pk} ({self.get_status_display()})"

    @classmethod
    def delete_stale(cls):
        """Staged texts are not pseudonymised yet: a preview nobody confirmed does not outlive a day."""
        day_ago = timezone.now() - timedelta(days=1)
        cls.objects.filter(
            Q(status__in=[cls.Status.PREVIEW, cls.Status.FAILED], created_at__lt=day_ago)
            | Q(status__in=[cls.Status.QUEUED, cls.Status.RUNNING], heartbeat__lt=day_ago)
        ).delete()

    def counts(self):
        """(items that will be created, items with problems)."""
        items = list(self.items.all())
        ready = sum(1 for item in items if item.ok)
        return ready, len(items) - ready

    @property
    def stuck(self):
        """Queued or running, but nothing has moved for STUCK_AFTER (no worker, or it died): it may be retried
        or cancelled."""
        return (
            self.status in (self.Status.QUEUED, self.Status.RUNNING)
            and self.heartbeat is not None
            and self.heartbeat < timezone.now() - self.STUCK_AFTER
        )

    @property
    def open(self):
        """Waiting for the researcher: a preview, a failed or a stuck import (confirm or cancel it)."""
        return self.status in (self.Status.PREVIEW, self.Status.FAILED) or self.stuck

    def queue(self):
        """Confirm the batch: queued for storing its items without problems (transcripts.pipeline.run_batch;
        tasks.confirm_batch hands it over). A failed or stuck batch can be confirmed again. Returns the number
        of interviews it will create; ValueError when the batch was confirmed already."""
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=self.pk)
            if not batch.open:
                raise ValueError("Deze import is al bevestigd.")
            batch.total = sum(1 for item in batch.items.only("problems") if item.ok)
            batch.status, batch.progress, batch.error = self.Status.QUEUED, 0, ""
            batch.heartbeat = timezone.now()
            batch.save(update_fields=["total", "status", "progress", "error", "heartbeat"])
        self.refresh_from_db()
        return self.total


class ImportItem(models.Model):
    """One file of a batch: its text and attributes as they will be stored, or why it cannot be."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField("bestand", max_length=255)
    title = models.CharField("titel", max_length=200, blank=True)
    source_format = models.CharField(max_length=20, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True)
    turns = models.JSONField(default=list, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    municipality_text = models.CharField(max_length=200, blank=True)
    municipality_matches = models.JSONField(default=list, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    stakeholder_group = models.CharField(max_length=20, blank=True)
    interview_date = models.DateField(null=True, blank=True)
    labels = models.JSONField(default=list, blank=True)
    variables = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    replacements = models.JSONField(default=list, blank=True)
    interview = models.ForeignKey(Interview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["batch", "position"]

    def __str__(self):
        return self.name

    @property
    def ok(self):
        return not self.problems

    def problem(self, code, message):
        self.problems.append({"code": code, "message": message})

    @property
    def group_label(self):
        return dict(StakeholderGroup.choices).get(self.stakeholder_group, "")

    def municipality_choices(self):
        return Municipality.objects.filter(code__in=self.municipality_matches)

    def choose_municipality(self, municipality):
        """Settle an unknown municipality: one of the close matches, or none at all."""
        self.municipality = municipality
        self.problems = [p for p in self.problems if p["code"] != "municipality"]
        self.save(update_fields=["municipality", "problems"])

    def proposal_groups(self, width=40, examples=3):
        """The proposals grouped by what they replace (same text ignoring case, same kind): a decision
        holds for every occurrence. Each group: number, original, kind (pseudonyms.KINDS names it), replacement,
        skip, indexes (into self.replacements), count, examples of (before, found, after) in the text, and how
        many more."""
        groups = {}
        for index, p in enumerate(self.replacements):
            group = groups.setdefault(
                (p["original"].casefold(), p["kind"]),
                {
                    "number": len(groups),
                    "original": p["original"],
                    "kind": p["kind"],
                    "replacement": p["replacement"],
                    "skip": p["skip"],
                    "indexes": [],
                    "examples": [],
                },
            )
            group["indexes"].append(index)
            if len(group["examples"]) < examples:
                group["examples"].append(
                    (
                        self.text[max(0, p["start"] - width) : p["start"]],
                        p["original"],
                        self.text[p["end"] : p["end"] + width],
                    )
                )
        for group in groups.values():
            group["count"], group["more"] = len(group["indexes"]), len(group["indexes"]) - len(group["examples"])
        return list(groups.values())

    def decide(self, decisions):
        """Apply {group number: (replacement, skip)} to every proposal of each group (proposal_groups)."""
        for group in self.proposal_groups():
            replacement, skip = decisions[group["number"]]
            for index in group["indexes"]:
                self.replacements[index]["replacement"] = replacement or self.replacements[index]["replacement"]
                self.replacements[index]["skip"] = skip
        self.save(update_fields=["replacements"])
