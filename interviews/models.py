import bisect
import io
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Coalesce, Greatest, Lower, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from monitor.models import Municipality

from .spans import word_context
from .transcripts import TURN_LABEL, find_turns

START_BEFORE_END = Q(start__gte=0) & Q(start__lt=F("end"))
# Colours for themes made while coding (new theme, in vivo): distinct, and dark text stays readable on them.
THEME_PALETTE = ["#2d9cdb", "#eb5757", "#27ae60", "#f2994a", "#9b51e0", "#56ccf2", "#f2c94c", "#6fcf97",
                 "#bb6bd9", "#e0a96d"]


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


class KeyPolicy(models.TextChoices):
    """Whether the key of a pseudonymisation (original → replacement) is kept, and for whom."""

    KEPT = "kept", "bewaard, zichtbaar voor eigenaren en codeurs"
    OWNERS = "owners", "bewaard, alleen zichtbaar voor eigenaren"
    NOT_KEPT = "none", "niet bewaard"


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
        """Each interview's passage and coding counts, as subqueries: a join with GROUP BY would group on
        every column, the whole text included (measured by the bench: 140 s for 200 interviews on SQLite)."""
        def count(model, interview_field):
            rows = model.objects.filter(**{interview_field: models.OuterRef("pk")}).order_by()
            counted = rows.values(interview_field).annotate(n=Count("pk")).values("n")
            return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)

        return self.annotate(passage_count=count(Passage, "interview"),
                             coding_count=count(Coding, "content_object__interview"))

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

    def turn_spans(self):
        return list(self.segments.filter(kind=Segment.Kind.TURN).order_by("start").values_list("start", "end"))

    def turn_labels(self, offsets, turns=None):
        """(start, end, turn) of each speaker turn's label, where turn gives the whole turn's span as
        start/end (code points) and start16/end16 (UTF-16, from `offsets`, a spans.Offsets of the text).
        turns: the turns' (start, end) when already read (turn_spans())."""
        labels = []
        for start, end in self.turn_spans() if turns is None else turns:
            if label := TURN_LABEL.match(self.text, start):
                turn = {"start": start, "end": end, "start16": offsets.to_utf16(start), "end16": offsets.to_utf16(end)}
                labels.append((label.start(), label.end(), turn))
        return labels

    @classmethod
    @transaction.atomic
    def create_with_turns(cls, project, title, text, labels=(), turns=None, sentences=None, **fields):
        """A new interview over canonical `text`, with its turn and sentence segments, speakers and labels.

        turns: (start, end, speaker, time_start_ms, time_end_ms) as formats.read_transcript gives them;
        when None they are found in the text. sentences: sentence_segments(text, turns) when known already.
        """
        interview = cls.objects.create(project=project, title=title, text=text, **fields)
        interview.add_segments(turns, sentences)
        if labels:
            interview.labels.add(*labels)
        from .tasks import analyse_interview  # tasks import the models

        analyse_interview.enqueue(interview.pk)
        return interview

    def add_segments(self, turns=None, sentences=None):
        """Store the speaker turns, the sentences (each with its turn's speaker) and a Speaker per name."""
        if turns is None:
            turns = [(start, end, speaker, None, None) for start, end, speaker in find_turns(self.text)]
        if sentences is None:
            sentences = sentence_segments(self.text, turns)
        segments = [Segment(interview=self, kind=Segment.Kind.TURN, start=start, end=end, speaker=speaker[:100],
                            time_start=time_start, time_end=time_end)
                    for start, end, speaker, time_start, time_end in turns]
        segments += [Segment(interview=self, kind=Segment.Kind.SENTENCE, start=start, end=end, speaker=speaker[:100])
                     for start, end, speaker in sentences]
        Segment.objects.bulk_create(segments)
        names = {turn[2][:100] for turn in turns if turn[2]}
        Speaker.objects.bulk_create([Speaker(interview=self, name=name, is_interviewer=Speaker.looks_like_interviewer(name))
                                     for name in sorted(names)], ignore_conflicts=True)

    def speaker_list(self):
        """The speakers with .turn_count; a Speaker row is made for a name in the turns that has none."""
        counts = dict(self.segments.filter(kind=Segment.Kind.TURN).exclude(speaker="")
                      .values_list("speaker").annotate(n=Count("id")).order_by())
        known = set(self.speakers.values_list("name", flat=True))
        Speaker.objects.bulk_create([Speaker(interview=self, name=name, is_interviewer=Speaker.looks_like_interviewer(name))
                                     for name in sorted(set(counts) - known)], ignore_conflicts=True)
        speakers = list(self.speakers.all())
        for speaker in speakers:
            speaker.turn_count = counts.get(speaker.name, 0)
        return speakers


