"""Interviews: the canonical transcript text, its segments (turns, sentences) and speakers."""

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, Length, Lower, Replace
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from monitor.models import Municipality

from ..transcripts.text import TURN_LABEL
from .projects import Project

START_BEFORE_END = Q(start__gte=0) & Q(start__lt=F("end"))
# The interview list's sort keys → the column (or with_list_columns annotation) they sort by.
SORT_KEYS = {
    "title": "title",
    "municipality": "municipality__name",
    "group": "stakeholder_group",
    "year": "year",
    "words": "words",
    "passages": "passage_count",
    "changed": "last_change",
}


class StakeholderGroup(models.TextChoices):
    MUNICIPALITY = "gemeente", "gemeente"
    MIDWIFE = "verloskunde", "verloskundige"
    MATERNITY = "kraamzorg", "kraamzorg"
    YOUTH_HEALTH = "jgz", "jeugdgezondheidszorg"
    DISTRICT_TEAM = "wijkteam", "wijkteam"
    SOCIAL_WORK = "sociaal_domein", "sociaal domein"
    PARENT = "ouder", "ouder"
    OTHER = "overig", "overig"


class InterviewQuerySet(models.QuerySet):
    def with_coding_counts(self):
        """Each interview's passage and coding counts, as subqueries: a join with GROUP BY would group on
        every column, the whole text included (measured by the bench: 140 s for 200 interviews on SQLite)."""

        def count(model, interview_field):
            rows = model.objects.filter(**{interview_field: models.OuterRef("pk")}).order_by()
            counted = rows.values(interview_field).annotate(n=Count("pk")).values("n")
            return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)

        # Passages and codings are defined after interviews (they point to them): look them up by name.
        passage, coding = apps.get_model("interviews", "Passage"), apps.get_model("interviews", "Coding")
        return self.annotate(
            passage_count=count(passage, "interview"), coding_count=count(coding, "content_object__interview")
        )

    def blind_for(self, user, project):
        """Ids of the project's interviews on which `user` sees only their own passages: those of open coding
        rounds the user codes in (see models/rounds.py), none for an owner. One query, two when there are any."""
        ids = set(
            self.filter(project=project, coding_rounds__state="open", coding_rounds__coders=user).values_list(
                "pk", flat=True
            )
        )
        if ids and project.memberships.filter(user=user, role="owner").exists():
            return set()
        return ids

    def with_list_columns(self):
        """What the interview list shows and sorts by, in SQL: passages and codings (with_coding_counts), `words`
        (the spaces and line breaks of the text plus one: len(text.split()) for canonical text without runs of
        white space, which the list may approximate) and `last_change` (the newest history action on the
        interview, else its creation)."""
        action = apps.get_model("interviews", "Action")
        newest = action.objects.filter(interview=models.OuterRef("pk")).order_by("-at").values("at")[:1]
        length = Length("text")
        spaces = length - Length(Replace("text", Value(" "), Value("")))
        breaks = length - Length(Replace("text", Value("\n"), Value("")))
        return self.with_coding_counts().annotate(
            words=models.Case(models.When(text="", then=0), default=spaces + breaks + 1),
            last_change=Coalesce(models.Subquery(newest), "created_at"),
        )

    def sorted_by(self, key):
        """Sorted by one of SORT_KEYS ('-' before it: descending); ties by title. with_list_columns() first."""
        descending, name = key.startswith("-"), key.lstrip("-")
        column = Lower(SORT_KEYS[name]) if name in ("title", "municipality") else F(SORT_KEYS[name])
        order = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
        return self.order_by(order, Lower("title"), "pk")

    def holding(self, passages):
        """The interviews these passages lie in. Counted so (`id IN (…)`), not as COUNT(DISTINCT interview_id) over
        the passages, which SQLite planned as a probe per passage: 290 against 13.5 ms for a top theme's 8,168
        passages at bench scale (retrieval)."""
        return self.filter(pk__in=passages.order_by().values("interview_id"))

    def filter_by(self, stakeholder_group=None, municipality=None, year=None, title=None, done_by=None, done=None):
        """Interviews of that group, municipality, year, with `title` in their title, and (done: "yes"/"no")
        marked or not marked as coded completely by the user `done_by`."""
        qs = self
        if title:
            qs = qs.filter(title__icontains=title)
        if done_by is not None and done in ("yes", "no"):
            marked = Q(progress_marks__coder=done_by)
            qs = qs.filter(marked) if done == "yes" else qs.exclude(marked)
        if stakeholder_group:
            qs = qs.filter(stakeholder_group=stakeholder_group)
        if municipality:
            qs = qs.filter(municipality=municipality)
        if year:
            qs = qs.filter(year=year)
        return qs


