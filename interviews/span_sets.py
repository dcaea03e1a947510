"""Coded regions of one text as sets of spans, and the relations a code-combination query asks about.

A region is a sorted list of disjoint, non-touching (start, end) spans, end exclusive, in code points: the
characters coded with a theme, or with all of some themes, or with one theme but not another. `region()`
makes one from any spans; `both()` and `without()` intersect and subtract two. A region's spans are the
units a relation compares (`related()`), and each pair that stands in the relation gives a hit span: their
intersection for "overlap" and "inside", the stretch from the first start to the last end for the others.

Written by hand rather than with `portion` (the interval library): on 200 interviews × 300 passages portion
took 1,176 ms for one union, intersection and difference each; these list merges take ~10 ms, and the query
page's budget is 500 ms for a whole relation over the study.

`Layout` holds what the relations need of the text: its speaker turns, sentences and words (the Token index).
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

OVERLAP, INSIDE, SAME_TURN, SAME_SENTENCE, NEAR, FOLLOWED_BY = (
    "overlap",
    "inside",
    "same_turn",
    "same_sentence",
    "near",
    "followed_by",
)
RELATIONS = (OVERLAP, INSIDE, SAME_TURN, SAME_SENTENCE, NEAR, FOLLOWED_BY)
WITH_DISTANCE = (NEAR, FOLLOWED_BY)


def region(spans):
    """The characters covered by any of `spans`, as sorted disjoint spans (touching spans joined)."""
    merged = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def both(a, b):
    """The characters in region `a` and in region `b`."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def without(a, b):
    """The characters of region `a` not in region `b`."""
    out, j = [], 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > start:
                out.append((start, b[k][0]))
            start = max(start, b[k][1])
            k += 1
        if start < end:
            out.append((start, end))
    return out


# A word, for "within N words": a run of letters and digits (a hyphen or an apostrophe parts two words).
WORD = re.compile(r"(?<!\w)\w+")


@dataclass
class Layout:
    """The units of one text the relations use: its turns and sentences (sorted disjoint spans), its text."""

    turns: list = field(default_factory=list)
    sentences: list = field(default_factory=list)
    text: str = ""

    def words_between(self, end, start, limit):
        """How many words lie wholly between offset `end` and offset `start`, counted up to limit + 1 at most
        (the relations look only a few words ahead, so the text is read no further)."""
        count = 0
        for match in WORD.finditer(self.text, end):
            if match.end() > start or count > limit:
                break
            count += 1
        return count


def related(relation, a, b, layout, distance=0):
    """The hit spans of the units of region `a` that stand in `relation` to units of region `b`, sorted."""
    if relation in (OVERLAP, INSIDE):
        return sorted(_overlapping(relation, a, b))
    if relation in (SAME_TURN, SAME_SENTENCE):
        return sorted(_in_same_unit(layout.turns if relation == SAME_TURN else layout.sentences, a, b))
    return sorted(_within(relation == FOLLOWED_BY, a, b, layout, distance))


def _overlapping(relation, a, b):
    hits, j = set(), 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            other = b[k]
            if relation == OVERLAP:
                hits.add((max(start, other[0]), min(end, other[1])))
            elif other[0] <= start and end <= other[1]:
                hits.add((start, end))
            elif start <= other[0] and other[1] <= end:
                hits.add(other)
            k += 1
    return hits


def _in_same_unit(units, a, b):
    ends, starts = [end for _, end in units], [start for start, _ in units]
    by_unit = {}
    for span in a:
        for unit in range(bisect_right(ends, span[0]), bisect_left(starts, span[1])):
            by_unit.setdefault(unit, []).append(span)
    hits = set()
    for span in b:
        for unit in range(bisect_right(ends, span[0]), bisect_left(starts, span[1])):
            hits.update((min(s, span[0]), max(e, span[1])) for s, e in by_unit.get(unit, ()))
    return hits


def _within(followed, a, b, layout, distance):
    """Pairs with at most `distance` words between them (b after a, or either way when not `followed`)."""
    hits = set()
    b_starts, b_ends = [start for start, _ in b], [end for _, end in b]
    for start, end in a:
        j = bisect_left(b_starts, end)
        while j < len(b) and layout.words_between(end, b[j][0], distance) <= distance:
            hits.add((start, b[j][1]))
            j += 1
        if followed:
            continue
        k = bisect_right(b_ends, start) - 1
        while k >= 0 and layout.words_between(b[k][1], start, distance) <= distance:
            hits.add((b[k][0], end))
            k -= 1
        for other in b[bisect_right(b_ends, start) : bisect_left(b_starts, end)]:
            hits.add((min(start, other[0]), max(end, other[1])))
    return hits