def sentence_segments(text, turns):
    """(start, end, speaker) of each sentence (spaCy, see nlp.py); a sentence that opens a turn starts
    after its "Naam:" label, and has the speaker of the turn it is in."""
    from .nlp import pipeline, sentence_spans

    nlp = pipeline()
    sentence_pipes = [name for name in ("senter", "sentencizer", "parser") if name in nlp.pipe_names]
    with nlp.select_pipes(enable=sentence_pipes):  # lemmas are not needed here, and cost twice the time
        spans = sentence_spans(text)
    starts = [turn[0] for turn in turns]
    for start, end in spans:
        i = bisect.bisect_right(starts, start) - 1
        turn = turns[i] if i >= 0 and start < turns[i][1] else None
        if turn and start == turn[0]:
            label = TURN_LABEL.match(text, start)
            start = label.end() if label else start + len(turn[2]) + 1 if text.startswith(turn[2] + ":", start) else start
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            yield start, end, turn[2] if turn else ""


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
    # From subtitles or "[00:12:03] Naam:" labels: milliseconds from the start of the recording.
    time_start = models.PositiveIntegerField("begintijd (ms)", null=True, blank=True)
    time_end = models.PositiveIntegerField("eindtijd (ms)", null=True, blank=True)

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

    @classmethod
    def for_name(cls, project, name):
        """(theme, created): the project's theme of this name (ignoring case), else a new top-level one
        with the next palette colour. A colleague creating the same name at the same moment is no error."""
        found = project.themes.filter(name__iexact=name).select_related("parent__parent__parent").first()
        if found:
            return found, False
        stats = project.themes.aggregate(count=Count("id"), last=Max("order", filter=Q(parent=None)))
        theme = cls(project=project, name=name, colour=THEME_PALETTE[stats["count"] % len(THEME_PALETTE)],
                    order=(stats["last"] or 0) + 1)
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
            "id": self.pk, "name": self.name, "colour": self.colour, "parent": self.parent_id,
            "depth": len(self.ancestors()) if depth is None else depth, "definition": self.definition,
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


class PassageQuerySet(models.QuerySet):
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
        passages = list(self.order_by("start", "end", "pk").values_list(
            "pk", "start", "end", "coder__username", "coder__first_name", "coder__last_name", "memo", "starred"))
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


