"""Projects (studies) and who is in them with which role."""

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", "eigenaar"
    CODER = "coder", "codeur"
    VIEWER = "viewer", "lezer"


class KeyPolicy(models.TextChoices):
    """Whether the key of a pseudonymisation (original → replacement) is kept, and for whom."""

    KEPT = "kept", "bewaard, zichtbaar voor eigenaren en codeurs"
    OWNERS = "owners", "bewaard, alleen zichtbaar voor eigenaren"
    NOT_KEPT = "none", "niet bewaard"


class CodebookPolicy(models.TextChoices):
    """Who may delete, merge and move themes: they change what every coder's codings mean."""

    OWNERS = "owners", _("alleen eigenaren verwijderen, samenvoegen en verplaatsen thema's")
    TEAM = "team", _("ook codeurs verwijderen, samenvoegen en verplaatsen thema's")


class ProjectQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(memberships__user=user)


class Project(models.Model):
    """A study: its interviews, codebook and members."""

    name = models.CharField("naam", max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField("beschrijving", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    pseudonym_key = models.CharField(
        "sleutel van de pseudonimisering", max_length=10, choices=KeyPolicy.choices, default=KeyPolicy.OWNERS
    )
    codebook_policy = models.CharField(
        _("wie het codeboek ordent"), max_length=10, choices=CodebookPolicy.choices, default=CodebookPolicy.OWNERS
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "project"
        verbose_name_plural = "projecten"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("interviews:project_detail", args=[self.slug])

    def role_of(self, user):
        """The user's role in this project, or None for an outsider."""
        if not user.is_authenticated:
            return None
        membership = self.memberships.filter(user=user).first()
        return membership.role if membership else None

    @classmethod
    def create_for(cls, owner, name, *, slug=None, **fields):
        """A new project with `owner` as its owner, both or neither stored. The slug is made unique from the
        name unless one is given; the name is cut to its field's length."""
        name = name[:200]
        with transaction.atomic():
            project = cls.objects.create(name=name, slug=slug or cls.unique_slug(name), **fields)
            Membership.objects.create(project=project, user=owner, role=Role.OWNER)
        return project

    @classmethod
    def unique_slug(cls, name):
        base = slugify(name)[:50] or "project"
        slug, n = base, 1
        while cls.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rol", max_length=10, choices=Role.choices, default=Role.CODER)

    class Meta:
        ordering = ["project", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "project"], name="membership_once_per_project")]

    def __str__(self):
        return f"{self.user} — {self.project} ({self.get_role_display()})"

    @property
    def can_write(self):
        return self.role in (Role.OWNER, Role.CODER)

    @property
    def is_owner(self):
        return self.role == Role.OWNER

    @property
    def may_restructure_codebook(self):
        """Delete, merge or move themes: owners, and coders too when the project's codebook policy is "team"."""
        return self.is_owner or (self.role == Role.CODER and self.project.codebook_policy == CodebookPolicy.TEAM)
