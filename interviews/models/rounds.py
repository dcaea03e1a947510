"""Blind coding rounds and the consensus that follows them.

A `CodingRound` asks two or more coders to code a set of interviews with a set of themes, each without seeing
the others' work, before a deadline. While a round is open, a coder of the round sees on the round's interviews
only their own passages: every page, export and endpoint reads passages through
`Passage.objects.visible_to(user, project)` (models/coding.py), which asks `Interview.objects.blind_for()` which
interviews to hide others' passages on. The rule, in full:

- a coder of an open round sees, on that round's interviews, only their own passages (with all their codings,
  whatever the theme: a passage's themes are one choice) and nobody else's, whatever its themes;
- the project's owners always see everything (they set the round up; an owner who codes in a round is not blind);
- everyone else (viewers, coders outside the round) sees everything: they do not code in the round, so they
  cannot be swayed; a report writer who wants only settled codings waits for the round to close;
- closing the round opens the view for everyone.

After the round closes, the disagreement review (views/review.py) settles, per interview, each stretch where
the coders differ; each settlement is a `ConsensusDecision` and writes passages of the round's consensus coder
(the project's "consensus" user, or one of the coders chosen when the round was started).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .coding import Passage, Theme
from .history import Action, Subject
from .interviews import START_BEFORE_END, Interview
from .projects import Membership, Project, Role


class RoundState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("gesloten")


class CodingRoundQuerySet(models.QuerySet):
    def open_for(self, project):
        """The project's open rounds."""
        return self.filter(project=project, state=RoundState.OPEN)

    def closed(self):
        return self.filter(state=RoundState.CLOSED)

    def with_counts(self):
        return self.annotate(
            interview_count=Count("interviews", distinct=True),
            theme_count=Count("themes", distinct=True),
            coder_count=Count("coders", distinct=True),
        )


def consensus_user(project):
    """The project's "consensus" user: an account nobody logs in with, member of the project as a coder, whose
    passages are the settled codings. Made on first use; its username is unique per project."""
    users = get_user_model()
    username = f"consensus-{project.pk}"
    user, created = users.objects.get_or_create(
        username=username, defaults={"first_name": "consensus", "last_name": f"({project.name})"[:150]}
    )
    if created:
        user.set_unusable_password()
        user.is_active = False
        user.save(update_fields=["password", "is_active"])
    Membership.objects.get_or_create(project=project, user=user, defaults={"role": Role.CODER})
    return user


class CodingRound(models.Model):
    """Coders code interviews with themes blind to each other until the round is closed."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="coding_rounds")
    name = models.CharField(_("naam"), max_length=200)
    interviews = models.ManyToManyField(Interview, related_name="coding_rounds", verbose_name=_("interviews"))
    themes = models.ManyToManyField(Theme, related_name="coding_rounds", verbose_name=_("thema's"))
    coders = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="coding_rounds", verbose_name=_("codeurs"))
    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("status"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    consensus_coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consensus vastleggen als"),
        on_delete=models.PROTECT,
        related_name="consensus_rounds",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CodingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("codeerronde")
        verbose_name_plural = _("codeerrondes")
        constraints = [
            models.CheckConstraint(
                condition=Q(state=RoundState.OPEN, closed_at=None)
                | Q(state=RoundState.CLOSED, closed_at__isnull=False),
                name="round_closed_at_when_closed",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.state == RoundState.OPEN

    def snapshot(self):
        """The round as history keeps it."""
        return {
            "name": self.name,
            "deadline": self.deadline.isoformat(),
            "state": self.state,
            "interviews": sorted(self.interviews.values_list("pk", flat=True)),
            "themes": sorted(self.themes.values_list("pk", flat=True)),
            "coders": sorted(self.coders.values_list("pk", flat=True)),
            "consensus_coder": self.consensus_coder_id,
        }

    def close(self, user):
        """Close the round: from now on everyone sees every coder's passages on its interviews."""
        self.state, self.closed_at, self.closed_by = RoundState.CLOSED, timezone.now(), user
        self.save(update_fields=["state", "closed_at", "closed_by"])

    def round_passages(self):
        """The coders' passages on the round's interviews (any theme), what agreement and review compare."""
        return Passage.objects.filter(interview__in=self.interviews.all(), coder__in=self.coders.all())

    def progress(self):
        """[(coder, interviews with at least one of their passages, passages)] in username order."""
        counts = {
            row["coder"]: (row["interviews"], row["passages"])
            for row in self.round_passages()
            .order_by()
            .values("coder")
            .annotate(interviews=Count("interview", distinct=True), passages=Count("pk"))
        }
        return [(coder, *counts.get(coder.pk, (0, 0))) for coder in self.coders.order_by("username")]