class Passage(models.Model):
    """One coder's selection in an interview; `text` is a copy of interview.text[start:end]."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="passages")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="passages")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    memo = models.TextField(blank=True)
    starred = models.BooleanField("representatief citaat", default=False)
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
            raise ValueError(f"De selectie {start}–{end} valt buiten de tekst (0–{len(interview.text)}).")

    @classmethod
    def select(cls, interview, coder, start, end, memo=""):
        """A new, unsaved passage over interview.text[start:end], or ValueError when the span is not in the text."""
        cls.check_span(interview, start, end)
        return cls(interview=interview, coder=coder, start=start, end=end, text=interview.text[start:end], memo=memo)

    @classmethod
    @transaction.atomic(savepoint=False)
    def code_span(cls, interview, coder, start, end, themes, memo=""):
        """(passage, created): code interview.text[start:end] with themes. The coder's own passage over
        exactly this span gets them (and the memo, when it has none), so no duplicate is made."""
        passage = interview.passages.filter(coder=coder, start=start, end=end).order_by("pk").first()
        created = passage is None
        if created:
            passage = cls.select(interview, coder, start, end, memo)
            passage.save()
        else:
            passage.interview, passage.coder = interview, coder
            if memo and not passage.memo:
                passage.memo = memo
                passage.save(update_fields=["memo", "updated_at"])
        passage.code(themes)
        return passage, created

    def code(self, themes, origin=Origin.MANUAL):
        """Apply themes (objects of this passage's project, never strings) to the passage.

        One INSERT whatever the number of themes; a theme the passage already has is left as it was.
        """
        themes = list(themes)
        if any(t.project_id != self.interview.project_id for t in themes):
            raise ValueError("Een thema van een ander project kan hier niet gebruikt worden.")
        Coding.objects.bulk_create(
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
        rows = Passage.objects.filter(pk__in=[p.pk for p in passages]).with_context(width).values_list(
            "pk", "context_before", "context_after")
        context = {pk: word_context(before, after, width) for pk, before, after in rows}
        for passage in passages:
            # A passage deleted between the two queries keeps no context rather than failing the page.
            passage.before, passage.after, passage.before_cut, passage.after_cut = context.get(
                passage.pk, ("", "", False, False))
        return passages

    def as_json(self, offsets, user, is_owner=False):
        """What the coding page's script knows of a passage; needs .theme_list and `offsets` of the text."""
        mine = self.coder_id == user.pk
        return {
            "id": self.pk, "start": self.start, "end": self.end,
            "start16": offsets.to_utf16(self.start), "end16": offsets.to_utf16(self.end), "text": self.text,
            "themes": [theme.pk for theme in self.theme_list], "coder": self.coder.username,
            "coder_name": self.coder.get_full_name() or self.coder.username, "memo": self.memo,
            "starred": self.starred, "mine": mine, "editable": mine or is_owner,
        }


class CodingQuerySet(models.QuerySet):
    """Chainable filters the analyses count with: Coding.objects.in_interviews(qs).by_coder(u).for_themes(ts)."""

    def in_interviews(self, interviews):
        return self.filter(content_object__interview__in=interviews)

    def by_coder(self, user):
        return self.filter(content_object__coder=user) if user else self

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


# --- analysis: case variables ---


class ProjectVariable(models.Model):
    """A case variable the project defines for its interviews (besides municipality, year and group)."""

    class Kind(models.TextChoices):
        TEXT = "text", "tekst"
        NUMBER = "number", "getal"
        YES_NO = "yes_no", "ja/nee"
        DATE = "date", "datum"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="variables")
    name = models.CharField("naam", max_length=100)
    kind = models.CharField("soort", max_length=10, choices=Kind.choices, default=Kind.TEXT)
    order = models.PositiveIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "variabele"
        verbose_name_plural = "variabelen"
        constraints = [models.UniqueConstraint(Lower("name"), "project", name="variable_name_unique_per_project")]

    def __str__(self):
        return self.name


class VariableValue(models.Model):
    """One interview's value of a case variable, stored typed in the column its kind uses."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="variable_values")
    variable = models.ForeignKey(ProjectVariable, on_delete=models.CASCADE, related_name="values")
    text = models.CharField("tekst", max_length=300, blank=True)
    number = models.DecimalField("getal", max_digits=16, decimal_places=4, null=True, blank=True)
    yes_no = models.BooleanField("ja/nee", null=True, blank=True)
    date = models.DateField("datum", null=True, blank=True)

    class Meta:
        ordering = ["variable__order", "variable__name"]
        verbose_name = "waarde van een variabele"
        verbose_name_plural = "waarden van variabelen"
        constraints = [models.UniqueConstraint(fields=["interview", "variable"], name="variable_value_once")]

    def __str__(self):
        return f"{self.variable}: {self.display}"

    @staticmethod
    def parse(kind, raw):
        """The typed value of a raw cell (string, number, bool or date) for a variable kind; None when empty.

        Raises ValueError with a Dutch message when the cell does not fit the kind.
        """
        import datetime

        from monitor.indicator_sheets import NO, YES, parse_number

        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        Kind = ProjectVariable.Kind
        if kind == Kind.TEXT:
            return str(raw).strip()[:300]
        if kind == Kind.YES_NO:
            if isinstance(raw, bool):
                return raw
            word = str(raw).strip().casefold()
            if word not in YES | NO:
                raise ValueError(f"‘{raw}’ is geen ja/nee-waarde (gebruik ja of nee).")
            return word in YES
        if kind == Kind.NUMBER:
            return parse_number(raw)
        if kind == Kind.DATE:
            if isinstance(raw, datetime.datetime):
                return raw.date()
            if isinstance(raw, datetime.date):
                return raw
            text = str(raw).strip()
            for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
                try:
                    return datetime.datetime.strptime(text, pattern).date()
                except ValueError:
                    continue
            raise ValueError(f"‘{raw}’ is geen datum (gebruik bv. 2021-03-15 of 15-03-2021).")
        raise ValueError(f"Onbekende soort variabele: {kind}.")

    @property
    def value(self):
        Kind = ProjectVariable.Kind
        return {Kind.TEXT: self.text or None, Kind.NUMBER: self.number, Kind.YES_NO: self.yes_no,
                Kind.DATE: self.date}[self.variable.kind]

    @value.setter
    def value(self, typed):
        self.text, self.number, self.yes_no, self.date = "", None, None, None
        if self.variable.kind == ProjectVariable.Kind.TEXT:
            typed = typed or ""
        setattr(self, self.variable.kind, typed)  # the column is named after the kind

    def set_raw(self, raw):
        """Parse a raw cell per the variable's kind and store it (ValueError in Dutch when it does not fit)."""
        self.value = self.parse(self.variable.kind, raw)

    @classmethod
    def store(cls, interview, variable, raw):
        """Create or update the interview's value from a raw cell; an empty cell removes the value."""
        typed = cls.parse(variable.kind, raw)
        if typed is None:
            cls.objects.filter(interview=interview, variable=variable).delete()
            return None
        item = cls.objects.filter(interview=interview, variable=variable).first() or cls(
            interview=interview, variable=variable)
        item.value = typed
        item.save()
        return item

    @staticmethod
    def format(kind, typed):
        """A typed value as Dutch text ('' for missing)."""
        if typed is None:
            return ""
        Kind = ProjectVariable.Kind
        if kind == Kind.YES_NO:
            return "ja" if typed else "nee"
        if kind == Kind.NUMBER:
            return f"{typed.normalize():f}".replace(".", ",")
        if kind == Kind.DATE:
            return typed.strftime("%d-%m-%Y")
        return str(typed)

    @property
    def display(self):
        return self.format(self.variable.kind, self.value)


