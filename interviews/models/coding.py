"""Coding: the project's themes (a taggit tag tree), passages, their codings, and memos."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Greatest, Lower, Substr
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from ..spans import OUTSIDE, word_context
from .bulk_coding import PassageBulk
from .interviews import START_BEFORE_END, Interview
from .projects import Project
from .snapshots import PassageSnapshots, ThemeSnapshots

# Colours for themes made while coding (new theme, in vivo): distinct, and dark text stays readable on them.
THEME_PALETTE = [
    "#2d9cdb",
    "#eb5757",
    "#27ae60",
    "#f2994a",
    "#9b51e0",
    "#56ccf2",
    "#f2c94c",
    "#6fcf97",
    "#bb6bd9",
    "#e0a96d",
]


class ThemeQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            passage_count=Count("codings", distinct=True),
            interview_count=Count("codings__content_object__interview", distinct=True),
        )

    def in_tree_order(self):
        """The themes depth first, siblings by (order, name); each gets .depth and .subthemes. A theme whose
        parent is not in this queryset is shown at the top level."""
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
        """in_tree_order() with passage and interview counts for each theme itself and its whole subtree: two
        queries whatever the number of themes; a passage with several themes of one subtree counts once for it."""
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


class Theme(ThemeSnapshots, TagBase):
    """A code in a project's codebook: a taggit tag whose name is unique per project."""

    # TagBase makes name and slug unique across all tags; here they are unique per project.
    name = models.CharField("naam", max_length=100)
    slug = models.SlugField(max_length=100, allow_unicode=True)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey(
        "self",
        verbose_name="bovenliggend thema",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
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

    @classmethod
    def for_name(cls, project, name):
        """(theme, created): the project's theme of this name (ignoring case), else a new top-level one
        with the next palette colour. A colleague creating the same name at the same moment is no error."""
        found = project.themes.filter(name__iexact=name).select_related("parent__parent__parent").first()
        if found:
            return found, False
        stats = project.themes.aggregate(count=Count("id"), last=Max("order", filter=Q(parent=None)))
        theme = cls(
            project=project,
            name=name,
            colour=THEME_PALETTE[stats["count"] % len(THEME_PALETTE)],
            order=(stats["last"] or 0) + 1,
        )
        try:
            with transaction.atomic():
                theme.save()
        except IntegrityError:
            return project.themes.get(name__iexact=name), False
        return theme, True

    def tree_key(self):
        """Sorts themes in codebook order (as in_tree_order) from their ancestors alone, not the whole tree.

        Load themes with select_related("parent__parent__parent") to walk three levels without queries.
        """
        return [(t.order, t.name.casefold(), t.pk) for t in reversed([self, *self.ancestors()])]

    def as_json(self):
        """What the coding page's script knows of a theme; depth from in_tree_order() or the ancestors."""
        depth = getattr(self, "depth", None)
        return {
            "id": self.pk,
            "name": self.name,
            "colour": self.colour,
            "parent": self.parent_id,
            "depth": len(self.ancestors()) if depth is None else depth,
            "definition": self.definition,
        }

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
    QUERY = "query", "zoekvraag op codes"


class PassageQuerySet(models.QuerySet):
    def visible_to(self, user, project):
        """The passages `user` may see in `project`; every route that shows passages reads them through here."""
        blind = Interview.objects.blind_for(user, project)
        return self.exclude(Q(interview_id__in=blind) & ~Q(coder=user)) if blind else self

    def by_coder(self, user):
        return self.filter(coder=user)

    def for_themes(self, themes):
        return self.filter(codings__tag__in=themes).distinct()

    def coded_with(self, theme_ids):
        """Passages with any of these themes, each once (a subquery, so no DISTINCT over text columns)."""
        return self.filter(pk__in=Coding.objects.filter(tag__in=theme_ids).values("content_object_id"))

    def drawing_rows(self):
        """(passages, codings) for drawing the interview page, as plain tuples from two values() queries
        whatever their number, no model instances: (pk, start, end, coder's username, first name, last name,
        memo, starred) in text order, and (passage id, theme id) sorted (see highlights.marks)."""
        passages = list(
            self.order_by("start", "end", "pk").values_list(
                "pk", "start", "end", "coder__username", "coder__first_name", "coder__last_name", "memo", "starred"
            )
        )
        codings = Coding.objects.filter(content_object__in=self.order_by().values("pk"))
        return passages, sorted(codings.values_list("content_object_id", "tag_id"))

    def with_context(self, width):
        """Annotate context_before / context_after: up to width + 1 characters of the text either side
        (cut in the database, so long transcripts are not loaded; see spans.word_context)."""
        from_ = Greatest(F("start") - width, Value(1))  # 1-based position of text[start - width - 1]
        return self.annotate(
            context_before=Substr("interview__text", from_, F("start") + 1 - from_),
            context_after=Substr("interview__text", F("end") + 1, Value(width + 1)),
        )


class Passage(PassageSnapshots, PassageBulk, models.Model):
    """One coder's selection in an interview; `text` is a copy of interview.text[start:end]."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="passages")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="passages")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    memo = models.TextField(blank=True)
    starred = models.BooleanField("representatief citaat", default=False)
    before_edit = models.TextField(blank=True, default="", db_default="")  # words before a correction: to review
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

    @staticmethod
    def check_span(interview, start, end):
        """ValueError unless interview.text[start:end] is a non-empty span of the text."""
        if not (0 <= start < end <= len(interview.text)):
            raise ValueError(OUTSIDE.format(start=start, end=end, length=len(interview.text)))

    @classmethod
    def select(cls, interview, coder, start, end, memo=""):
        """A new, unsaved passage over interview.text[start:end], or ValueError when the span is not in the text."""
        cls.check_span(interview, start, end)
        return cls(interview=interview, coder=coder, start=start, end=end, text=interview.text[start:end], memo=memo)

    @classmethod
    @transaction.atomic(savepoint=False)
    def code_span(cls, interview, coder, start, end, themes, memo=""):
        """(passage, created): code interview.text[start:end] with themes. The coder's own passage over
        exactly this span gets them (and the memo, when it has none), so no duplicate is made; that one keeps
        its snapshot from before in .was, a new one its codings in .new_codings (for history, without a query)."""
        passage = interview.passages.filter(coder=coder, start=start, end=end).order_by("pk").first()
        created = passage is None
        if created:
            passage = cls.select(interview, coder, start, end, memo)
            passage.save()
            passage.new_codings = passage.code(themes)
            return passage, created
        else:
            passage.interview, passage.coder = interview, coder
            passage.was = passage.snapshot()
            if memo and not passage.memo:
                passage.memo = memo
                passage.save(update_fields=["memo", "updated_at"])
        passage.code(themes)
        return passage, created

    def code(self, themes, origin=Origin.MANUAL):
        """Apply themes (objects of this passage's project, never strings) to the passage: one INSERT whatever
        their number; a theme the passage already has is left as it was. Returns the codings it tried to insert."""
        themes = list(themes)
        if any(t.project_id != self.interview.project_id for t in themes):
            raise ValueError("Een thema van een ander project kan hier niet gebruikt worden.")
        return Coding.objects.bulk_create(
            [Coding(content_object=self, tag=theme, origin=origin) for theme in themes], ignore_conflicts=True
        )

    def move(self, start, end):
        """Move the passage to interview.text[start:end] and copy that text again (ValueError when outside)."""
        self.check_span(self.interview, start, end)
        self.start, self.end, self.text = start, end, self.interview.text[start:end]
        self.save(update_fields=["start", "end", "text", "updated_at"])

    def load_theme_list(self):
        """Set and return .theme_list: the passage's themes in codebook order (one query)."""
        themes = Theme.objects.filter(codings__content_object=self).select_related("parent__parent__parent")
        self.theme_list = sorted(themes, key=Theme.tree_key)
        return self.theme_list

    @staticmethod
    def attach_theme_lists(passages, themes):
        """Give each passage .theme_list, taken from `themes` (the project's, in codebook order) in that
        order; one query for any number of passages. Returns the passages as a list."""
        passages = list(passages)
        position = {theme.pk: i for i, theme in enumerate(themes)}
        found = {passage.pk: [] for passage in passages}
        codings = Coding.objects.filter(content_object__in=list(found)).values_list("content_object_id", "tag_id")
        for passage_id, theme_id in codings:
            if theme_id in position:
                found[passage_id].append(position[theme_id])
        for passage in passages:
            passage.theme_list = [themes[i] for i in sorted(found[passage.pk])]
        return passages

    @staticmethod
    def attach_context(passages, width):
        """Give each passage .before, .after, .before_cut and .after_cut (see spans.word_context), cut in one query
        for just these passages: on PostgreSQL, cutting context in the query that sorts and pages every match
        read each transcript once per match (39 s for a theme's whole subtree at bench scale)."""
        rows = Passage.objects.filter(pk__in=[p.pk for p in passages]).with_context(width)
        rows = rows.values_list("pk", "context_before", "context_after")
        context = {pk: word_context(before, after, width) for pk, before, after in rows}
        for passage in passages:
            # A passage deleted between the two queries keeps no context rather than failing the page.
            passage.before, passage.after, passage.before_cut, passage.after_cut = context.get(
                passage.pk, ("", "", False, False)
            )
        return passages

    def as_json(self, offsets, user, is_owner=False):
        """What the coding page's script knows of a passage; needs .theme_list and `offsets` of the text."""
        mine = self.coder_id == user.pk
        return {
            "id": self.pk,
            "start": self.start,
            "end": self.end,
            "start16": offsets.to_utf16(self.start),
            "end16": offsets.to_utf16(self.end),
            "text": self.text,
            "themes": [theme.pk for theme in self.theme_list],
            "coder": self.coder.username,
            "coder_name": self.coder.get_full_name() or self.coder.username,
            "memo": self.memo,
            "starred": self.starred,
            "mine": mine,
            "editable": mine or is_owner,
            "v": self.version(),
        }


class CodingQuerySet(models.QuerySet):
    """Chainable filters the analyses count with: Coding.objects.in_interviews(qs).by_coder(u).for_themes(ts)."""

    def in_interviews(self, interviews):
        return self.filter(content_object__interview__in=interviews)

    def by_coder(self, user):
        return self.filter(content_object__coder=user) if user else self

    def visible_to(self, user, project):
        """The codings of passages the user may see (PassageQuerySet.visible_to), without a subquery over them."""
        blind = Interview.objects.blind_for(user, project)
        hidden = Q(content_object__interview_id__in=blind) & ~Q(content_object__coder=user)
        return self.exclude(hidden) if blind else self

    def for_themes(self, themes):
        return self.filter(tag__in=themes)


class Coding(ItemBase):
    """A theme applied to a passage: taggit's through model, with when and how."""

    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    content_object = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="codings")
    coded_at = models.DateTimeField(default=timezone.now)
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.MANUAL)

    objects = CodingQuerySet.as_manager()

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

    def can_be_changed_by(self, membership):
        """Its author may change a memo, and so may a project owner."""
        return membership.can_write and (self.author_id == membership.user_id or membership.is_owner)