class Interview(models.Model):
    """A transcript and its case attributes. `text` is canonical: NFC, `\\n` line endings, no BOM."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interviews")
    title = models.CharField("titel", max_length=200)
    text = models.TextField("tekst")
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews",
    )
    year = models.PositiveSmallIntegerField("jaar", null=True, blank=True)
    stakeholder_group = models.CharField(
        "stakeholdergroep", max_length=20, choices=StakeholderGroup.choices, blank=True
    )
    interview_date = models.DateField("datum interview", null=True, blank=True)
    source_name = models.CharField("bronbestand", max_length=255, blank=True)
    source_format = models.CharField("bestandsformaat", max_length=20, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    labels = TaggableManager("labels", blank=True, help_text="Vrije labels, gescheiden door komma's")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "interview"
        verbose_name_plural = "interviews"
        constraints = [
            models.UniqueConstraint(Lower("title"), "project", name="interview_title_unique_per_project"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1990, year__lte=2100), name="interview_year_range"
            ),
        ]
        indexes = [models.Index(fields=["project", "source_sha256"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("interviews:interview_detail", args=[self.project.slug, self.pk])

    def text_still_current(self):
        """Lock the interview's row until the transaction ends and say whether its text is still the one this
        object holds: a correction (models/text_versions.py) may have committed since, moving every passage. Call
        it first in a transaction that writes offsets read from this object's text."""
        now = type(self).objects.select_for_update().filter(pk=self.pk).values_list("text", flat=True).first()
        return now == self.text

    @property
    def word_count(self):
        return len(self.text.split())

    def turn_spans(self):
        return list(self.segments.filter(kind=Segment.Kind.TURN).order_by("start").values_list("start", "end"))

    def turn_labels(self, offsets, turns=None):
        """(start, end, turn) of each speaker turn's label, where turn gives the whole turn's span as
        start/end (code points) and start16/end16 (UTF-16, from `offsets`, a spans.Offsets of the text).
        turns: the turns' (start, end) when already read (turn_spans())."""
        labels = []
        for start, end in self.turn_spans() if turns is None else turns:
            if label := TURN_LABEL.match(self.text, start):
                turn = {"start": start, "end": end, "start16": offsets.to_utf16(start), "end16": offsets.to_utf16(end)}
                labels.append((label.start(), label.end(), turn))
        return labels

    @classmethod
    @transaction.atomic
    def create_with_turns(cls, project, title, text, turns, sentences, labels=(), **fields):
        """A new interview over canonical `text`, with its turn and sentence segments, speakers and labels.

        turns and sentences as transcripts.segments.segments() makes them (it needs spaCy; a new interview is
        made with transcripts.pipeline.create_interview, which does both).
        """
        interview = cls.objects.create(project=project, title=title, text=text, **fields)
        interview.add_segments(turns, sentences)
        if labels:
            interview.labels.add(*labels)
        return interview

    def add_segments(self, turns, sentences):
        """Store the speaker turns, the sentences (each with its turn's speaker) and a Speaker per name:
        turns are (start, end, speaker, time_start_ms, time_end_ms), sentences (start, end, speaker)."""
        segments = [
            Segment(
                interview=self,
                kind=Segment.Kind.TURN,
                start=start,
                end=end,
                speaker=speaker[:100],
                time_start=time_start,
                time_end=time_end,
            )
            for start, end, speaker, time_start, time_end in turns
        ]
        segments += [
            Segment(interview=self, kind=Segment.Kind.SENTENCE, start=start, end=end, speaker=speaker[:100])
            for start, end, speaker in sentences
        ]
        Segment.objects.bulk_create(segments)
        names = {turn[2][:100] for turn in turns if turn[2]}
        Speaker.objects.bulk_create(
            [
                Speaker(interview=self, name=name, is_interviewer=Speaker.looks_like_interviewer(name))
                for name in sorted(names)
            ],
            ignore_conflicts=True,
        )

    def speaker_list(self):
        """The speakers with .turn_count; a Speaker row is made for a name in the turns that has none."""
        counts = dict(
            self.segments.filter(kind=Segment.Kind.TURN)
            .exclude(speaker="")
            .values_list("speaker")
            .annotate(n=Count("id"))
            .order_by()
        )
        known = set(self.speakers.values_list("name", flat=True))
        Speaker.objects.bulk_create(
            [
                Speaker(interview=self, name=name, is_interviewer=Speaker.looks_like_interviewer(name))
                for name in sorted(set(counts) - known)
            ],
            ignore_conflicts=True,
        )
        speakers = list(self.speakers.all())
        for speaker in speakers:
            speaker.turn_count = counts.get(speaker.name, 0)
        return speakers