# --- import: speakers, pseudonymisation, bulk import ---


class Speaker(models.Model):
    """A speaker of an interview as the researcher names it; Segment.speaker holds the same name."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField("naam", max_length=100)
    is_interviewer = models.BooleanField("interviewer", default=False)

    class Meta:
        ordering = ["-is_interviewer", "name"]
        verbose_name = "spreker"
        verbose_name_plural = "sprekers"
        constraints = [models.UniqueConstraint(fields=["interview", "name"], name="speaker_once_per_interview")]

    def __str__(self):
        return self.name

    INTERVIEWER_NAMES = {"i", "int", "interviewer", "interviewster", "interviewers", "onderzoeker", "onderzoekster",
                         "vraag", "v"}

    @classmethod
    def looks_like_interviewer(cls, name):
        """"Interviewer", "I", "I1", "Onderzoeker 2"… are marked as interviewer on import."""
        return name.rstrip("0123456789 ").casefold() in cls.INTERVIEWER_NAMES

    @transaction.atomic
    def rename(self, name):
        """Rename the speaker in its turns and sentences; a name another speaker has merges the two
        (the merged speaker is an interviewer when either was). Returns the speaker that remains."""
        name = " ".join(name.split())[:100]
        other = self.interview.speakers.filter(name=name).exclude(pk=self.pk).first()
        self.interview.segments.filter(speaker=self.name).update(speaker=name)
        if other is None:
            self.name = name
            self.save(update_fields=["name"])
            return self
        if self.is_interviewer and not other.is_interviewer:
            other.is_interviewer = True
            other.save(update_fields=["is_interviewer"])
        self.delete()
        return other


class PseudonymName(models.Model):
    """A name the project always replaces on import, such as "Jansen" → "[R1]"."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pseudonym_names")
    name = models.CharField("naam", max_length=200)
    replacement = models.CharField("vervanging", max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "te vervangen naam"
        verbose_name_plural = "te vervangen namen"
        constraints = [models.UniqueConstraint(Lower("name"), "project", name="pseudonym_name_unique_per_project")]

    def __str__(self):
        return f"{self.name} → {self.replacement}"


class PseudonymKey(models.Model):
    """One line of the key: what an interview's text said before a replacement (kept per project policy)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="pseudonym_keys")
    original = models.CharField("origineel", max_length=300)
    replacement = models.CharField("vervanging", max_length=300)
    kind = models.CharField("soort", max_length=20)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["interview", "replacement", "original"]
        verbose_name = "sleutelregel"
        verbose_name_plural = "sleutel"

    def __str__(self):
        return f"{self.original} → {self.replacement}"


class ImportBatch(models.Model):
    """An upload waiting for review, one item per file; confirming creates the interviews of the items
    without problems and empties the staged texts (the batch stays as the record of what was imported)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "voorbeeld"
        QUEUED = "queued", "in de wachtrij"
        RUNNING = "running", "bezig"
        DONE = "done", "klaar"
        FAILED = "failed", "mislukt"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="import_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    pseudonymise = models.BooleanField("pseudonimiseren", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    done_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    total = models.PositiveIntegerField(default=0)  # items a confirmed batch creates; progress counts them
    progress = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)  # when a confirmed batch was queued or last progressed

    STUCK_AFTER = timedelta(minutes=10)  # a queued or running batch without progress this long: its worker is gone

    class Meta:
        ordering = ["-created_at"]

    @classmethod
    @transaction.atomic
    def prepare(cls, project, user, uploads, sheet=None, defaults=None, pseudonymise=False):
        """A batch to review: an item per file of `uploads` ((name, binary file object) pairs; a .zip is
        unpacked), attributes from `defaults` and the sheet's row for the file (bulk.read_sheet's result),
        the problems of each file and, when asked, the pseudonymisation proposals."""
        from . import bulk

        limit = settings.MAX_UPLOAD_BYTES
        files = []
        for name, file in uploads:
            name = bulk.nfc(name)
            if name.lower().endswith(".zip"):
                try:
                    files += bulk.unpack_zip(file, getattr(settings, "IMPORT_MAX_FILES", 500),
                                             getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 500 * 2**20), limit)
                except bulk.ArchiveError as error:
                    files.append((name, None, str(error)))
                continue
            data = file.read(limit + 1)
            files.append((name, None, f"Het bestand is groter dan {limit // 2**20} MB.") if len(data) > limit
                         else (name, data, None))
        # Staged texts are not pseudonymised yet: a preview nobody confirmed does not outlive a day.
        day_ago = timezone.now() - timedelta(days=1)
        cls.objects.filter(Q(status__in=[cls.Status.PREVIEW, cls.Status.FAILED], created_at__lt=day_ago)
                           | Q(status__in=[cls.Status.QUEUED, cls.Status.RUNNING], heartbeat__lt=day_ago)).delete()
        batch = cls.objects.create(project=project, created_by=user, pseudonymise=pseudonymise)
        rows, _extra = sheet or ({}, [])
        context = ImportContext(project)
        items = [ImportItem.build(batch, position, name, data, problem, rows.pop(bulk.base_name(name).lower(), None),
                                  defaults or {}, context)
                 for position, (name, data, problem) in enumerate(files)]
        ImportItem.objects.bulk_create(items)
        batch.message = "\n".join(f"Regel {row['row']} van het metadatabestand noemt “{row['file']}”, maar dat "
                                  "bestand zit niet in de upload." for row in rows.values())
        batch.save(update_fields=["message"])
        return batch

    def counts(self):
        """(items that will be created, items with problems)."""
        items = list(self.items.all())
        ready = sum(1 for item in items if item.ok)
        return ready, len(items) - ready

    @property
    def stuck(self):
        """Queued or running, but nothing has moved for STUCK_AFTER (no worker, or it died): it may be retried
        or cancelled."""
        return (self.status in (self.Status.QUEUED, self.Status.RUNNING) and self.heartbeat is not None
                and self.heartbeat < timezone.now() - self.STUCK_AFTER)

    @property
    def open(self):
        """Waiting for the researcher: a preview, a failed or a stuck import (confirm or cancel it)."""
        return self.status in (self.Status.PREVIEW, self.Status.FAILED) or self.stuck

    def confirm(self, background=None):
        """Store the items without problems (see run): by the task worker when `background`, which is by
        default the case for more than settings.IMPORT_INLINE_FILES (5) files; the preview page shows the
        progress. A failed batch can be confirmed again. ValueError when the batch was confirmed already."""
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=self.pk)
            if not batch.open:
                raise ValueError("Deze import is al bevestigd.")
            batch.total = sum(1 for item in batch.items.only("problems") if item.ok)
            batch.status, batch.progress, batch.error = self.Status.QUEUED, 0, ""
            batch.heartbeat = timezone.now()
            batch.save(update_fields=["total", "status", "progress", "error", "heartbeat"])
        if background is None:
            background = batch.total > getattr(settings, "IMPORT_INLINE_FILES", 5)
        if background:
            from .tasks import import_batch

            import_batch.enqueue(self.pk)
        else:
            batch.run()
        self.refresh_from_db()

    def run(self):
        """Create an interview for every item without problems: first the slow part per file (pseudonymised
        text, sentences) with the progress recorded, then all rows in one transaction, after which the
        staged texts are emptied. On any failure nothing is stored and `error` says why."""
        batches = ImportBatch.objects.filter(pk=self.pk)
        if not batches.filter(status=self.Status.QUEUED).update(status=self.Status.RUNNING, heartbeat=timezone.now()):
            return  # cancelled, or claimed by another run meanwhile
        try:
            items = [item for item in self.items.select_related("municipality", "batch__project") if item.ok]
            prepared = []
            for number, item in enumerate(items, start=1):
                prepared.append(item.prepare())
                batches.update(progress=number, heartbeat=timezone.now())
            with transaction.atomic():
                created = [item.create_interview(ready) for item, ready in zip(items, prepared)]
                self.items.update(text="", turns=[], replacements=[])
                batches.update(status=self.Status.DONE, done_count=len(created))
        except IntegrityError:  # another upload took a title between the preview and now
            batches.update(status=self.Status.FAILED, error="Een van deze titels is intussen al gebruikt. "
                           "Er is niets opgeslagen; upload opnieuw.")
        except Exception as error:
            logging.getLogger(__name__).exception("import batch %s failed", self.pk)
            batches.update(status=self.Status.FAILED, error=f"Het opslaan is mislukt ({type(error).__name__}). "
                           "Er is niets opgeslagen; probeer het opnieuw.")


