"""Transcript import batches: an upload waiting for review, one item per file."""

import io
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from monitor.models import Municipality

from .interviews import Interview, StakeholderGroup, sentence_segments
from .projects import KeyPolicy, Project
from .pseudonyms import PseudonymKey
from .variables import ProjectVariable, VariableValue


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
    @transaction.atomic
    def prepare(cls, project, user, uploads, sheet=None, defaults=None, pseudonymise=False):
        """A batch to review: an item per file of `uploads` ((name, binary file object) pairs; a .zip is
        unpacked), attributes from `defaults` and the sheet's row for the file (bulk.read_sheet's result),
        the problems of each file and, when asked, the pseudonymisation proposals."""
        from ..transcripts import batches as bulk
        from ..transcripts.archives import ArchiveError

        limit = settings.MAX_UPLOAD_BYTES
        files = []
        for name, file in uploads:
            name = bulk.nfc(name)
            if name.lower().endswith(".zip"):
                try:
                    files += bulk.unpack_zip(file)
                except ArchiveError as error:
                    files.append((name, None, str(error)))
                continue
            data = file.read(limit + 1)
            files.append(
                (name, None, f"Het bestand is groter dan {limit // 2**20} MB.")
                if len(data) > limit
                else (name, data, None)
            )
        # Staged texts are not pseudonymised yet: a preview nobody confirmed does not outlive a day.
        day_ago = timezone.now() - timedelta(days=1)
        cls.objects.filter(
            Q(status__in=[cls.Status.PREVIEW, cls.Status.FAILED], created_at__lt=day_ago)
            | Q(status__in=[cls.Status.QUEUED, cls.Status.RUNNING], heartbeat__lt=day_ago)
        ).delete()
        batch = cls.objects.create(project=project, created_by=user, pseudonymise=pseudonymise)
        rows, _extra = sheet or ({}, [])
        context = ImportContext(project)
        items = [
            ImportItem.build(
                batch,
                position,
                name,
                data,
                problem,
                rows.pop(bulk.base_name(name).lower(), None),
                defaults or {},
                context,
            )
            for position, (name, data, problem) in enumerate(files)
        ]
        ImportItem.objects.bulk_create(items)
        batch.message = "\n".join(
            f"Regel {row['row']} van het metadatabestand noemt “{row['file']}”, maar dat bestand zit niet in de upload."
            for row in rows.values()
        )
        batch.save(update_fields=["message"])
        return batch

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

    def confirm(self, background=None):
        """Store the items without problems (see run): by the task worker when `background`, which is by
        default the case for more than settings.IMPORT_INLINE_FILES (5) files; the preview page shows the
        progress. A failed batch can be confirmed again. ValueError when the batch was confirmed already."""
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=self.pk)
            if not batch.open:
                raise ValueError("Deze import is al bevestigd.")
            batch.total = sum(1 for item in batch.items.only("problems") if item.ok)
            batch.status, batch.progress, batch.error = self.Status.QUEUED, 0, ""
            batch.heartbeat = timezone.now()
            batch.save(update_fields=["total", "status", "progress", "error", "heartbeat"])
        if background is None:
            background = batch.total > getattr(settings, "IMPORT_INLINE_FILES", 5)
        if background:
            from ..tasks import import_batch

            import_batch.enqueue(self.pk)
        else:
            batch.run()
        self.refresh_from_db()

    def run(self):
        """Create an interview for every item without problems: first the slow part per file (pseudonymised
        text, sentences) with the progress recorded, then all rows in one transaction, after which the
        staged texts are emptied. On any failure nothing is stored and `error` says why."""
        batches = ImportBatch.objects.filter(pk=self.pk)
        if not batches.filter(status=self.Status.QUEUED).update(status=self.Status.RUNNING, heartbeat=timezone.now()):
            return  # cancelled, or claimed by another run meanwhile
        try:
            items = [item for item in self.items.select_related("municipality", "batch__project") if item.ok]
            prepared = []
            for number, item in enumerate(items, start=1):
                prepared.append(item.prepare())
                batches.update(progress=number, heartbeat=timezone.now())
            with transaction.atomic():
                created = [item.create_interview(ready) for item, ready in zip(items, prepared)]
                self.items.update(text="", turns=[], replacements=[])
                batches.update(status=self.Status.DONE, done_count=len(created))
        except IntegrityError:  # another upload took a title between the preview and now
            batches.update(
                status=self.Status.FAILED,
                error="Een van deze titels is intussen al gebruikt. Er is niets opgeslagen; upload opnieuw.",
            )
        except Exception as error:
            logging.getLogger(__name__).exception("import batch %s failed", self.pk)
            batches.update(
                status=self.Status.FAILED,
                error=f"Het opslaan is mislukt ({type(error).__name__}). Er is niets opgeslagen; probeer het opnieuw.",
            )


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

    @classmethod
    def build(cls, batch, position, name, data, problem, row, defaults, context):
        """An unsaved item for one file: read, given its attributes, checked against the project."""
        from .. import pseudonyms
        from ..transcripts import batches as bulk
        from ..transcripts import readers as formats
        from ..transcripts.text import TranscriptError

        item = cls(
            batch=batch,
            position=position,
            name=name[:255],
            labels=list(defaults.get("labels") or []),
            municipality=defaults.get("municipality"),
            year=defaults.get("year"),
            stakeholder_group=defaults.get("stakeholder_group") or "",
            interview_date=defaults.get("interview_date"),
            problems=[],
        )
        title = bulk.base_name(name).rpartition(".")[0] or bulk.base_name(name)
        item.title = " ".join(((row or {}).get("title") or title).split())[:200]
        if problem:
            item.problem("file", problem)
        else:
            try:
                transcript = formats.read_transcript(name, io.BytesIO(data))
            except TranscriptError as error:
                item.problem("file", str(error))
            else:
                item.text, item.turns, item.source_format, item.sha256 = transcript
                if item.sha256 in context.hashes:
                    item.problem("duplicate", f"Dit bestand is al geïmporteerd als “{context.hashes[item.sha256]}”.")
                elif item.sha256 in context.uploaded:
                    item.problem(
                        "duplicate",
                        f"Dit bestand zit twee keer in de upload (ook als {context.uploaded[item.sha256]}).",
                    )
                context.uploaded.setdefault(item.sha256, name)
                if batch.pseudonymise:
                    item.replacements = pseudonyms.propose(item.text, context.names)
        if row:
            item.apply_row(row, context)
        if not item.title:
            item.problem("title", "De titel is leeg.")
        elif item.title.lower() in context.titles:
            item.problem("title", f"Er is al een interview met de titel “{item.title}” in dit project.")
        context.titles.add(item.title.lower())
        return item

    def apply_row(self, row, context):
        """Take the attributes in the file's row of the metadata sheet; a cell that does not fit is a problem."""
        from ..transcripts import batches as bulk

        line = f"Regel {row['row']}: "
        if value := row.get("municipality"):
            code, matches = bulk.match_municipality(value, context.pairs)
            self.municipality_text = value[:200]
            self.municipality = context.municipalities.get(code)
            self.municipality_matches = [code for code, _name in matches]
            if self.municipality is None:
                close = ", ".join(name for _code, name in matches)
                self.problem(
                    "municipality", f"{line}onbekende gemeente “{value}”" + (f"; bedoelt u {close}?" if close else ".")
                )
        parsers = {"year": bulk.parse_year, "interview_date": bulk.parse_date}
        for key, parse in parsers.items():
            if value := row.get(key):
                try:
                    setattr(self, key, parse(value))
                except ValueError as error:
                    self.problem(key, line + str(error))
        if value := row.get("stakeholder_group"):
            self.stakeholder_group = bulk.match_choice(value, StakeholderGroup.choices) or ""
            if not self.stakeholder_group:
                self.problem("stakeholder_group", f"{line}onbekende stakeholdergroep “{value}”.")
        self.labels = sorted(set(self.labels) | set(bulk.split_labels(row.get("labels", ""))))
        known = set(bulk.COLUMNS.values()) | {"row"}
        self.variables = {key: value for key, value in row.items() if key not in known and value}
        for column, value in self.variables.items():
            kind = context.variables.get(column.lower())
            try:
                VariableValue.parse(kind or ProjectVariable.Kind.TEXT, value)
            except ValueError as error:
                self.problem("variable", f"{line}{column}: {error}")

    def municipality_choices(self):
        return Municipality.objects.filter(code__in=self.municipality_matches)

    def choose_municipality(self, municipality):
        """Settle an unknown municipality: one of the close matches, or none at all."""
        self.municipality = municipality
        self.problems = [p for p in self.problems if p["code"] != "municipality"]
        self.save(update_fields=["municipality", "problems"])

    def proposal_groups(self, width=40, examples=3):
        """The proposals grouped by what they replace (same text ignoring case, same kind): a decision
        holds for every occurrence. Each group: number, original, kind_label, replacement, skip, indexes
        (into self.replacements), count, examples of (before, found, after) in the text, and how many more."""
        from ..pseudonyms import KINDS

        groups = {}
        for index, p in enumerate(self.replacements):
            group = groups.setdefault(
                (p["original"].casefold(), p["kind"]),
                {
                    "number": len(groups),
                    "original": p["original"],
                    "kind_label": KINDS[p["kind"]],
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

    def prepare(self):
        """(text, turns, sentences) of the interview this item becomes, pseudonymised when the batch asks:
        the slow part of creating it, done before the transaction that stores it."""
        from .. import pseudonyms

        text, turns = self.text, [tuple(turn) for turn in self.turns]
        if self.batch.pseudonymise and self.replacements:
            text, turns = pseudonyms.apply(text, self.replacements, turns)
            renamed = {p["original"].casefold(): p["replacement"] for p in self.replacements if not p["skip"]}
            turns = [
                (start, end, renamed.get(speaker.casefold(), speaker), *times) for start, end, speaker, *times in turns
            ]
        return text, turns, list(sentence_segments(text, turns))

    def create_interview(self, prepared=None):
        """The interview of this item (from prepare()), its variables and its pseudonymisation key."""
        from .. import pseudonyms

        text, turns, sentences = prepared or self.prepare()
        project = self.batch.project
        interview = Interview.create_with_turns(
            project,
            self.title,
            text,
            labels=self.labels,
            turns=turns,
            sentences=sentences,
            municipality=self.municipality,
            year=self.year,
            stakeholder_group=self.stakeholder_group,
            interview_date=self.interview_date,
            source_name=self.name,
            source_format=self.source_format,
            source_sha256=self.sha256,
            created_by=self.batch.created_by,
        )
        for column, value in self.variables.items():
            variable = project.variables.filter(name__iexact=column).first()
            if variable is None:
                variable = ProjectVariable.objects.create(project=project, name=column[:100])
            VariableValue.store(interview, variable, value)
        if self.batch.pseudonymise and project.pseudonym_key != KeyPolicy.NOT_KEPT:
            PseudonymKey.objects.bulk_create(
                PseudonymKey(interview=interview, original=original[:300], replacement=replacement[:300], kind=kind)
                for original, replacement, kind in pseudonyms.key_lines(self.replacements)
            )
        self.interview = interview
        self.save(update_fields=["interview"])
        return interview


class ImportContext:
    """What checking a batch's files needs from the database, read once per batch."""

    def __init__(self, project):
        self.project = project
        interviews = project.interviews.values_list("title", "source_sha256")
        self.titles = {title.lower() for title, _ in interviews}
        self.hashes = {sha: title for title, sha in interviews if sha}
        self.uploaded = {}  # sha256 → the file name of this batch that had it first
        self.municipalities = Municipality.objects.in_bulk(field_name="code")
        self.pairs = [(code, m.name) for code, m in self.municipalities.items()]
        self.variables = {v.name.lower(): v.kind for v in project.variables.all()}
        self.names = list(project.pseudonym_names.values_list("name", "replacement"))
