"""The transcript-import pipeline: uploaded files → a batch to review (one item per file: read, given its
attributes, checked, pseudonymisation proposed) → on confirmation, an interview per item without problems.

The models (ImportBatch, ImportItem) keep the state; reading, unzipping, parsing and creating happen here.
Handing a batch to the task worker is the caller's part (tasks.confirm_batch).
"""

import io
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from monitor.models import Municipality

from .. import pseudonyms
from ..models import (
    Action,
    ImportBatch,
    ImportItem,
    Interview,
    KeyPolicy,
    ProjectVariable,
    PseudonymKey,
    Source,
    StakeholderGroup,
    Subject,
    VariableValue,
)
from ..titles import title_from_name
from . import batches as bulk
from .archives import ArchiveError
from .readers import read_transcript
from .segments import segments
from .text import TranscriptError


def create_interview(project, title, text, labels=(), turns=None, sentences=None, **fields):
    """A new interview over canonical `text` with its turn and sentence segments (found in the text when
    not given: see segments.segments), speakers and labels. Its word index is the caller's to ask for
    (tasks.analyse_interview); a search builds what is missing itself."""
    turns, sentences = segments(text, turns, sentences)
    return Interview.create_with_turns(project, title, text, turns, sentences, labels=labels, **fields)


def read_uploads(uploads):
    """(name, bytes or None, problem or None) per file of `uploads` ((name, binary file object) pairs),
    a .zip unpacked (transcripts.batches.unpack_zip); a file over settings.MAX_UPLOAD_BYTES is a problem."""
    limit = settings.MAX_UPLOAD_BYTES
    too_large = f"Het bestand is groter dan {limit // 2**20} MB."
    files = []
    for name, file in uploads:
        name = bulk.nfc(name)
        if name.lower().endswith(".zip"):
            try:  # a transcript in a zip is held to the same limit as one uploaded alone
                files += [
                    (n, None, too_large) if d and len(d) > limit else (n, d, p) for n, d, p in bulk.unpack_zip(file)
                ]
            except ArchiveError as error:
                files.append((name, None, str(error)))
            continue
        data = file.read(limit + 1)
        files.append((name, None, too_large) if len(data) > limit else (name, data, None))
    return files


def prepare_batch(project, user, uploads, sheet=None, defaults=None, pseudonymise=False):
    """A batch to review: an item per file of `uploads` (read_uploads), attributes from `defaults` and the
    sheet's row for the file (bulk.read_sheet's result), the problems of each file and, when asked, the
    pseudonymisation proposals.

    Every file is read and parsed outside any transaction (a 150 MB docx or a zip of 500 transcripts takes
    seconds, and SQLite holds its one write lock for a whole IMMEDIATE transaction: issue 13, finding 1);
    only the inserts of the batch and its items share one short transaction."""
    files = read_uploads(uploads)
    batch = ImportBatch(project=project, created_by=user, pseudonymise=pseudonymise)
    rows, _extra = sheet or ({}, [])
    context = ImportContext(project)
    items = [
        build_item(
            batch, position, name, data, problem, rows.pop(bulk.base_name(name).lower(), None), defaults or {}, context
        )
        for position, (name, data, problem) in enumerate(files)
    ]
    batch.message = "\n".join(
        f"Regel {row['row']} van het metadatabestand noemt “{row['file']}”, maar dat bestand zit niet in de upload."
        for row in rows.values()
    )
    ImportBatch.delete_stale()
    with transaction.atomic():
        batch.save()
        for item in items:
            item.batch = batch
        ImportItem.objects.bulk_create(items)
    return batch


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
        self.places = [m.name for m in self.municipalities.values()]  # never taken for a surname


