"""The straightforward, loop-by-loop unitizing coefficients, as interviews/unitizing.py computed them before it was
vectorised (commit d619635): kept here only so tests/test_unitizing_vectorised.py can check on random spans that
the numpy version gives the same figures. Not imported by the app. uα's arithmetic after the partition of the
continuum is unitizing's own (it did not change); the partition is the loops'.
"""

import bisect
from collections import defaultdict
from collections.abc import Hashable, Iterable

import numpy as np

from interviews import unitizing
from interviews.reliability import (
    EMPTY_CONTINUUM,
    NOT_MARKED,
    TOO_FEW_RATERS,
    is_integer,
    one_minus,
    undefined,
)


def _continuum(begin, length):
    if not is_integer(begin) or not is_integer(length) or length < 0:
        raise ValueError(
            f"Het continuüm moet een geheel begin en een lengte van 0 of meer hebben, niet "
            f"begin={begin!r}, lengte={length!r}."
        )
    return int(begin), int(begin) + int(length)


def _segments(segments, begin, end, raters):
    """The segments checked and as tuples, and the raters (given, or in order of first appearance)."""
    if isinstance(segments, str | bytes) or not isinstance(segments, Iterable):
        raise ValueError("segments moet een lijst van (codeur, begin, lengte, categorie) zijn.")
    checked = []
    for number, segment in enumerate(segments, start=1):
        if isinstance(segment, str | bytes) or not isinstance(segment, Iterable) or len(segment := tuple(segment)) != 4:
            raise ValueError(f"Segment {number} moet (codeur, begin, lengte, categorie) zijn, niet {segment!r}.")
        rater, start, size, category = segment
        if not isinstance(rater, Hashable) or not isinstance(category, Hashable) or category is None:
            raise ValueError(f"Segment {number}: codeur en categorie moeten een naam of nummer zijn.")
        if not is_integer(start) or not is_integer(size) or size < 1:
            raise ValueError(
                f"Segment {number}: begin en lengte moeten gehele getallen zijn, de lengte minstens 1 "
                f"(nu begin={start!r}, lengte={size!r})."
            )
        if start < begin or start + size > end:
            raise ValueError(f"Segment {number} ({start}–{start + size}) valt buiten de tekst ({begin}–{end}).")
        checked.append((rater, int(start), int(size), category))
    named = list(dict.fromkeys(rater for rater, *_ in checked))
    if raters is None:
        return checked, named
    raters = list(raters)
    if len(set(raters)) != len(raters):
        raise ValueError("raters noemt een codeur meer dan eens.")
    unknown = [rater for rater in named if rater not in set(raters)]
    if unknown:
        raise ValueError(f"Segmenten van codeur {unknown[0]!r}, die niet in raters staat.")
    return checked, raters


def _no_overlap(units, rater, what):
    """`units` (start, length) sorted; ValueError when two overlap (touching is fine: half-open spans)."""
    units.sort()
    for (start, size), (after, after_size) in zip(units, units[1:]):
        if after < start + size:
            raise ValueError(
                f"Codeur {rater!r} heeft overlappende segmenten {what} ({start}–{start + size} en "
                f"{after}–{after + after_size}); voeg ze eerst samen (merge_segments)."
            )
    return units


def merge_segments(segments):
    """The segments with each rater's overlapping segments of one category joined into one (their union).

    Touching segments (one ends where the next begins) stay apart: they are two units to αU. Sorted by rater
    order of appearance, category order of appearance and start.
    """
    checked, _ = _segments(segments, -(2**62), 2**62, None)
    groups = defaultdict(list)
    for rater, start, size, category in checked:
        groups[rater, category].append((start, start + size))
    merged = []
    for (rater, category), spans in groups.items():
        spans.sort()
        current = list(spans[0])
        for start, stop in spans[1:]:
            if start < current[1]:
                current[1] = max(current[1], stop)
            else:
                merged.append((rater, current[0], current[1] - current[0], category))
                current = [start, stop]
        merged.append((rater, current[0], current[1] - current[0], category))
    return merged


def _sections(units, begin, end):
    """A rater's continuum cut into its units and the gaps between them: arrays of begin, length, is-unit."""
    sections, cursor = [], begin
    for start, size in units:
        if start > cursor:
            sections.append((cursor, start - cursor, False))
        sections.append((start, size, True))
        cursor = start + size
    if cursor < end:
        sections.append((cursor, end - cursor, False))
    starts, sizes, is_unit = zip(*sections)
    return np.array(starts, dtype=float), np.array(sizes, dtype=float), np.array(is_unit)


def _pair_disagreement(one, other):
    """Σ_g Σ_h δ²(g, h) between two raters' sections, Krippendorff (2004) p. 252:

    two overlapping units differ by the squares of their begins' and ends' distances; a unit inside the other's
    gap differs by its squared length; anything else (no overlap, a unit half in a gap) by 0.
    """
    b1, l1, w1 = (array[:, None] for array in one)
    b2, l2, w2 = (array[None, :] for array in other)
    e1, e2 = b1 + l1, b2 + l2
    both = w1 & w2 & (b1 < e2) & (b2 < e1)
    unit_in_gap = w1 & ~w2 & (b2 <= b1) & (e1 <= e2)
    gap_around_unit = ~w1 & w2 & (b1 <= b2) & (e2 <= e1)
    total = np.where(both, (b1 - b2) ** 2 + (e1 - e2) ** 2, 0.0).sum()
    return float(total + np.where(unit_in_gap, l1**2, 0.0).sum() + np.where(gap_around_unit, l2**2, 0.0).sum())


