"""History: one Action per thing a user did, with what it changed before and after, so that a team can say
who coded what, when and from where, and take a slip back.

One model of our own rather than django-simple-history or django-pghistory: those keep a history row per
saved row (a recode is a passage row plus a coding row per theme, a merge hundreds), so "the user's last
action" and its undo would have to be put together again from rows; here an action is one row whose
`before` and `after` hold the rows it touched, as plain JSON. Undo replays `before` as a new action.
"""

import datetime
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KT
from django.utils import timezone

from .api_tokens import ApiToken
from .coding import Passage
from .interviews import Interview
from .live import Clock, interview_clock, project_clock
from .projects import Project
from .variables import VariableValue


class Source(models.TextChoices):
    """Where an action came from."""

    BROWSER = "browser", "browser"
    IMPORT = "import", "import"
    SEARCH = "search", "zoeken en coderen"
    QUERY = "query", "zoekvraag op codes"
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
    ROUND = "round", "codeerronde"
    QUERY = "query", "zoekvraag"
    GRID = "grid", "samenvattingstabel"
    GRID_CELL = "grid_cell", "samenvatting"
    WORD_LIST = "word_list", "stopwoorden"
    TOKEN = "token", "API-sleutel"


# How the activity page says a verb, and what it calls a field of before/after.
VERBS = {
    "create": "maakte",
    "update": "wijzigde",
    "delete": "verwijderde",
    "merge": "voegde samen",
    "move": "verplaatste",
    "recode": "hercodeerde",
    "code": "codeerde",
    "import": "importeerde",
    "accept": "accepteerde",
    "reject": "wees af",
    "restore": "herstelde",
    "undo": "maakte ongedaan",
    "redo": "deed opnieuw",
    "start": "startte",
    "close": "sloot",
    "decide": "besliste over",
    "correct": "corrigeerde de tekst van",
}
FIELDS = {
    "name": "naam",
    "colour": "kleur",
    "parent": "bovenliggend thema",
    "definition": "definitie",
    "order": "volgorde",
    "title": "titel",
    "text": "tekst",
    "role": "rol",
    "municipality": "gemeente",
    "year": "jaar",
    "stakeholder_group": "groep",
    "interview_date": "datum",
    "labels": "labels",
    "value": "waarde",
    "count": "aantal",
    "codings": "coderingen",
    "target": "samengevoegd met",
    "themes": "thema's",
    "start": "begin",
    "end": "eind",
    "user": "gebruiker",
    "interviews": "interviews",
    "passages": "passages",
    "memo": "memo",
    "starred": "ster",
    "coded_completely": "volledig gecodeerd",
    "recording": "opname",
    "turn_time": "tijd van een beurt",
    "version": "versie van de tekst",
    "changes": "wijzigingen",
    "moved": "passages verschoven",
    "to_review": "passages na te kijken",
    "lost": "passages verloren",
    "pseudonymised": "vervangingen in de sleutel",
    "suggestions_or_decisions_dropped": "suggesties of besluiten vervallen",
    "before_edit": "woorden vóór de correctie",
}
# Ids the action's own columns already say (which passage, interview, coder): not repeated as changes.
UNSHOWN = {"id", "interview", "coder"}


THEME_KEYS = {"themes", "parent", "target"}  # before/after keys that hold theme ids


def blank(value):
    """None for an empty text or no value (an empty memo before, no passage after are the same: nothing)."""
    return None if value in ("", None) else value