class Choice(models.TextChoices):
    """How a disagreement was settled."""

    KEEP_A = "keep_a", _("A behouden")
    KEEP_B = "keep_b", _("B behouden")
    KEEP_BOTH = "keep_both", _("beide behouden")
    EDITED = "edited", _("span aangepast")
    NEW = "new", _("opnieuw gecodeerd")


class ConsensusDecision(models.Model):
    """One settled disagreement of a round on an interview: the stretch [start, end) where the coders differed
    on `theme`, what was chosen, and the consensus coder's passages it wrote."""

    round = models.ForeignKey(CodingRound, on_delete=models.CASCADE, related_name="decisions")
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="consensus_decisions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="consensus_decisions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    choice = models.CharField(_("besluit"), max_length=10, choices=Choice.choices)
    passages = models.ManyToManyField(Passage, related_name="consensus_decisions", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["interview", "start", "end", "theme"]
        verbose_name = _("consensusbesluit")
        verbose_name_plural = _("consensusbesluiten")
        constraints = [
            models.CheckConstraint(condition=START_BEFORE_END, name="decision_start_before_end"),
            models.UniqueConstraint(
                fields=["round", "interview", "theme", "start", "end"], name="decision_once_per_stretch"
            ),
        ]

    def __str__(self):
        return f"{self.round} {self.interview} [{self.start}:{self.end}] {self.get_choice_display()}"


def settle(coding_round, interview, stretch, choice, user, theme, spans=None):
    """Settle one disagreement (a disagreements.Stretch, its theme an id) of the round on the interview: write
    the chosen spans as passages of the round's consensus coder coded with `theme` (the stretch's, or another
    for "new"), record each in the history, and the decision itself. `spans`: the (start, end) pairs for
    "edited" and "new". Returns the decision; ValueError when the stretch was settled already, or the text was
    corrected since `interview` was read."""
    chosen = {
        Choice.KEEP_A: stretch.a,
        Choice.KEEP_B: stretch.b,
        Choice.KEEP_BOTH: stretch.both(),
    }.get(choice, spans or [])
    with transaction.atomic():
        if not interview.text_still_current():  # locks the row: no correction moves the text under the passages
            raise ValueError(
                _("De tekst is intussen gecorrigeerd; er is niets besloten. Bekijk de onenigheden opnieuw.")
            )
        decision, created = ConsensusDecision.objects.get_or_create(
            round=coding_round,
            interview=interview,
            theme_id=stretch.theme,
            start=stretch.start,
            end=stretch.end,
            defaults={"choice": choice, "decided_by": user},
        )
        if not created:
            raise ValueError(_("Over deze onenigheid is al besloten."))
        for start, end in chosen:
            passage, made = Passage.code_span(interview, coding_round.consensus_coder, start, end, [theme])
            before = {} if made else passage.was
            Action.record(
                coding_round.project,
                user,
                Subject.PASSAGE,
                "create" if made else "recode",
                subject_id=passage.pk,
                label=passage.text[:80],
                before=before,
                after=passage.snapshot(),
                interview=interview,
            )
            decision.passages.add(passage)
    return decision
