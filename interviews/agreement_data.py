"""What the agreement of coders is computed from: a few values_list queries turned into numpy arrays.

`load(project, coders, interview_ids, themes, unit_kind)` reads, for the chosen coders, interviews and themes,
the interviews' lengths (counted by the database, so no transcript is loaded), their stored segments of one
kind (speaker turns or sentences) and every coding as (coder, theme, start, end). The interviews are laid end
to end on one continuum of code points (an interview's offset is the sum of the lengths before it), so each
level is a few array operations over the whole choice; agreement_report.py computes the figures from these
arrays. Three queries whatever the size of the choice.
"""

from dataclasses import dataclass

import numpy as np
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from .models import Coding, Segment


@dataclass
class Material:
    """The arrays of a choice. Codings are rows of `codings`: coder index, theme index, interview index,
    start and end on the shared continuum (interview offset + code point)."""

    coders: list  # users, in the order given
    themes: list  # Theme objects, in the order given
    interviews: list  # (id, title) in the order given
    lengths: np.ndarray  # code points per interview
    offsets: np.ndarray  # where each interview begins on the continuum
    unit_kind: str
    unit_starts: np.ndarray  # the segments on the continuum, sorted, end exclusive
    unit_ends: np.ndarray
    units_per_interview: np.ndarray
    codings: np.ndarray  # shape (n, 5), int64

    @property
    def length(self):
        return int(self.lengths.sum())


