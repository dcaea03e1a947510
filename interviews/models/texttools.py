"""Text tools: the lemma index, theme rules and the suggestions they make."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from .coding import Origin, Passage, Theme
from .history import Action, Source, Subject, snapshot
from .interviews import START_BEFORE_END, Interview


class TokenQuerySet(models.QuerySet):
    def in_interviews(self, interviews):
        return self.filter(interview__in=interviews)


class Token(models.Model):
    """One word of an interview with its lower-case form and lemma: the index that search and theme rules
    run on, built once per interview (`textsearch.index_interview`). Punctuation and white space are left out;
    `position` counts the interview's words from 0, `sentence` its sentences (nlp.tokens)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="tokens")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    lower = models.CharField(max_length=100)
    lemma = models.CharField(max_length=100)
    sentence = models.PositiveIntegerField()
    # A word of a speaker label ("[00:12:03] Wethouder:"): searchable, but not counted as a word of the text.
    label = models.BooleanField(default=False)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "position"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "position"], name="token_position_once"),
            models.CheckConstraint(condition=START_BEFORE_END, name="token_start_before_end"),
        ]
        # (lemma, interview) and (lower, interview): a search reads only the index entries of its word;
        # (interview, start): word frequencies read only the words inside passages or hits.
        indexes = [
            models.Index(fields=["lemma", "interview"]),
            models.Index(fields=["lower", "interview"]),
            models.Index(fields=["interview", "start"], name="token_interview_start"),
        ]

    def __str__(self):
        return f"{self.lower} ({self.lemma})"


class ThemeRuleQuerySet(models.QuerySet):
    def with_counts(self):
        """Annotate pending, accepted and rejected: the rule's suggestions by status."""
        status = Suggestion.Status
        return self.annotate(
            **{
                name: Count("suggestions", filter=Q(suggestions__status=value))
                for name, value in (
                    ("pending", status.PENDING),
                    ("accepted", status.ACCEPTED),
                    ("rejected", status.REJECTED),
                )
            }
        )


class ThemeRule(models.Model):
    """Words and phrases (one a line, matched by lemma) that suggest a theme for the sentences or speaker
    turns containing them."""

    class Unit(models.TextChoices):
        SENTENCE = "sentence", "zin"
        TURN = "turn", "sprekersbeurt"

    theme = models.ForeignKey(Theme, verbose_name="thema", on_delete=models.CASCADE, related_name="rules")
    terms = models.TextField(
        "woorden en zinsdelen", help_text="Eén woord of zinsdeel per regel; alle vormen tellen mee."
    )
    unit = models.CharField("eenheid", max_length=10, choices=Unit.choices, default=Unit.SENTENCE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ThemeRuleQuerySet.as_manager()

    class Meta:
        ordering = ["theme__name", "created_at"]
        verbose_name = "themaregel"
        verbose_name_plural = "themaregels"

    def __str__(self):
        return f"{self.theme}: {', '.join(self.term_list())}"

    def term_list(self):
        return [line.strip() for line in self.terms.splitlines() if line.strip()]

    @property
    def precision(self):
        """Accepted among reviewed, as a percentage (needs with_counts()); None before any review."""
        reviewed = self.accepted + self.rejected
        return round(100 * self.accepted / reviewed) if reviewed else None


class Suggestion(models.Model):
    """A theme a rule suggests for a sentence or turn. Kept apart from codings: it counts nowhere until a
    researcher accepts it, which makes it their coding (origin "suggestion")."""

    class Status(models.TextChoices):
        PENDING = "pending", "te beoordelen"
        ACCEPTED = "accepted", "geaccepteerd"
        REJECTED = "rejected", "afgewezen"

    rule = models.ForeignKey(ThemeRule, on_delete=models.CASCADE, related_name="suggestions")
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="suggestions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    triggers = models.JSONField(default=list)  # [[start, end], …] of the words that matched
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    passage = models.ForeignKey(Passage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["interview", "start", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "interview", "start", "end"], name="suggestion_once_per_unit"),
            models.CheckConstraint(condition=START_BEFORE_END, name="suggestion_start_before_end"),
        ]
        indexes = [models.Index(fields=["rule", "status"])]

    def __str__(self):
        return f"{self.rule.theme} → {self.interview} [{self.start}:{self.end}]"

    def _claim(self, user, status):
        """Mark the suggestion reviewed unless someone did so already; True when this call did."""
        now = timezone.now()
        done = Suggestion.objects.filter(pk=self.pk, status=self.Status.PENDING).update(
            status=status, reviewed_by=user, reviewed_at=now
        )
        self.status, self.reviewed_by, self.reviewed_at = status, user, now
        return bool(done)

    @transaction.atomic
    def accept(self, user):
        """The suggestion becomes `user`'s coding (origin "suggestion"); False when already reviewed. The
        interview's row is locked first and the offsets and text read again: a correction that committed since
        this object was read moved the suggestion with the text (or dropped it: then False too)."""
        Interview.objects.select_for_update().filter(pk=self.interview_id).exists()
        now = Suggestion.objects.filter(pk=self.pk).values_list("start", "end").first()
        if now is None:
            return False
        self.start, self.end = now
        self.interview.text = Interview.objects.filter(pk=self.interview_id).values_list("text", flat=True).get()
        if not self._claim(user, self.Status.ACCEPTED):
            return False
        self.passage, created = Passage.code_span(self.interview, user, self.start, self.end, [])
        before = {} if created else snapshot(Subject.PASSAGE, self.passage)
        self.passage.code([self.rule.theme], origin=Origin.SUGGESTION)
        Suggestion.objects.filter(pk=self.pk).update(passage=self.passage)
        after = snapshot(Subject.PASSAGE, self.passage) | {"suggestion": self.pk}
        self._record(user, "accept", before, after, subject_id=self.passage.pk)
        return True

    @transaction.atomic
    def reject(self, user):
        if not self._claim(user, self.Status.REJECTED):
            return False
        self._record(user, "reject", {}, {"suggestion": self.pk, "start": self.start, "end": self.end})
        return True

    def _record(self, user, verb, before, after, subject_id=None):
        """History: a reviewed suggestion, as a passage action from source "suggestion" (label: the theme)."""
        theme = self.rule.theme
        Action.record(
            self.interview.project,
            user,
            Subject.PASSAGE,
            verb,
            subject_id=subject_id,
            label=theme.name,
            before=before,
            after=after | {"theme": theme.pk},
            interview=self.interview,
            source=Source.SUGGESTION,
        )
