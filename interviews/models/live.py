"""Live co-coding: a change counter per interview and per project, and who has an interview open.

The workbench asks every second whether anything changed (views/live.py). The answer comes from these rows, in
the database every app server already shares, so it holds with one gunicorn worker or several servers behind a
load balancer, with SQLite or PostgreSQL, and needs no Redis. A counter is raised in the transaction of the change
itself (history.Action.record, the one place every change passes), so a reader never sees the count of a change
that is not committed, and two changes to one interview take turns on its counter row: the count grows in the
order the changes commit, which a "newest action id" would not (ids are handed out before commit).
"""

import datetime

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from .interviews import Interview

PRESENT_FOR = datetime.timedelta(seconds=8)  # an open page counts as present this long after its last question
REFRESH_AFTER = datetime.timedelta(seconds=3)  # how often an open page's row is written (not on every question)


def interview_clock(interview_id):
    return f"interview:{interview_id}"


def project_clock(project_id):
    return f"project:{project_id}"


class Clock(models.Model):
    """A named change counter: "interview:12" (its passages, codings and memos), "project:3" (its themes)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} = {self.value}"

    @classmethod
    def tick(cls, names):
        """Raise each counter by one (made at 1 when new); call inside the change's transaction. One statement a
        counter, written by hand: the ORM's upsert (bulk_create update_conflicts) can only set a value, not add
        one, and update-then-insert costs three queries on a counter's first change and races a colleague's.
        INSERT ... ON CONFLICT DO UPDATE is the same on SQLite (3.24+) and PostgreSQL."""
        table, name_column = connection.ops.quote_name(cls._meta.db_table), connection.ops.quote_name("name")
        sql = (
            f"INSERT INTO {table} ({name_column}, value) VALUES (%s, 1) "
            f"ON CONFLICT ({name_column}) DO UPDATE SET value = {table}.value + 1"
        )
        with connection.cursor() as cursor:
            for name in sorted(set(names)):  # always in the same order, so two changes never wait on each other
                cursor.execute(sql, [name])

    @classmethod
    def read(cls, names):
        """{name: value} of the counters, 0 for one never raised."""
        found = dict(cls.objects.filter(name__in=names).values_list("name", "value"))
        return {name: found.get(name, 0) for name in names}


class Presence(models.Model):
    """A user has an interview open in the workbench (seen_at: the page's last question)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview", "user"], name="presence_once_per_user")]

    def __str__(self):
        return f"{self.user} in {self.interview}"

    @classmethod
    def here(cls, project, interview_id, user):
        """The users with this interview of the project open, as [(id, username, first name, last name)] sorted by
        id, after noting that `user` is one of them; None when the project has no such interview. One query on
        most questions: the read is limited to the project's interview, so the page's own fresh row in it proves
        the interview is there; only a page's first question (or one after its row expired) looks the interview
        up, and the row is written only every REFRESH_AFTER, not on every question."""
        low, high = connection.ops.integer_field_range(Interview._meta.pk.get_internal_type())
        if not low <= interview_id <= high:  # a lookup on the foreign key column does not check this itself
            return None
        now = timezone.now()
        rows = (
            cls.objects.filter(interview_id=interview_id, interview__project=project, seen_at__gte=now - PRESENT_FOR)
            .order_by("user_id")
            .values_list("user_id", "seen_at", "user__username", "user__first_name", "user__last_name")
        )
        rows = list(rows)
        mine = next((row for row in rows if row[0] == user.pk), None)
        if mine is None and not project.interviews.filter(pk=interview_id).exists():
            return None
        if mine is None or mine[1] < now - REFRESH_AFTER:
            cls.objects.bulk_create(
                [cls(interview_id=interview_id, user=user, seen_at=now)],
                update_conflicts=True,
                unique_fields=["interview", "user"],
                update_fields=["seen_at"],
            )
            if mine is None:
                rows = sorted([*rows, (user.pk, now, user.username, user.first_name, user.last_name)])
        return [(row[0], row[2], row[3], row[4]) for row in rows]

    @classmethod
    def leave(cls, interview, user):
        cls.objects.filter(interview=interview, user=user).delete()