def _expected_numerator(units, gaps, raters, length):
    """Krippendorff's (2004) expected disagreement of one category as a fraction (numerator, denominator),
    in exact integers: 2/L · Σ_units [(N−1)/3 · (2l³ − 3l² + l) + l² Σ_gaps≥l (l_gap − l + 1)] over
    mL(mL − 1) − Σ_units l(l − 1)."""
    gaps = sorted(gaps)
    tail = [0] * (len(gaps) + 1)  # tail[i] = sum of gaps[i:]
    for i in range(len(gaps) - 1, -1, -1):
        tail[i] = tail[i + 1] + gaps[i]
    count = len(units)
    numerator = 0
    for size in units:
        first = bisect.bisect_left(gaps, size)
        fitting = tail[first] - (size - 1) * (len(gaps) - first)
        numerator += (count - 1) * size * (size - 1) * (2 * size - 1) + 3 * size * size * fitting
    total = raters * length
    denominator = 3 * length * (total * (total - 1) - sum(size * (size - 1) for size in units))
    return 2 * numerator, denominator


def _category_disagreements(by_rater, raters, begin, end):
    """(observed, expected) disagreement of one category: by_rater maps rater → its units (start, length)."""
    length, m = end - begin, len(raters)
    sections = {rater: _sections(by_rater.get(rater, []), begin, end) for rater in raters}
    observed = sum(_pair_disagreement(sections[a], sections[b]) for i, a in enumerate(raters) for b in raters[i + 1 :])
    observed = 2 * observed / (m * (m - 1) * length**2)
    units = [int(size) for rater in raters for size, unit in zip(sections[rater][1], sections[rater][2]) if unit]
    gaps = [int(size) for rater in raters for size, unit in zip(sections[rater][1], sections[rater][2]) if not unit]
    numerator, denominator = _expected_numerator(units, gaps, m, length)
    return observed, numerator / denominator


def unitizing_alpha(segments, begin, length, category=None, raters=None):
    """unitizing.unitizing_alpha, computed with the loops."""
    begin, end = _continuum(begin, length)
    checked, raters = _segments(segments, begin, end, raters)
    if len(raters) < 2:
        return undefined(TOO_FEW_RATERS)
    if end == begin:
        return undefined(EMPTY_CONTINUUM)
    units = defaultdict(lambda: defaultdict(list))  # category → rater → [(start, length)]
    for rater, start, size, kind in checked:
        units[kind][rater].append((start, size))
    for kind, by_rater in units.items():
        for rater, spans in by_rater.items():
            _no_overlap(spans, rater, f"in categorie {kind!r}")
    kinds = list(units) if category is None else [category] if category in units else []
    if not kinds:
        return undefined(NOT_MARKED)
    observed = expected = 0.0
    for kind in kinds:
        kind_observed, kind_expected = _category_disagreements(units[kind], raters, begin, end)
        observed, expected = observed + kind_observed, expected + kind_expected
    return one_minus(observed, expected)


def _partition_values(segments, begin, length, raters, binary):
    """Per elementary stretch (between consecutive boundaries of anyone's segments): its length and how many
    raters gave it each value (column 0 the gap); and per value Σ l² of its units (the gap: Σ of its lengths)."""
    begin, end = _continuum(begin, length)
    checked, raters = _segments(segments, begin, end, raters)
    by_rater = defaultdict(list)
    for rater, start, size, _category in checked:
        by_rater[rater].append((start, size))
    for rater, spans in by_rater.items():
        _no_overlap(spans, rater, "(ook niet van verschillende categorieën)")
    values = (
        {"unit": 1} if binary else {category: i for i, category in enumerate(dict.fromkeys(c for *_, c in checked), 1)}
    )
    boundaries = np.array(sorted({begin, end} | {s for _, s, _, _ in checked} | {s + n for _, s, n, _ in checked}))
    stretches = np.diff(boundaries).astype(float)
    counts = np.zeros((len(stretches), len(values) + 1))
    counts[:, 0] = len(raters)
    corrections = np.zeros(len(values) + 1)
    for _rater, start, size, category in checked:
        value = values["unit" if binary else category]
        first, last = np.searchsorted(boundaries, [start, start + size])
        counts[first:last, 0] -= 1
        counts[first:last, value] += 1
        corrections[value] += float(size) ** 2
    corrections[0] = float(counts[:, 0] @ stretches)  # a gap pairs by chance like stretches of length one
    return raters, stretches, counts, corrections


def u_alpha(segments, begin, length, raters=None):
    """unitizing.u_alpha over the loops' partition of the continuum."""
    return unitizing._u_alpha(segments, begin, length, raters, binary=False, partition=_partition_values)


def binary_u_alpha(segments, begin, length, raters=None):
    """unitizing.binary_u_alpha over the loops' partition of the continuum."""
    return unitizing._u_alpha(segments, begin, length, raters, binary=True, partition=_partition_values)
