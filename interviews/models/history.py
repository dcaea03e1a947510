"""History: one Action per thing a user did, with what it changed before and after, so that a team can say
who coded what, when and from where, and take a slip back.

One model of our own rather than django-simple-history or django-pghistory: those keep a history row per
saved row (a recode is a passage row plus a coding row per theme, a merge hundreds), so "the user's last
action" and its undo would have to be put together again from rows; here an action is one row whose
`before` and `after` hold the rows it touched, as plain JSON. Undo replays `before` as a new action.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .interviews import Interview
from .projects import Project


class Source(models.TextChoices):
    """Where an action came from."""

    BROWSER = "browser", "browser"
    IMPORT = "import", "import"
    SEARCH = "search", "zoeken en coderen"
    SUGGESTION = "suggestion", "suggestie"
    COMMAND = "command", "opdrachtregel"
    API = "api", "API"


class Subject(models.TextChoices):
    """What kind of thing an action changed."""

    PASSAGE = "passage", "passage"
    THEME = "theme", "thema"
    MEMO = "memo", "memo"
    CASE_VALUE = "case_value", "variabele"
    MEMBER = "member", "lid"
    INTERVIEW = "interview", "interview"
    PROJECT = "project", "project"


class ActionQuerySet(models.QuerySet):
    def in_project(self, project):
        return self.filter(project=project)

    def by_user(self, user):
        return self.filter(user=user)

    def undoable_by(self, user, interview):
        """The user's own actions on an interview's passages that are not undone: the newest is undone first."""
        return self.filter(user=user, interview=interview, subject=Subject.PASSAGE, undone_at=None).order_by("-pk")


class Action(models.Model):
    """One user action: `verb` on a `subject` (its id, and a label that survives its deletion), with the rows
    it touched as they were `before` and `after` (JSON, {} when there was nothing)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="actions")
    interview = models.ForeignKey(Interview, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.BROWSER)
    subject = models.CharField(max_length=12, choices=Subject.choices)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    label = models.CharField(max_length=200, blank=True)  # e.g. the theme's name or the passage's first words
    verb = models.CharField(max_length=20)  # create, update, delete, recode, move, merge, restore, undo, redo, ...
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    # An undo is an action of its own (verb "undo") that points to what it took back; a redo points to the undo.
    reverts = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["project", "-at"], name="action_project_at"),
            models.Index(fields=["user", "interview", "-id"], name="action_user_interview"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user}: {self.verb} {self.subject} {self.label}"

    @classmethod
    def record(
        cls,
        project,
        user,
        subject,
        verb,
        *,
        subject_id=None,
        label="",
        before=None,
        after=None,
        interview=None,
        source=Source.BROWSER,
        reverts=None,
    ):
        """Store one action; call it inside the transaction that makes the change, so both or neither stay."""
        return cls.objects.create(
            project=project,
            interview=interview,
            user=user if user is not None and user.is_authenticated else None,
            subject=subject,
            subject_id=subject_id,
            label=label[:200],
            verb=verb,
            before=before or {},
            after=after or {},
            source=source,
            reverts=reverts,
        )