class ImportItem(models.Model):
    """One file of a batch: its text and attributes as they will be stored, or why it cannot be."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField("bestand", max_length=255)
    title = models.CharField("titel", max_length=200, blank=True)
    source_format = models.CharField(max_length=20, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True)
    turns = models.JSONField(default=list, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    municipality_text = models.CharField(max_length=200, blank=True)
    municipality_matches = models.JSONField(default=list, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    stakeholder_group = models.CharField(max_length=20, blank=True)
    interview_date = models.DateField(null=True, blank=True)
    labels = models.JSONField(default=list, blank=True)
    variables = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    replacements = models.JSONField(default=list, blank=True)
    interview = models.ForeignKey(Interview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["batch", "position"]

    @property
    def ok(self):
        return not self.problems

    def problem(self, code, message):
        self.problems.append({"code": code, "message": message})

    @property
    def group_label(self):
        return dict(StakeholderGroup.choices).get(self.stakeholder_group, "")

    @classmethod
    def build(cls, batch, position, name, data, problem, row, defaults, context):
        """An unsaved item for one file: read, given its attributes, checked against the project."""
        from . import bulk, formats, pseudonyms
        from .transcripts import TranscriptError

        item = cls(batch=batch, position=position, name=name[:255], labels=list(defaults.get("labels") or []),
                   municipality=defaults.get("municipality"), year=defaults.get("year"),
                   stakeholder_group=defaults.get("stakeholder_group") or "",
                   interview_date=defaults.get("interview_date"), problems=[])
        title = bulk.base_name(name).rpartition(".")[0] or bulk.base_name(name)
        item.title = " ".join(((row or {}).get("title") or title).split())[:200]
        if problem:
            item.problem("file", problem)
        else:
            try:
                transcript = formats.read_transcript(name, io.BytesIO(data))
            except TranscriptError as error:
                item.problem("file", str(error))
            else:
                item.text, item.turns, item.source_format, item.sha256 = transcript
                if item.sha256 in context.hashes:
                    item.problem("duplicate", f"Dit bestand is al geïmporteerd als “{context.hashes[item.sha256]}”.")
                elif item.sha256 in context.uploaded:
                    item.problem("duplicate", f"Dit bestand zit twee keer in de upload (ook als {context.uploaded[item.sha256]}).")
                context.uploaded.setdefault(item.sha256, name)
                if batch.pseudonymise:
                    item.replacements = pseudonyms.propose(item.text, context.names)
        if row:
            item.apply_row(row, context)
        if not item.title:
            item.problem("title", "De titel is leeg.")
        elif item.title.lower() in context.titles:
            item.problem("title", f"Er is al een interview met de titel “{item.title}” in dit project.")
        context.titles.add(item.title.lower())
        return item

    def apply_row(self, row, context):
        """Take the attributes in the file's row of the metadata sheet; a cell that does not fit is a problem."""
        from . import bulk

        line = f"Regel {row['row']}: "
        if value := row.get("municipality"):
            code, matches = bulk.match_municipality(value, context.pairs)
            self.municipality_text = value[:200]
            self.municipality = context.municipalities.get(code)
            self.municipality_matches = [code for code, _name in matches]
            if self.municipality is None:
                close = ", ".join(name for _code, name in matches)
                self.problem("municipality", f"{line}onbekende gemeente “{value}”"
                             + (f"; bedoelt u {close}?" if close else "."))
        parsers = {"year": bulk.parse_year, "interview_date": bulk.parse_date}
        for key, parse in parsers.items():
            if value := row.get(key):
                try:
                    setattr(self, key, parse(value))
                except ValueError as error:
                    self.problem(key, line + str(error))
        if value := row.get("stakeholder_group"):
            self.stakeholder_group = bulk.match_choice(value, StakeholderGroup.choices) or ""
            if not self.stakeholder_group:
                self.problem("stakeholder_group", f"{line}onbekende stakeholdergroep “{value}”.")
        self.labels = sorted(set(self.labels) | set(bulk.split_labels(row.get("labels", ""))))
        known = set(bulk.COLUMNS.values()) | {"row"}
        self.variables = {key: value for key, value in row.items() if key not in known and value}
        for column, value in self.variables.items():
            kind = context.variables.get(column.lower())
            try:
                VariableValue.parse(kind or ProjectVariable.Kind.TEXT, value)
            except ValueError as error:
                self.problem("variable", f"{line}{column}: {error}")

    def municipality_choices(self):
        return Municipality.objects.filter(code__in=self.municipality_matches)

    def choose_municipality(self, municipality):
        """Settle an unknown municipality: one of the close matches, or none at all."""
        self.municipality = municipality
        self.problems = [p for p in self.problems if p["code"] != "municipality"]
        self.save(update_fields=["municipality", "problems"])

    def proposal_groups(self, width=40, examples=3):
        """The proposals grouped by what they replace (same text ignoring case, same kind): a decision
        holds for every occurrence. Each group: number, original, kind_label, replacement, skip, indexes
        (into self.replacements), count, examples of (before, found, after) in the text, and how many more."""
        from .pseudonyms import KINDS

        groups = {}
        for index, p in enumerate(self.replacements):
            group = groups.setdefault((p["original"].casefold(), p["kind"]), {
                "number": len(groups), "original": p["original"], "kind_label": KINDS[p["kind"]],
                "replacement": p["replacement"], "skip": p["skip"], "indexes": [], "examples": []})
            group["indexes"].append(index)
            if len(group["examples"]) < examples:
                group["examples"].append((self.text[max(0, p["start"] - width):p["start"]], p["original"],
                                          self.text[p["end"]:p["end"] + width]))
        for group in groups.values():
            group["count"], group["more"] = len(group["indexes"]), len(group["indexes"]) - len(group["examples"])
        return list(groups.values())

    def decide(self, decisions):
        """Apply {group number: (replacement, skip)} to every proposal of each group (proposal_groups)."""
        for group in self.proposal_groups():
            replacement, skip = decisions[group["number"]]
            for index in group["indexes"]:
                self.replacements[index]["replacement"] = replacement or self.replacements[index]["replacement"]
                self.replacements[index]["skip"] = skip
        self.save(update_fields=["replacements"])

    def prepare(self):
        """(text, turns, sentences) of the interview this item becomes, pseudonymised when the batch asks:
        the slow part of creating it, done before the transaction that stores it."""
        from . import pseudonyms

        text, turns = self.text, [tuple(turn) for turn in self.turns]
        if self.batch.pseudonymise and self.replacements:
            text, turns = pseudonyms.apply(text, self.replacements, turns)
            renamed = {p["original"].casefold(): p["replacement"] for p in self.replacements if not p["skip"]}
            turns = [(start, end, renamed.get(speaker.casefold(), speaker), *times)
                     for start, end, speaker, *times in turns]
        return text, turns, list(sentence_segments(text, turns))

    def create_interview(self, prepared=None):
        """The interview of this item (from prepare()), its variables and its pseudonymisation key."""
        from . import pseudonyms

        text, turns, sentences = prepared or self.prepare()
        project = self.batch.project
        interview = Interview.create_with_turns(
            project, self.title, text, labels=self.labels, turns=turns, sentences=sentences,
            municipality=self.municipality,
            year=self.year, stakeholder_group=self.stakeholder_group, interview_date=self.interview_date,
            source_name=self.name, source_format=self.source_format, source_sha256=self.sha256,
            created_by=self.batch.created_by,
        )
        for column, value in self.variables.items():
            variable = project.variables.filter(name__iexact=column).first()
            if variable is None:
                variable = ProjectVariable.objects.create(project=project, name=column[:100])
            VariableValue.store(interview, variable, value)
        if self.batch.pseudonymise and project.pseudonym_key != KeyPolicy.NOT_KEPT:
            PseudonymKey.objects.bulk_create(
                PseudonymKey(interview=interview, original=original[:300], replacement=replacement[:300], kind=kind)
                for original, replacement, kind in pseudonyms.key_lines(self.replacements)
            )
        self.interview = interview
        self.save(update_fields=["interview"])
        return interview


