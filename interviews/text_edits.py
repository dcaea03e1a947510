"""Correcting a coded transcript: what differs between the old text and the new, and where each passage lands so
that it keeps covering the same words.

The differences come from diff-match-patch (a character diff; it trims the common start and end first, so one
correction in a 20k-word interview is diffed in under a millisecond, and after DIFF_SECONDS it stops looking for
the smallest diff and returns a correct larger one). Positions are code points, as everywhere (DESIGN.md).

A passage's start and end are carried through the changes. A change inside a passage is taken into it (the
passage is kept, with its old text, for its coder to review); text inserted exactly at a passage's edge stays
outside it; a passage whose every character was deleted is lost, and the caller keeps its snapshot.
"""

import bisect
import time
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

DIFF_SECONDS = 2.0
CONTEXT = 40  # characters shown either side of a change in the preview


class TooManyChanges(ValueError):
    """The diff ran out of time: its answer would be one coarse change that swallows the passages in it."""


@dataclass(frozen=True)
class Change:
    """old[start:end] became new[new_start:new_end]; one of the two may be empty."""

    start: int
    end: int
    new_start: int
    new_end: int


@dataclass(frozen=True)
class Landing:
    """Where a passage goes: its new span, and whether its text changed (to review) or vanished (lost)."""

    passage_id: int
    start: int
    end: int
    old_text: str
    new_text: str

    @property
    def lost(self):
        return self.end <= self.start

    @property
    def changed(self):
        return not self.lost and self.new_text != self.old_text


def changes(old, new):
    """The stretches that differ, in order, as whole words (see whole_words); neighbouring deletions and
    insertions make one change."""
    differ = diff_match_patch()
    differ.Diff_Timeout = DIFF_SECONDS
    began = time.monotonic()
    diffs = differ.diff_main(old, new)
    if time.monotonic() - began >= DIFF_SECONDS:  # it stopped looking: the diff is correct but not the smallest
        raise TooManyChanges(
            "Te veel wijzigingen tegelijk om elke passage op haar woorden te houden. Corrigeer de tekst in delen "
            "(een stuk tegelijk); er is niets opgeslagen."
        )
    differ.diff_cleanupSemantic(diffs)
    found, i, j, open_change = [], 0, 0, None
    for operation, part in diffs:
        if operation == 0:
            if open_change:
                found.append(Change(*open_change))
                open_change = None
            i, j = i + len(part), j + len(part)
            continue
        open_change = open_change or [i, i, j, j]
        if operation < 0:
            i += len(part)
            open_change[1] = i
        else:
            j += len(part)
            open_change[3] = j
    if open_change:
        found.append(Change(*open_change))
    return whole_words(found, old, new)


def whole_words(found, old, new):
    """Changes widened to the words they cut into: a fixed letter ("personeelstekrot" → "personeelstekort" diffs
    as one r deleted and one inserted) becomes the word replaced, which a preview can show and a passage ending
    in that word takes in. A change that starts or ends at a space (a word inserted between two) is not widened
    on that side, so it stays outside a passage it borders. The text around a change is the same in both, so
    widening moves both sides alike."""

    def word_at(text, position):
        return 0 <= position < len(text) and text[position].isalnum()

    widened = []
    for k, change in enumerate(found):
        start, end, new_start, new_end = change.start, change.end, change.new_start, change.new_end
        floor = widened[-1].end if widened else 0  # only over unchanged text: up to the neighbouring changes
        ceiling = found[k + 1].start if k + 1 < len(found) else len(old)
        if word_at(old, start) or word_at(new, new_start):
            while start > floor and old[start - 1].isalnum():
                start, new_start = start - 1, new_start - 1
        if word_at(old, end - 1) or word_at(new, new_end - 1):
            while end < ceiling and old[end].isalnum():
                end, new_end = end + 1, new_end + 1
        if widened and start <= widened[-1].end:  # widened into the one before: one change
            previous = widened.pop()
            start, new_start = previous.start, previous.new_start
            end, new_end = max(end, previous.end), max(new_end, previous.new_end)
        widened.append(Change(start, end, new_start, new_end))
    return widened


class Carrier:
    """Carries old positions into the new text through `changes` (sorted, separated by unchanged text)."""

    def __init__(self, found):
        self.changes = found
        self.starts = [c.start for c in found]

    def carry(self, position, edge):
        """The new position of `position`; edge "start" or "end" of a passage says which side of an insertion
        exactly there it keeps to (the outside), and a change around it is taken in."""
        i = bisect.bisect_right(self.starts, position)
        if i == 0:
            return position
        change = self.changes[i - 1]
        if position > change.end:
            return position + change.new_end - change.end
        if change.start == change.end:  # an insertion exactly here
            return change.new_end if edge == "start" else change.new_start
        if position == change.end:
            return change.new_end
        if position == change.start:
            return change.new_start
        return change.new_start if edge == "start" else change.new_end

    def land(self, passages, new):
        """A Landing per passage: passages as (id, start, end, text) in the old text."""
        landings = []
        for pk, start, end, text in passages:
            new_start, new_end = self.carry(start, "start"), self.carry(end, "end")
            landings.append(
                Landing(pk, new_start, new_end, text, new[new_start:new_end] if new_end > new_start else "")
            )
        return landings


@dataclass
class Edit:
    """A correction worked out before anything is stored: the new text, its changes and every passage's landing."""

    old: str
    new: str
    changes: list
    landings: list

    @classmethod
    def between(cls, old, new, passages):
        found = changes(old, new)
        return cls(old, new, found, Carrier(found).land(passages, new))

    @property
    def moved(self):
        return [landing for landing in self.landings if not landing.lost]

    @property
    def to_review(self):
        return [landing for landing in self.landings if landing.changed]

    @property
    def lost(self):
        return [landing for landing in self.landings if landing.lost]

    def shown_changes(self, context=CONTEXT):
        """Each change for the preview: (text before it, removed, inserted, text after it), in the new text's
        words for the context."""
        shown = []
        for c in self.changes:
            before = self.new[max(0, c.new_start - context) : c.new_start]
            after = self.new[c.new_end : c.new_end + context]
            if c.new_start > context and " " in before:  # whole words only, where the context was cut
                before = before[before.index(" ") + 1 :]
            if c.new_end + context < len(self.new) and " " in after:
                after = after[: after.rindex(" ")]
            shown.append((before, self.old[c.start : c.end], self.new[c.new_start : c.new_end], after))
        return shown
