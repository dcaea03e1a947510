"""The versions of an interview's text: every correction is kept with who made it and when, moves the passages
with it (text_edits.py worked out where each lands), flags those whose words changed for review and keeps those
it deleted entirely, with their codings and memo, instead of dropping them."""

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ..text_edits import Carrier
from .coding import Passage
from .history import Action
from .interviews import Interview
from .pseudonyms import PseudonymKey
from .texttools import Suggestion, Token


class TextChanged(ValueError):
    """The text changed since the correction was worked out (a colleague saved one): nothing is stored."""


class TextVersionQuerySet(models.QuerySet):
    def latest_numbers(self, interview_ids):
        """{interview id: the number of its newest version} for those of `interview_ids` corrected at least once."""
        rows = self.filter(interview_id__in=interview_ids).values("interview_id").annotate(n=models.Max("number"))
        return {row["interview_id"]: row["n"] for row in rows.order_by()}


def lock_unchanged(interview_ids, versions):
    """Lock the rows of the interviews `interview_ids` (in id order: two writers cannot deadlock) and say whether
    none was corrected since `versions` (TextVersion.objects.latest_numbers, read before the offsets to be written
    were worked out). Call it first in the transaction that writes them: a correction waits for it, or came first."""
    ids = sorted(set(interview_ids))
    list(Interview.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    now = TextVersion.objects.latest_numbers(ids)
    return all(now.get(pk) == versions.get(pk) for pk in ids)


class TextVersion(models.Model):
    """One version of an interview's text. Number 1 is the text as it came in (kept when it is first corrected),
    each correction adds the next; `lost` holds the snapshots of the passages this correction deleted entirely."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="text_versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)
    lost = models.JSONField(default=list, blank=True)

    objects = TextVersionQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "-number"]
        constraints = [models.UniqueConstraint("interview", "number", name="text_version_number_unique")]

    def __str__(self):
        return f"{self.interview} v{self.number}"

    @property
    def word_count(self):
        return len(self.text.split())

    @classmethod
    def first_of(cls, interview):
        """Version 1, the text as it came in, made from the interview when it has no versions yet."""
        found = interview.text_versions.filter(number=1).first()
        if found is None:
            found = cls.objects.create(
                interview=interview,
                number=1,
                text=interview.text,
                author=interview.created_by,
                created_at=interview.created_at,
                note=_("Tekst zoals ingevoerd"),
            )
        return found

    @classmethod
    def correct(cls, interview, edit, segments, user, note, source="browser", keys=(), scrub=()):
        """Store `edit` (text_edits.Edit, worked out before: no lock is held while diffing) as the interview's
        next version, in one transaction: the passages moved, reviewed or kept as lost, the speaker turns and
        sentences `segments` ((turns, sentences), as transcripts.segments makes them) in place of the old, the
        word index emptied (the caller has it rebuilt), the key lines `keys` of a pseudonymisation ((original,
        replacement, kind)) to keep, and one history action. `scrub`: the (original, replacement, kind) lines of a
        pseudonymisation, replaced also in the earlier versions, the lost passages and the words kept for review,
        so no copy keeps the names (the key, per the project's policy, is the one place for them). TextChanged
        when the text is no longer edit.old; returns the new version."""
        with transaction.atomic():
            locked = Interview.objects.select_for_update().get(pk=interview.pk)
            if locked.text != edit.old:
                raise TextChanged(_("De tekst is intussen door iemand anders gewijzigd; er is niets opgeslagen."))
            rows = list(locked.passages.order_by("pk").values_list("pk", "start", "end", "text"))
            landings = Carrier(edit.changes).land(rows, edit.new)  # the passages as they are now, not as previewed
            cls.first_of(locked)  # the text as it came in, kept before its first correction
            previous = locked.text_versions.aggregate(n=models.Max("number"))["n"]
            lost_ids = [landing.passage_id for landing in landings if landing.lost]
            lost = [p.snapshot() for p in Passage.objects.filter(pk__in=lost_ids).order_by("start")]
            version = cls.objects.create(
                interview=locked, number=previous + 1, text=edit.new, author=user, note=note[:200], lost=lost
            )
            Passage.objects.filter(pk__in=lost_ids).delete()
            moved = cls._move(landings, flag=not scrub)
            if scrub:
                cls._scrub(locked, scrub)
            carrier = Carrier(edit.changes)
            dropped = carry_spans(Suggestion.objects.filter(interview=locked), carrier, ["rule_id"], triggers=True)
            dropped += carry_spans(locked.consensus_decisions.all(), carrier, ["round_id", "theme_id"])
            locked.segments.all().delete()
            locked.add_segments(*segments)
            Token.objects.filter(interview=locked).delete()
            locked.text = edit.new
            locked.save(update_fields=["text"])
            PseudonymKey.objects.bulk_create(
                PseudonymKey(interview=locked, original=original[:300], replacement=replacement[:300], kind=kind)
                for original, replacement, kind in keys
            )
            Action.on_interview(
                locked,
                user,
                "correct",
                {"version": previous},
                source=source,
                after={
                    "version": version.number,
                    "changes": len(edit.changes),
                    "moved": moved,
                    "to_review": sum(1 for landing in landings if landing.changed),
                    "lost": [shot["id"] for shot in lost],
                    "pseudonymised": len(keys),
                    "suggestions_or_decisions_dropped": dropped,
                },
            )
        return version

    @classmethod
    def _scrub(cls, interview, lines):
        """Replace a pseudonymisation's originals in every earlier version, lost passage and word kept for review."""
        versions = list(interview.text_versions.all())
        for version in versions:
            version.text = replaced(version.text, lines)
            version.lost = [{**shot, "text": replaced(shot["text"], lines)} for shot in version.lost]
        cls.objects.bulk_update(versions, ["text", "lost"])
        flagged = list(interview.passages.exclude(before_edit="").only("pk", "before_edit"))
        for passage in flagged:
            passage.before_edit = replaced(passage.before_edit, lines)
        Passage.objects.bulk_update(flagged, ["before_edit"])

    @staticmethod
    def _move(landings, flag=True):
        """Give the surviving passages their new spans and texts; a passage whose words changed keeps its words
        from before the first correction since its last review (before_edit). Returns how many moved."""
        changed = {landing.passage_id: landing for landing in landings if not landing.lost}
        passages = list(Passage.objects.filter(pk__in=changed).only("pk", "start", "end", "text", "before_edit"))
        touched = []
        for passage in passages:
            landing = changed[passage.pk]
            if (passage.start, passage.end, passage.text) == (landing.start, landing.end, landing.new_text):
                continue
            if flag and landing.changed and not passage.before_edit:
                passage.before_edit = landing.old_text
            elif landing.new_text == passage.before_edit:  # back to its words from before: nothing to review
                passage.before_edit = ""
            passage.start, passage.end, passage.text = landing.start, landing.end, landing.new_text
            touched.append(passage)
        Passage.objects.bulk_update(touched, ["start", "end", "text", "before_edit"], batch_size=500)
        return len(touched)


def replaced(text, lines):
    """`text` with each (original, replacement, kind) line's original replaced, the longest originals first."""
    for original, replacement, _kind in sorted(lines, key=lambda line: -len(line[0])):
        text = text.replace(original, replacement)
    return text


OUT_OF_THE_WAY = 1_000_000_000  # beyond any text's length (a correction allows 2 million characters)


def carry_spans(rows, carrier, key_fields, triggers=False):
    """Carry the spans of other rows over the text (a rule's suggestions, with their trigger words; a round's
    consensus decisions) through a correction. Rows whose span vanished, or that would land on the span of
    another row with the same key, are deleted; returns how many. The moved rows are first put out of the way
    and then each in its place, so a unique constraint on the span never sees two rows at once (PostgreSQL
    checks one row at a time within an UPDATE)."""
    found = list(rows.only("pk", "start", "end", *key_fields, *(["triggers"] if triggers else [])))
    moved, seen, dropped = [], set(), []
    for row in found:
        start, end = carrier.carry(row.start, "start"), carrier.carry(row.end, "end")
        key = (*(getattr(row, name) for name in key_fields), start, end)
        if start >= end or key in seen:
            dropped.append(row.pk)
            continue
        seen.add(key)
        if triggers:
            words = [[carrier.carry(a, "start"), carrier.carry(b, "end")] for a, b in row.triggers]
            row.triggers = [pair for pair in words if pair[0] < pair[1]]
        if (start, end) != (row.start, row.end) or triggers:
            row.start, row.end = start, end
            moved.append(row)
    rows.filter(pk__in=dropped).delete()
    if moved:
        rows.filter(pk__in=[row.pk for row in moved]).update(
            start=models.F("start") + OUT_OF_THE_WAY, end=models.F("end") + OUT_OF_THE_WAY
        )
        rows.model.objects.bulk_update(moved, ["start", "end", *(["triggers"] if triggers else [])], batch_size=500)
    return len(dropped)


def to_review_by(user):
    """An interview annotation: how many of `user`'s passages in it a correction changed (before_edit), not yet
    marked reviewed. A subquery, so the interview page asks no extra query."""
    flagged = Passage.objects.filter(interview=models.OuterRef("pk"), coder=user).exclude(before_edit="").order_by()
    counted = flagged.values("interview").annotate(n=models.Count("pk")).values("n")
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)