def plain(value):
    """A value as plain JSON (dates as ISO text, decimals as text), as history keeps it."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def fields_of(instance, names):
    """The named fields of a row as plain JSON; foreign keys as their ids."""
    return plain({name: getattr(instance, instance._meta.get_field(name).attname) for name in names})


# The fields history keeps of a row, per subject (a theme has Theme.snapshot(), which adds its codings).
SNAPSHOT_FIELDS = {
    "memo": ["title", "text", "interview", "theme", "author", "created_at"],
    "member": ["user", "role"],
    "interview": ["title", "municipality", "year", "stakeholder_group", "interview_date"],
    "passage": ["start", "end", "coder"],
}


def snapshot(subject, instance):
    """A memo, membership, interview or passage as history keeps it (an interview with its labels' names, a
    passage with its theme ids)."""
    row = fields_of(instance, SNAPSHOT_FIELDS[subject])
    if subject == "passage":
        row["themes"] = sorted(instance.codings.values_list("tag_id", flat=True))
    if subject == "interview":
        row["labels"] = sorted(instance.labels.names())
    return row


def case_values(project):
    """{interview id: {variable name: value}} of a project, as plain JSON: what a sheet save is compared by."""
    found = {}
    for item in VariableValue.objects.filter(variable__project=project).select_related("variable"):
        found.setdefault(item.interview_id, {})[item.variable.name] = plain(item.value)
    return found


def changed(before, after):
    """(before, after) reduced to the keys whose values differ."""
    keys = [key for key in {**before, **after} if before.get(key) != after.get(key)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


class ActionQuerySet(models.QuerySet):
    def in_project(self, project):
        return self.filter(project=project)

    def by_user(self, user):
        return self.filter(user=user)

    def visible_to(self, user, project):
        """Leave out other people's actions on interviews where a blind round shows the user only their own
        passages (models/rounds.py): a passage action's label and before/after hold its text and span."""
        blind = Interview.objects.blind_for(user, project)
        return self.exclude(Q(interview_id__in=blind) & ~Q(user=user)) if blind else self

    def on_interview(self, interview):
        return self.filter(interview=interview)

    def on_theme(self, theme_id):
        """Actions on the theme itself, merges into it, and passage actions whose themes before or after (a
        list of ids, or of [id, origin, coded_at]) hold it, or that name it as `theme` (a reviewed suggestion).
        A regex on the list's JSON text works the same on SQLite and PostgreSQL, where JSON containment does not."""
        # A theme id stands first in a list item: [5, 12] (search, suggestions) or [[12, "manual", "…"]] (the
        # coding endpoints' snapshots), so digits inside a quoted timestamp never match.
        word = rf"(\[|,)\s*{int(theme_id)}\s*(,|\])"
        lists = Q(themes_before__regex=word) | Q(themes_after__regex=word) | Q(after__theme=theme_id)
        return self.alias(themes_before=KT("before__themes"), themes_after=KT("after__themes")).filter(
            Q(subject=Subject.THEME, subject_id=theme_id)
            | Q(subject=Subject.THEME, verb="merge", after__target=theme_id)
            | (Q(subject=Subject.PASSAGE) & lists)
        )

    def between(self, first_day=None, last_day=None):
        """Actions from the first day up to and including the last (days in the site's time zone); as a range
        of moments, so the index on `at` serves it."""

        def midnight(day):
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

        actions, edge = self, datetime.timedelta(days=2)  # the first and last days of the calendar limit nothing
        if first_day and first_day > datetime.date.min + edge:
            actions = actions.filter(at__gte=midnight(first_day))
        if last_day and last_day < datetime.date.max - edge:
            actions = actions.filter(at__lt=midnight(last_day + datetime.timedelta(days=1)))
        return actions

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
    # The personal token a change through the API was made with (source "api"); kept as a name once revoked.
    api_token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

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
    def build(
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
        api_token=None,
    ):
        """One action, not yet saved (for bulk_create); record() stores it. A change through the API names its
        token (its source is then API)."""
        return cls(
            project=project,
            interview=interview,
            user=user if user is not None and user.is_authenticated else None,
            subject=subject,
            subject_id=subject_id,
            label=label[:200],
            verb=verb,
            before=before or {},
            after=after or {},
            source=Source.API if api_token is not None else source,
            reverts=reverts,
            api_token=api_token,
        )

    @classmethod
    def record(cls, project, user, subject, verb, **kwargs):
        """Store one action; call it inside the transaction that makes the change, so both or neither stay."""
        action = cls.build(project, user, subject, verb, **kwargs)
        action.save(force_insert=True)
        cls.tick_clocks([action])
        return action

    @classmethod
    def build_passage(cls, project, user, verb, before, passage=None, *, passage_id=None, **kwargs):
        """An unsaved action on one passage, with the passage as it was (`before`, a Passage.snapshot() or {}) and
        as it is now (`passage`, None when it is gone), labelled with its first words."""
        after = passage.snapshot(getattr(passage, "new_codings", None)) if passage is not None else {}
        words = (after or before).get("text", "")
        subject_id = passage.pk if passage is not None else passage_id
        label = " ".join(words.split())[:80]
        return cls.build(
            project,
            user,
            Subject.PASSAGE,
            verb,
            subject_id=subject_id,
            label=label,
            before=before,
            after=after,
            **kwargs,
        )

    @classmethod
    def on_interview(cls, interview, user, verb, before, after, **kwargs):
        """Store one action on the interview itself (its text, recording or turn times)."""
        return cls.record(
            interview.project,
            user,
            Subject.INTERVIEW,
            verb,
            subject_id=interview.pk,
            label=interview.title,
            interview=interview,
            before=before,
            after=after,
            **kwargs,
        )

    @classmethod
    def store(cls, actions):
        """Store built actions at once (bulk_create) and raise the change counters they touch."""
        cls.tick_clocks(actions)
        return cls.objects.bulk_create(actions)

    @staticmethod
    def tick_clocks(actions):
        """Every recorded change raises the live counter of its interview (open workbenches fetch it anew), and a
        change to the codebook that of its project (every interview shows its themes). See models/live.py."""
        names = {interview_clock(a.interview_id) for a in actions if a.interview_id}
        names |= {project_clock(a.project_id) for a in actions if a.subject == Subject.THEME}
        Clock.tick(names)

    @classmethod
    def record_change(cls, project, user, subject, before, after, **kwargs):
        """Store an update with only the fields that changed; nothing (None) when nothing did."""
        before, after = changed(before, after)
        if not before:
            return None
        return cls.record(project, user, subject, kwargs.pop("verb", "update"), before=before, after=after, **kwargs)

    @classmethod
    def record_case_values(cls, project, user, before, source=Source.BROWSER):
        """One action per interview whose case values differ from `before` (taken with case_values())."""
        after, actions = case_values(project), []
        titles = dict(project.interviews.values_list("pk", "title"))
        for interview_id in sorted(set(before) | set(after)):
            old, new = changed(before.get(interview_id, {}), after.get(interview_id, {}))
            if old and interview_id in titles:
                action = cls.build(project, user, Subject.CASE_VALUE, "update", before=old, after=new, source=source)
                action.interview_id, action.subject_id, action.label = interview_id, interview_id, titles[interview_id]
                actions.append(action)
        return cls.store(actions)

    def sentence(self):
        """What happened, as the activity page says it: "wijzigde thema “knelpunten”"."""
        verb = VERBS.get(self.verb, self.verb)
        label = f" “{self.label}”" if self.label else ""
        return f"{verb} {self.get_subject_display()}{label}"

    def changes(self, width=60, theme_names=None):
        """Before → after in short: [(field, before, after)], long values cut to `width` characters, theme ids
        (themes, parent, target) as names when `theme_names` ({id: name}) is given."""
        names = theme_names or {}

        def theme(item):  # an id, or [id, origin, coded_at] in the coding endpoints' passage snapshots
            item = item[0] if isinstance(item, list) and item else item
            return names.get(item, item)

        def short(key, value):
            if key in THEME_KEYS and names:
                value = [theme(v) for v in value] if isinstance(value, list) else theme(value)
            if isinstance(value, list):
                return f"{len(value)}×" if len(value) > 5 else ", ".join(map(str, value)) or "—"
            if isinstance(value, bool):
                return "ja" if value else "nee"
            text = "—" if value in (None, "") else str(value)
            return text if len(text) <= width else text[: width - 1] + "…"

        keys = [  # what changed: a snapshot before and after holds every field, most of them the same
            key
            for key in {**self.before, **self.after}
            if not key.startswith("_")
            and key not in UNSHOWN
            and blank(self.before.get(key)) != blank(self.after.get(key))
        ]
        return [(FIELDS.get(k, k), short(k, self.before.get(k)), short(k, self.after.get(k))) for k in keys]

    @staticmethod
    def for_display(actions, project):
        """The actions as a list, each with `passage_link` (True when its passage still exists) and
        `change_list` (changes() with theme names): two queries whatever the number of actions."""
        actions = list(actions)
        ids = {action.passage_id for action in actions if action.passage_id}
        existing = set(Passage.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
        names = dict(project.themes.values_list("pk", "name"))
        for action in actions:
            action.passage_link = action.passage_id in existing
            action.change_list = action.changes(theme_names=names)
        return actions

    @property
    def passage_id(self):
        return self.subject_id if self.subject == Subject.PASSAGE else None