class ImportContext:
    """What checking a batch's files needs from the database, read once per batch."""

    def __init__(self, project):
        self.project = project
        interviews = project.interviews.values_list("title", "source_sha256")
        self.titles = {title.lower() for title, _ in interviews}
        self.hashes = {sha: title for title, sha in interviews if sha}
        self.uploaded = {}  # sha256 → the file name of this batch that had it first
        self.municipalities = Municipality.objects.in_bulk(field_name="code")
        self.pairs = [(code, m.name) for code, m in self.municipalities.items()]
        self.variables = {v.name.lower(): v.kind for v in project.variables.all()}
        self.names = list(project.pseudonym_names.values_list("name", "replacement"))


# --- text tools: lemma index, theme rules, suggestions ---


class TokenQuerySet(models.QuerySet):
    def in_interviews(self, interviews):
        return self.filter(interview__in=interviews)


class Token(models.Model):
    """One word of an interview with its lower-case form and lemma: the index that search and theme rules
    run on, built once per interview (`Token.index`). Punctuation and white space are left out;
    `position` counts the interview's words from 0, `sentence` its sentences (nlp.tokens)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="tokens")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    lower = models.CharField(max_length=100)
    lemma = models.CharField(max_length=100)
    sentence = models.PositiveIntegerField()

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "position"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "position"], name="token_position_once"),
            models.CheckConstraint(condition=START_BEFORE_END, name="token_start_before_end"),
        ]
        # (lemma, interview) and (lower, interview): a search reads only the index entries of its word.
        indexes = [models.Index(fields=["lemma", "interview"]), models.Index(fields=["lower", "interview"])]

    def __str__(self):
        return f"{self.lower} ({self.lemma})"

    @classmethod
    @transaction.atomic
    def index(cls, interview):
        """(Re)build the interview's tokens from its text; returns their number."""
        from .nlp import tokens

        cls.objects.filter(interview=interview).delete()
        rows = [
            cls(interview=interview, position=i, start=start, end=end, lower=lower, lemma=lemma, sentence=sentence)
            for i, (start, end, lower, lemma, sentence) in enumerate(
                t for t in tokens(interview.text) if any(c.isalnum() for c in t[2])
            )
        ]
        cls.objects.bulk_create(rows, batch_size=4000)
        return len(rows)

    @classmethod
    def index_missing(cls, interviews):
        """Index those of `interviews` that have no tokens yet; returns how many were indexed."""
        todo = interviews.exclude(models.Exists(cls.objects.filter(interview=models.OuterRef("pk"))))
        count = 0
        for interview in todo.only("pk", "text"):
            cls.index(interview)
            count += 1
        return count


