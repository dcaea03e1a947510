"""Personal API tokens: how a script in R or Python acts as its user through /api/v1/ (interviews/views/api/).

Only a SHA-256 of the secret is stored. The secret is 32 random bytes (secrets.token_urlsafe), so a fast hash is
enough: there is nothing to guess, and a salted slow hash would cost every API request a fraction of a second. A
token never grants more than its user's membership (the API checks the role on every request) and a read-only token
never writes.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .projects import Project

PREFIX = "im_"  # so a leaked token is recognisable (and searchable) as one of ours
LAST_USED_STEP = datetime.timedelta(minutes=1)  # last_used_at is written at most once a minute per token


def digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class Scope(models.TextChoices):
    READ = "read", _("alleen lezen")
    WRITE = "write", _("lezen en schrijven")


class ApiTokenQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)

    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at=None, expires_at__gt=now)

    def for_secret(self, secret):
        """The usable token of this secret, with its user and project, or None."""
        if not secret.startswith(PREFIX) or len(secret) > 100:
            return None
        found = self.usable().select_related("user", "project").filter(key_hash=digest(secret)).first()
        return found if found and found.user.is_active else None


class ApiToken(models.Model):
    """A user's personal token: read or read-write, for one project or all of theirs, until it expires."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("naam"), max_length=100)
    scope = models.CharField(_("rechten"), max_length=5, choices=Scope.choices, default=Scope.READ)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens"
    )  # None: every project the user is a member of
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(max_length=12)  # the first characters of the secret, to tell tokens apart
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def issue(cls, user, name, scope, project, expires_at):
        """(token, secret): a new saved token and the secret to show once (it is not kept)."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            scope=scope,
            project=project,
            expires_at=expires_at,
            key_hash=digest(secret),
            key_prefix=secret[: len(PREFIX) + 6],
        )
        return token, secret

    @property
    def can_write(self):
        return self.scope == Scope.WRITE

    @property
    def state(self):
        if self.revoked_at:
            return _("ingetrokken")
        return _("verlopen") if self.expires_at <= timezone.now() else _("geldig")

    @property
    def last_day(self):
        """The last day the token works (it expires at the midnight after it, in the site's time zone)."""
        return timezone.localtime(self.expires_at - datetime.timedelta(microseconds=1)).date()

    def projects(self):
        """The projects this token reaches: its own, or every project of its user."""
        found = Project.objects.for_user(self.user)
        return found.filter(pk=self.project_id) if self.project_id else found

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def note_use(self, now=None):
        """Keep when the token was last used, writing at most once a minute (an API loop would otherwise write
        a row for every request)."""
        now = now or timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_STEP:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