def build_item(batch, position, name, data, problem, row, defaults, context):
    """An unsaved item for one file: read, given its attributes, checked against the project."""
    item = ImportItem(
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
    item.title = " ".join((row or {}).get("title", "").split())[:200] or title_from_name(name)
    if problem:
        item.problem("file", problem)
    else:
        try:
            transcript = read_transcript(name, io.BytesIO(data))
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
                item.replacements = pseudonyms.propose(item.text, context.names, context.places)
    if row:
        apply_row(item, row, context)
    if not item.title:
        item.problem("title", "De titel is leeg.")
    elif item.title.lower() in context.titles:
        item.problem("title", f"Er is al een interview met de titel “{item.title}” in dit project.")
    context.titles.add(item.title.lower())
    return item


def apply_row(item, row, context):
    """Take the attributes in the file's row of the metadata sheet; a cell that does not fit is a problem."""
    line = f"Regel {row['row']}: "
    if value := row.get("municipality"):
        code, matches = bulk.match_municipality(value, context.pairs)
        item.municipality_text = value[:200]
        item.municipality = context.municipalities.get(code)
        item.municipality_matches = [code for code, _name in matches]
        if item.municipality is None:
            close = ", ".join(name for _code, name in matches)
            item.problem(
                "municipality", f"{line}onbekende gemeente “{value}”" + (f"; bedoelt u {close}?" if close else ".")
            )
    parsers = {"year": bulk.parse_year, "interview_date": bulk.parse_date}
    for key, parse in parsers.items():
        if value := row.get(key):
            try:
                setattr(item, key, parse(value))
            except ValueError as error:
                item.problem(key, line + str(error))
    if value := row.get("stakeholder_group"):
        item.stakeholder_group = bulk.match_choice(value, StakeholderGroup.choices) or ""
        if not item.stakeholder_group:
            item.problem("stakeholder_group", f"{line}onbekende stakeholdergroep “{value}”.")
    item.labels = sorted(set(item.labels) | set(bulk.split_labels(row.get("labels", ""))))
    known = set(bulk.COLUMNS.values()) | {"row"}
    item.variables = {key: value for key, value in row.items() if key not in known and value}
    for column, value in item.variables.items():
        kind = context.variables.get(column.lower())
        try:
            VariableValue.parse(kind or ProjectVariable.Kind.TEXT, value)
        except ValueError as error:
            item.problem("variable", f"{line}{column}: {error}")


def run_batch(batch):
    """Create an interview for every item without problems of a queued batch: first the slow part per file
    (pseudonymised text, sentences) with the progress recorded, then all rows in one transaction, after
    which the staged texts are emptied. On any failure nothing is stored and `error` says why.
    Returns the interviews created (none when the batch was not queued, or failed)."""
    batches = ImportBatch.objects.filter(pk=batch.pk)
    status = ImportBatch.Status
    if not batches.filter(status=status.QUEUED).update(status=status.RUNNING, heartbeat=timezone.now()):
        return []  # cancelled, or claimed by another run meanwhile
    try:
        items = [item for item in batch.items.select_related("municipality", "batch__project") if item.ok]
        prepared = []
        for number, item in enumerate(items, start=1):
            prepared.append(prepare_item(item))
            batches.update(progress=number, heartbeat=timezone.now())
        with transaction.atomic():
            created = [store_item(item, ready) for item, ready in zip(items, prepared)]
            batch.items.update(text="", turns=[], replacements=[])
            batches.update(status=status.DONE, done_count=len(created))
            _record_import(batch, created)
        return created
    except IntegrityError:  # another upload took a title between the preview and now
        batches.update(
            status=status.FAILED,
            error="Een van deze titels is intussen al gebruikt. Er is niets opgeslagen; upload opnieuw.",
        )
    except Exception as error:
        logging.getLogger(__name__).exception("import batch %s failed", batch.pk)
        batches.update(
            status=status.FAILED,
            error=f"Het opslaan is mislukt ({type(error).__name__}). Er is niets opgeslagen; probeer het opnieuw.",
        )
    return []


def _record_import(batch, created):
    """History: one action for the batch, with the interviews it created."""
    if created:
        after = {"count": len(created), "interviews": [interview.pk for interview in created], "batch": batch.pk}
        label = f"{len(created)} transcript(en)"
        Action.record(
            batch.project, batch.created_by, Subject.INTERVIEW, "import", label=label, after=after, source=Source.IMPORT
        )


def prepare_item(item):
    """(text, turns, sentences) of the interview an item becomes, pseudonymised when the batch asks:
    the slow part of creating it, done before the transaction that stores it."""
    text, turns = item.text, [tuple(turn) for turn in item.turns]
    if item.batch.pseudonymise and item.replacements:
        text, turns = pseudonyms.apply(text, item.replacements, turns)
        renamed = {p["original"].casefold(): p["replacement"] for p in item.replacements if not p["skip"]}
        turns = [
            (start, end, renamed.get(speaker.casefold(), speaker), *times) for start, end, speaker, *times in turns
        ]
    return (text, *segments(text, turns))


def store_item(item, prepared=None):
    """The interview of an item (from prepare_item()), its variables and its pseudonymisation key."""
    text, turns, sentences = prepared or prepare_item(item)
    project = item.batch.project
    interview = Interview.create_with_turns(
        project,
        item.title,
        text,
        turns,
        sentences,
        labels=item.labels,
        municipality=item.municipality,
        year=item.year,
        stakeholder_group=item.stakeholder_group,
        interview_date=item.interview_date,
        source_name=item.name,
        source_format=item.source_format,
        source_sha256=item.sha256,
        created_by=item.batch.created_by,
    )
    for column, value in item.variables.items():
        variable = project.variables.filter(name__iexact=column).first()
        if variable is None:
            variable = ProjectVariable.objects.create(project=project, name=column[:100])
        VariableValue.store(interview, variable, value)
    if item.batch.pseudonymise and project.pseudonym_key != KeyPolicy.NOT_KEPT:
        PseudonymKey.objects.bulk_create(
            PseudonymKey(interview=interview, original=original[:300], replacement=replacement[:300], kind=kind)
            for original, replacement, kind in pseudonyms.key_lines(item.replacements)
        )
    item.interview = interview
    item.save(update_fields=["interview"])
    return interview
