"""How far the coding of each interview is: per coder their passages and themes, and the mark a coder sets when
they have coded an interview completely ("volledig gecodeerd")."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone

from .coding import Passage
from .history import Action, Source, Subject
from .interviews import Interview


class InterviewProgress(models.Model):
    """A coder's mark on an interview: coded completely, since `done_at`. No row: not (yet) marked."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="progress_marks")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField("volledig gecodeerd op", default=timezone.now)

    class Meta:
        verbose_name = "codeervoortgang"
        verbose_name_plural = "codeervoortgang"
        constraints = [models.UniqueConstraint(fields=["interview", "coder"], name="one_progress_mark_per_coder")]

    def __str__(self):
        return f"{self.interview} volledig gecodeerd door {self.coder}"

    @classmethod
    @transaction.atomic
    def mark(cls, interview, coder, done, source=Source.BROWSER):
        """Set (done) or clear the coder's mark and record it in the history; False when it already was so."""
        if done:
            changed = cls.objects.get_or_create(interview=interview, coder=coder)[1]
        else:
            changed = cls.objects.filter(interview=interview, coder=coder).delete()[0] > 0
        if changed:
            Action.record(
                interview.project,
                coder,
                Subject.INTERVIEW,
                "update",
                subject_id=interview.pk,
                label=interview.title,
                before={"coded_completely": not done},
                after={"coded_completely": done},
                interview=interview,
                source=source,
            )
        return changed


@dataclass
class CoderProgress:
    coder: str
    coder_id: int
    passages: int = 0
    themes: int = 0
    done_at: object = None


def coding_progress(interview_ids):
    """{interview id: [CoderProgress]} for the given interviews: every coder with passages there or a mark, by
    name. Two queries whatever the number of interviews (a list page holds at most 200)."""
    found = {}
    counts = (
        Passage.objects.filter(interview_id__in=interview_ids)
        .order_by()
        .values("interview_id", "coder_id", "coder__username")
        .annotate(passages=Count("pk", distinct=True), themes=Count("codings__tag", distinct=True))
    )
    for row in counts:
        found[(row["interview_id"], row["coder_id"])] = CoderProgress(
            row["coder__username"], row["coder_id"], row["passages"], row["themes"]
        )
    marks = InterviewProgress.objects.filter(interview_id__in=interview_ids).values_list(
        "interview_id", "coder_id", "coder__username", "done_at"
    )
    for interview_id, coder_id, name, done_at in marks:
        found.setdefault((interview_id, coder_id), CoderProgress(name, coder_id)).done_at = done_at
    by_interview = {}
    for (interview_id, _), progress in sorted(found.items(), key=lambda item: item[1].coder.lower()):
        by_interview.setdefault(interview_id, []).append(progress)
    return by_interview