class Segment(models.Model):
    """A speaker turn or sentence found at import; start/end are code points into the text."""

    class Kind(models.TextChoices):
        TURN = "turn", "beurt"
        SENTENCE = "sentence", "zin"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="segments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    speaker = models.CharField("spreker", max_length=100, blank=True)
    # From subtitles or "[00:12:03] Naam:" labels: milliseconds from the start of the recording.
    time_start = models.PositiveIntegerField("begintijd (ms)", null=True, blank=True)
    time_end = models.PositiveIntegerField("eindtijd (ms)", null=True, blank=True)

    class Meta:
        ordering = ["interview", "start"]
        constraints = [models.CheckConstraint(condition=START_BEFORE_END, name="segment_start_before_end")]
        # "end" too: a code-combination query reads the sentences of 200 interviews (250,000 rows) from the index
        # alone, 260 instead of 450 ms on SQLite (code_queries.unit_spans).
        indexes = [models.Index(fields=["interview", "kind", "start", "end"])]

    def __str__(self):
        return f"{self.kind} {self.start}-{self.end} {self.speaker}"


# --- speakers ---


class Speaker(models.Model):
    """A speaker of an interview as the researcher names it; Segment.speaker holds the same name."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField("naam", max_length=100)
    is_interviewer = models.BooleanField("interviewer", default=False)

    class Meta:
        ordering = ["-is_interviewer", "name"]
        verbose_name = "spreker"
        verbose_name_plural = "sprekers"
        constraints = [models.UniqueConstraint(fields=["interview", "name"], name="speaker_once_per_interview")]

    def __str__(self):
        return self.name

    INTERVIEWER_NAMES = {
        "i",
        "int",
        "interviewer",
        "interviewster",
        "interviewers",
        "onderzoeker",
        "onderzoekster",
        "vraag",
        "v",
    }

    @classmethod
    def looks_like_interviewer(cls, name):
        """ "Interviewer", "I", "I1", "Onderzoeker 2"… are marked as interviewer on import."""
        return name.rstrip("0123456789 ").casefold() in cls.INTERVIEWER_NAMES

    @transaction.atomic
    def rename(self, name):
        """Rename the speaker in its turns and sentences; a name another speaker has merges the two
        (the merged speaker is an interviewer when either was). Returns the speaker that remains."""
        name = " ".join(name.split())[:100]
        other = self.interview.speakers.filter(name=name).exclude(pk=self.pk).first()
        self.interview.segments.filter(speaker=self.name).update(speaker=name)
        if other is None:
            self.name = name
            self.save(update_fields=["name"])
            return self
        if self.is_interviewer and not other.is_interviewer:
            other.is_interviewer = True
            other.save(update_fields=["is_interviewer"])
        self.delete()
        return other