def load(project, coders, interview_ids, themes, unit_kind=Segment.Kind.TURN):
    """The Material of a choice (see the module docstring); interviews not in the project are left out."""
    rows = project.interviews.filter(pk__in=interview_ids).annotate(size=Length("text"))
    found = {pk: (title, size) for pk, title, size in rows.values_list("pk", "title", "size")}
    interviews = [(pk, found[pk][0]) for pk in dict.fromkeys(interview_ids) if pk in found]
    lengths = np.array([found[pk][1] for pk, _title in interviews], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64) if len(lengths) else lengths
    position = {pk: i for i, (pk, _title) in enumerate(interviews)}
    segments = np.array(
        list(
            Segment.objects.filter(interview_id__in=list(position), kind=unit_kind)
            .order_by()
            .values_list("interview_id", "start", "end")
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    segments[:, 0] = _positions(segments[:, 0], list(position))
    starts, ends, per_interview = _units(segments, offsets)
    return Material(list(coders), list(themes), interviews, lengths, offsets, unit_kind, starts, ends, per_interview,
                    _codings(coders, themes, list(position), offsets))  # fmt: skip


def _codings(coders, themes, interview_ids, offsets):
    """The table of codings (see Material). The themes are chosen here, not in SQL: with `tag_id IN (60 ids)`
    SQLite probes the coding index once per passage and theme (0.55 s of the page at bench scale, 33,432 codings
    of 28,468 passages); without it once per passage (0.08 s), and codings of other themes are dropped below."""
    rows = Coding.objects.filter(
        content_object__interview_id__in=interview_ids, content_object__coder_id__in=[user.pk for user in coders]
    ).order_by()
    table = np.array(
        list(rows.values_list("content_object__coder_id", "tag_id", "content_object__interview_id",
                              "content_object__start", "content_object__end")),
        dtype=np.int64,
    ).reshape(-1, 5)  # fmt: skip
    coder = _positions(table[:, 0], [user.pk for user in coders])
    theme = _positions(table[:, 1], [theme.pk for theme in themes])
    interview = _positions(table[:, 2], interview_ids)
    keep = theme >= 0
    coder, theme, interview, start, end = coder[keep], theme[keep], interview[keep], table[keep, 3], table[keep, 4]
    at = offsets[interview]
    return np.stack((coder, theme, interview, at + start, at + end), axis=1).reshape(-1, 5)


def _positions(ids, chosen):
    """The position in `chosen` (distinct ids) of each of `ids` (an int64 array), −1 where it is not chosen."""
    chosen = np.asarray(chosen, dtype=np.int64)
    if not len(chosen):
        return np.full(len(ids), -1, np.int64)
    order = np.argsort(chosen)
    at = np.minimum(np.searchsorted(chosen[order], ids), len(chosen) - 1)
    return np.where(chosen[order][at] == ids, order[at], -1)


def _units(segments, offsets):
    """The segments (rows interview id, start, end of the chosen interviews, whose ids `offsets` follow in
    order) moved onto the continuum and sorted; overlapping ones (none are stored, but a unit is counted once)
    are dropped after the first."""
    if not len(segments):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(len(offsets), np.int64)
    which = segments[:, 0]
    starts, ends = segments[:, 1] + offsets[which], segments[:, 2] + offsets[which]
    order = np.lexsort((ends, starts))
    starts, ends, which = starts[order], ends[order], which[order]
    keep = np.ones(len(starts), bool)
    keep[1:] = starts[1:] >= np.maximum.accumulate(ends)[:-1]
    starts, ends, which = starts[keep], ends[keep], which[keep]
    return starts, ends, np.bincount(which, minlength=len(offsets))


def problems(material):
    """Why this choice has no agreement to compute, as sentences for the researcher (empty when it has)."""
    found = []
    if len(material.coders) < 2:
        found.append(_("Kies minstens twee codeurs: overeenstemming vergelijkt codeurs met elkaar."))
    if not material.interviews:
        found.append(_("Kies minstens één interview van dit project."))
    if not material.themes:
        found.append(_("Kies minstens één thema."))
    if found:
        return found
    coded = set(material.codings[:, 2].tolist())
    uncoded = [title for i, (_pk, title) in enumerate(material.interviews) if i not in coded]
    if uncoded:
        found.append(
            _(
                "Geen van de gekozen codeurs codeerde %(titles)s met de gekozen thema's. Laat dit weg, of wacht "
                "tot er gecodeerd is: een interview zonder codering zegt niets over overeenstemming."
            )
            % {"titles": ", ".join(f"“{title}”" for title in uncoded)}
        )
    return found


def presence(material):
    """Boolean array coders × themes × interviews: the coder gave the theme somewhere in the interview."""
    marks = np.zeros((len(material.coders), len(material.themes), len(material.interviews)), bool)
    rows = material.codings
    marks[rows[:, 0], rows[:, 1], rows[:, 2]] = True
    return marks


def unit_marks(material):
    """Boolean array coders × themes × units: a passage of the coder with the theme overlaps the unit
    (shares at least one code point with it)."""
    coders, themes, count = len(material.coders), len(material.themes), len(material.unit_starts)
    rows = material.codings
    first = np.searchsorted(material.unit_ends, rows[:, 3], side="right")  # first unit ending after the start
    stop = np.searchsorted(material.unit_starts, rows[:, 4], side="left")  # units starting before the end
    hit = first < stop
    diff = np.zeros((coders * themes, count + 1), np.int32)
    slot = rows[hit, 0] * themes + rows[hit, 1]
    np.add.at(diff, (slot, first[hit]), 1)
    np.add.at(diff, (slot, stop[hit]), -1)
    # int32 sums: cumsum's default would widen them to int64 first, 0.3 s of the page at bench scale
    return (np.cumsum(diff[:, :count], axis=1, dtype=np.int32) > 0).reshape(coders, themes, count)


def spans(material, theme=None):
    """The codings (of one theme index, or all) as agreement.unitizing_alpha takes segments: an int64 array of
    rows (coder index, start, length, theme index), which unitizing checks in array operations."""
    rows = material.codings if theme is None else material.codings[material.codings[:, 1] == theme]
    return np.stack((rows[:, 0], rows[:, 3], rows[:, 4] - rows[:, 3], rows[:, 1]), axis=1).reshape(-1, 4)