class ThemeRuleQuerySet(models.QuerySet):
    def with_counts(self):
        """Annotate pending, accepted and rejected: the rule's suggestions by status."""
        status = Suggestion.Status
        return self.annotate(**{
            name: Count("suggestions", filter=Q(suggestions__status=value))
            for name, value in (("pending", status.PENDING), ("accepted", status.ACCEPTED),
                                ("rejected", status.REJECTED))
        })


class ThemeRule(models.Model):
    """Words and phrases (one a line, matched by lemma) that suggest a theme for the sentences or speaker
    turns containing them."""

    class Unit(models.TextChoices):
        SENTENCE = "sentence", "zin"
        TURN = "turn", "sprekersbeurt"

    theme = models.ForeignKey(Theme, verbose_name="thema", on_delete=models.CASCADE, related_name="rules")
    terms = models.TextField("woorden en zinsdelen", help_text="Eén woord of zinsdeel per regel; alle vormen tellen mee.")
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
            status=status, reviewed_by=user, reviewed_at=now)
        self.status, self.reviewed_by, self.reviewed_at = status, user, now
        return bool(done)

    @transaction.atomic
    def accept(self, user):
        """The suggestion becomes `user`'s coding (origin "suggestion"); False when already reviewed."""
        if not self._claim(user, self.Status.ACCEPTED):
            return False
        self.passage, _created = Passage.code_span(self.interview, user, self.start, self.end, [])
        self.passage.code([self.rule.theme], origin=Origin.SUGGESTION)
        Suggestion.objects.filter(pk=self.pk).update(passage=self.passage)
        return True

    def reject(self, user):
        return self._claim(user, self.Status.REJECTED)

