from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from monitor.models import Municipality

from .transcripts import find_turns

START_BEFORE_END = Q(start__gte=0) & Q(start__lt=F("end"))


class Role(models.TextChoices):
    OWNER = "owner", "eigenaar"
    CODER = "coder", "codeur"
    VIEWER = "viewer", "lezer"


class StakeholderGroup(models.TextChoices):
    MUNICIPALITY = "gemeente", "gemeente"
    MIDWIFE = "verloskunde", "verloskundige"
    MATERNITY = "kraamzorg", "kraamzorg"
    YOUTH_HEALTH = "jgz", "jeugdgezondheidszorg"
    DISTRICT_TEAM = "wijkteam", "wijkteam"
    SOCIAL_WORK = "sociaal_domein", "sociaal domein"
    PARENT = "ouder", "ouder"
    OTHER = "overig", "overig"


class ProjectQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(memberships__user=user)


class Project(models.Model):
    """A study: its interviews, codebook and members."""

    name = models.CharField("naam", max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField("beschrijving", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "project"
        verbose_name_plural = "projecten"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("project_detail", args=[self.slug])

    def role_of(self, user):
        """The user's role in this project, or None for an outsider."""
        if not user.is_authenticated:
            return None
        membership = self.memberships.filter(user=user).first()
        return membership.role if membership else None

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


class InterviewQuerySet(models.QuerySet):
    def with_coding_counts(self):
        return self.annotate(
            passage_count=Count("passages", distinct=True),
            coding_count=Count("passages__codings", distinct=True),
        )

    def filter_by(self, stakeholder_group=None, municipality=None, year=None):
        qs = self
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
        Municipality, verbose_name="gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="interviews"
    )
    year = models.PositiveSmallIntegerField("jaar", null=True, blank=True)
    stakeholder_group = models.CharField("stakeholdergroep", max_length=20, choices=StakeholderGroup.choices, blank=True)
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
            models.CheckConstraint(condition=Q(year__isnull=True) | Q(year__gte=1990, year__lte=2100),
                                   name="interview_year_range"),
        ]
        indexes = [models.Index(fields=["project", "source_sha256"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("interview_detail", args=[self.project.slug, self.pk])

    @property
    def word_count(self):
        return len(self.text.split())

    @classmethod
    @transaction.atomic
    def create_with_turns(cls, project, title, text, labels=(), **fields):
        """A new interview over canonical `text`, with its speaker-turn segments and free labels."""
        interview = cls.objects.create(project=project, title=title, text=text, **fields)
        Segment.objects.bulk_create(
            Segment(interview=interview, kind=Segment.Kind.TURN, start=start, end=end, speaker=speaker[:100])
            for start, end, speaker in find_turns(text)
        )
        if labels:
            interview.labels.add(*labels)
        return interview


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

    class Meta:
        ordering = ["interview", "start"]
        constraints = [models.CheckConstraint(condition=START_BEFORE_END, name="segment_start_before_end")]
        indexes = [models.Index(fields=["interview", "kind", "start"])]

    def __str__(self):
        return f"{self.kind} {self.start}-{self.end} {self.speaker}"


class ThemeQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            passage_count=Count("codings", distinct=True),
            interview_count=Count("codings__content_object__interview", distinct=True),
        )

    def in_tree_order(self):
        """The themes depth first, siblings by (order, name); each gets .depth and .subthemes.

        A theme whose parent is not in this queryset is shown at the top level.
        """
        themes = sorted(self, key=lambda t: (t.order, t.name.casefold(), t.pk))
        by_id = {t.pk: t for t in themes}
        roots = []
        for theme in themes:
            theme.subthemes = []
        for theme in themes:
            parent = by_id.get(theme.parent_id)
            (parent.subthemes if parent else roots).append(theme)
        ordered, stack = [], [(t, 0) for t in reversed(roots)]
        while stack:
            theme, depth = stack.pop()
            theme.depth = depth
            ordered.append(theme)
            stack.extend((child, depth + 1) for child in reversed(theme.subthemes))
        return ordered

    def tree_with_counts(self):
        """in_tree_order() with passage and interview counts for each theme itself and its whole subtree.

        Two queries whatever the number of themes; a passage coded with several themes of one subtree
        counts once for that subtree.
        """
        themes = self.in_tree_order()
        own = {t.pk: (set(), set()) for t in themes}
        rows = Coding.objects.filter(tag__in=self.values("pk")).values_list(
            "tag_id", "content_object_id", "content_object__interview_id"
        )
        for theme_id, passage_id, interview_id in rows:
            own[theme_id][0].add(passage_id)
            own[theme_id][1].add(interview_id)
        subtree = {}
        for theme in reversed(themes):  # depth first: every child comes after its parent
            passages, interviews = set(own[theme.pk][0]), set(own[theme.pk][1])
            for child in theme.subthemes:
                passages |= subtree[child.pk][0]
                interviews |= subtree[child.pk][1]
            subtree[theme.pk] = (passages, interviews)
            theme.passage_count, theme.interview_count = len(own[theme.pk][0]), len(own[theme.pk][1])
            theme.tree_passage_count, theme.tree_interview_count = len(passages), len(interviews)
        return themes


class Theme(TagBase):
    """A code in a project's codebook: a taggit tag whose name is unique per project."""

    # TagBase makes name and slug unique across all tags; here they are unique per project.
    name = models.CharField("naam", max_length=100)
    slug = models.SlugField(max_length=100, allow_unicode=True)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey(
        "self", verbose_name="bovenliggend thema", on_delete=models.PROTECT, null=True, blank=True,
        related_name="children",
    )
    colour = models.CharField("kleur", max_length=7, default="#f2c94c")
    definition = models.TextField("definitie", blank=True)
    order = models.PositiveIntegerField("volgorde", default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "thema"
        verbose_name_plural = "thema's"
        constraints = [
            models.UniqueConstraint(Lower("name"), "project", name="theme_name_unique_per_project"),
            models.UniqueConstraint(fields=["project", "slug"], name="theme_slug_unique_per_project"),
            models.CheckConstraint(condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="theme_colour_hex"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="theme_not_own_parent"),
        ]

    def save(self, *args, **kwargs):
        # taggit makes the slug unique across every project's tags; ours only needs it per project.
        if not self.slug:
            base = slugify(self.name, allow_unicode=True)[:90] or "thema"
            slug, n = base, 1
            while Theme.objects.filter(project_id=self.project_id, slug=slug).exclude(pk=self.pk).exists():
                n += 1
                slug = f"{base}-{n}"
            self.slug = slug
        return models.Model.save(self, *args, **kwargs)

    def ancestors(self):
        """From the parent up to the root."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def descendant_ids(self):
        """Ids of this theme and every theme below it."""
        pairs = list(Theme.objects.filter(project_id=self.project_id).values_list("id", "parent_id"))
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = [tid for tid, parent in pairs if parent in frontier and tid not in ids]
            ids.update(frontier)
        return ids

    def descendants(self):
        return Theme.objects.filter(pk__in=self.descendant_ids())

    @transaction.atomic
    def merge_into(self, target):
        """Move every coding, child and memo of this theme to `target`, then delete this theme."""
        if target.project_id != self.project_id or target.pk in self.descendant_ids():
            raise ValueError("Een thema kan alleen samengaan met een ander thema buiten zijn eigen tak.")
        already = Coding.objects.filter(tag=target).values("content_object_id")
        Coding.objects.filter(tag=self, content_object_id__in=already).delete()
        Coding.objects.filter(tag=self).update(tag=target)
        self.children.update(parent=target)
        self.memos.update(theme=target)
        self.delete()

    @transaction.atomic
    def delete_with_codings(self):
        """Delete the theme and its codings; its children move up to its parent."""
        self.children.update(parent=self.parent)
        Coding.objects.filter(tag=self).delete()
        self.delete()


class Origin(models.TextChoices):
    MANUAL = "manual", "handmatig"
    SUGGESTION = "suggestion", "geaccepteerde suggestie"
    SEARCH = "search", "zoeken en coderen"
    IMPORT = "import", "import"


class PassageQuerySet(models.QuerySet):
    def by_coder(self, user):
        return self.filter(coder=user)

    def for_themes(self, themes):
        return self.filter(codings__tag__in=themes).distinct()


class Passage(models.Model):
    """One coder's selection in an interview; `text` is a copy of interview.text[start:end]."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="passages")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="passages")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    memo = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    themes = TaggableManager(through="Coding", blank=True)
    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "start", "end"]
        constraints = [models.CheckConstraint(condition=START_BEFORE_END, name="passage_start_before_end")]
        indexes = [models.Index(fields=["interview", "start"])]

    def __str__(self):
        return f"{self.interview} [{self.start}:{self.end}]"

    @classmethod
    def select(cls, interview, coder, start, end, memo=""):
        """A new, unsaved passage over interview.text[start:end], or ValueError when the span is not in the text."""
        if not (0 <= start < end <= len(interview.text)):
            raise ValueError(f"De selectie {start}–{end} valt buiten de tekst (0–{len(interview.text)}).")
        return cls(interview=interview, coder=coder, start=start, end=end, text=interview.text[start:end], memo=memo)

    def code(self, themes, origin=Origin.MANUAL):
        """Apply themes (objects of this passage's project, never strings) to the passage."""
        themes = list(themes)
        if any(t.project_id != self.interview.project_id for t in themes):
            raise ValueError("Een thema van een ander project kan hier niet gebruikt worden.")
        self.themes.add(*themes, through_defaults={"origin": origin})


class Coding(ItemBase):
    """A theme applied to a passage: taggit's through model, with when and how."""

    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    content_object = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="codings")
    coded_at = models.DateTimeField(default=timezone.now)
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.MANUAL)

    class Meta:
        verbose_name = "codering"
        verbose_name_plural = "coderingen"
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="coding_once_per_theme")]

    def __str__(self):
        return f"{self.tag} → {self.content_object}"


class Memo(models.Model):
    """A researcher's note on the project, an interview or a theme."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memos")
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    title = models.CharField("titel", max_length=200)
    text = models.TextField("tekst")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memos")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interview__isnull=True) | Q(theme__isnull=True), name="memo_on_one_thing"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def subject(self):
        return self.interview or self.theme or self.project
