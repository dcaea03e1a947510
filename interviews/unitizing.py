"""Agreement on unitizing: how far coders agree on where, in a continuum, stretches of a category begin and end.

The continuum is `[begin, begin + length)` (for us: the code points of an interview's canonical text). A segment
is `(rater, start, length, category)`, half-open like every span in this project; what a rater leaves uncovered
are gaps, and gaps count: two coders who both leave a stretch uncoded agree on it, two who code different
stretches disagree by how far their boundaries lie apart.

- `unitizing_alpha`: Krippendorff's αU (2004), per category or pooled over the categories. A rater's segments
  of one category must not overlap (the definition partitions each rater's continuum per category); segments of
  different categories may.
- `u_alpha` and `binary_u_alpha`: the uα and |uα of Krippendorff, Mathet, Bouvry and Widlöcher (2016). These
  partition each rater's continuum into units and gaps over all categories at once, so a rater's segments must
  not overlap at all.
- `merge_segments`: the union of overlapping segments of one rater and category, for callers whose coders may
  draw overlapping passages of one theme.

Vectorised with numpy (sorting, binary search, running maxima, bincount): the straightforward loops took
0.8 s of the 1.4 s of the agreement page's continuum level at bench scale (2 coders × 202 interviews × 60
themes, 33,432 codings, cProfile, 5 Dec 2026); tests/test_unitizing_vectorised.py checks on random spans that
these give the same figures as those loops (kept in tests/unitizing_reference.py).

Written by hand because no maintained PyPI package computes these coefficients (DKPro Statistics
has αU in Java; the R and Python snippets around the 2016 paper are not packaged).
"""

from collections.abc import Hashable, Iterable
from typing import NamedTuple

import numpy as np

from .reliability import (
    EMPTY_CONTINUUM,
    NO_VARIATION,
    NOT_MARKED,
    TOO_FEW_RATERS,
    is_integer,
    one_minus,
    undefined,
)

REACH = 2**61  # positions are int64 arrays inside: a continuum lies within ±REACH, so sums of two cannot overflow


class _Checked(NamedTuple):
    """Segments checked, as arrays: rater and category are indexes into `raters` and `categories` (the categories
    in order of first appearance), start and stop (end exclusive) positions."""

    rater: np.ndarray
    start: np.ndarray
    stop: np.ndarray
    category: np.ndarray
    raters: list
    categories: list


def _continuum(begin, length):
    if not is_integer(begin) or not is_integer(length) or length < 0:
        raise ValueError(
            f"Het continuüm moet een geheel begin en een lengte van 0 of meer hebben, niet "
            f"begin={begin!r}, lengte={length!r}."
        )
    if not -REACH <= begin <= begin + length <= REACH:
        raise ValueError(f"Het continuüm moet binnen ±2^61 liggen, niet begin={begin!r}, lengte={length!r}.")
    return int(begin), int(begin) + int(length)


def _first_appearance(values):
    """(the distinct values of a 1-d array in order of first appearance, as a list; each value's index in it)."""
    distinct, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    return distinct[order].tolist(), rank[inverse.reshape(-1)]


def _outside(number, start, size, begin, end):
    if size < 1:
        return (
            f"Segment {number}: begin en lengte moeten gehele getallen zijn, de lengte minstens 1 "
            f"(nu begin={start!r}, lengte={size!r})."
        )
    return f"Segment {number} ({start}–{start + size}) valt buiten de tekst ({begin}–{end})."


def _array_segments(segments, begin, end):
    """An integer array of rows (rater, start, length, category), checked in a few array operations."""
    if segments.ndim != 2 or segments.shape[1] != 4 or not np.issubdtype(segments.dtype, np.integer):
        raise ValueError(
            "Een tabel van segmenten heeft vier kolommen gehele getallen: codeur, begin, lengte, categorie."
        )
    rows = segments.astype(np.int64, copy=False)
    start, size = rows[:, 1], rows[:, 2]
    inside = (start >= begin) & (start <= end)
    bad = (size < 1) | ~inside | (size > end - np.where(inside, start, end))  # no overflow: both within ±REACH
    if bad.any():
        number = int(np.argmax(bad))
        raise ValueError(_outside(number + 1, int(start[number]), int(size[number]), begin, end))
    raters, rater = _first_appearance(rows[:, 0])
    categories, category = _first_appearance(rows[:, 3])
    return raters, rater, start, start + size, categories, category


def _listed_segments(segments, begin, end):
    """Segments as any iterable of 4-tuples of Python objects, checked one by one (names may be any hashable)."""
    if isinstance(segments, str | bytes) or not isinstance(segments, Iterable):
        raise ValueError("segments moet een lijst van (codeur, begin, lengte, categorie) zijn.")
    raters, categories, rows = {}, {}, []
    for number, segment in enumerate(segments, start=1):
        if isinstance(segment, str | bytes) or not isinstance(segment, Iterable) or len(segment := tuple(segment)) != 4:
            raise ValueError(f"Segment {number} moet (codeur, begin, lengte, categorie) zijn, niet {segment!r}.")
        rater, start, size, category = segment
        if not isinstance(rater, Hashable) or not isinstance(category, Hashable) or category is None:
            raise ValueError(f"Segment {number}: codeur en categorie moeten een naam of nummer zijn.")
        if not is_integer(start) or not is_integer(size) or size < 1:
            raise ValueError(_outside(number, start, size, begin, end))
        if start < begin or start + size > end:
            raise ValueError(_outside(number, start, size, begin, end))
        rows.append(
            (
                raters.setdefault(rater, len(raters)),
                start,
                start + size,
                categories.setdefault(category, len(categories)),
            )
        )
    table = np.array(rows, dtype=np.int64).reshape(-1, 4)
    return list(raters), table[:, 0], table[:, 1], table[:, 2], list(categories), table[:, 3]


def _segments(segments, begin, end, raters):
    """The segments checked (_Checked), with the raters given, or those named in order of first appearance.

    `segments` is an iterable of (rater, start, length, category) tuples, or a 2-d integer numpy array of such
    rows (what agreement_data gives: checked in array operations instead of a Python loop)."""
    read = _array_segments if isinstance(segments, np.ndarray) else _listed_segments
    named, rater, start, stop, categories, category = read(segments, begin, end)
    if raters is None:
        return _Checked(rater, start, stop, category, named, categories)
    raters = list(raters)
    if len(set(raters)) != len(raters):
        raise ValueError("raters noemt een codeur meer dan eens.")
    position = {name: i for i, name in enumerate(raters)}
    unknown = [name for name in named if name not in position]
    if unknown:
        raise ValueError(f"Segmenten van codeur {unknown[0]!r}, die niet in raters staat.")
    moved = np.array([position[name] for name in named], dtype=np.int64)
    return _Checked(moved[rater], start, stop, category, raters, categories)


def _no_overlap(checked, group, raters, what):
    """ValueError when two segments of one group (a rater's, or a rater's of one category) overlap; touching is
    fine (half-open spans). Sorted by group and start, one overlap anywhere shows between neighbours."""
    order = np.lexsort((checked.stop, checked.start, group))
    group, start, stop = group[order], checked.start[order], checked.stop[order]
    clash = (group[1:] == group[:-1]) & (start[1:] < stop[:-1])
    if clash.any():
        i = int(np.argmax(clash))
        first = order[i]
        raise ValueError(
            f"Codeur {raters[checked.rater[first]]!r} heeft overlappende segmenten {what(first)} ({start[i]}–"
            f"{stop[i]} en {start[i + 1]}–{stop[i + 1]}); voeg ze eerst samen (merge_segments)."
        )


def _runs(group, start, stop):
    """The union of each group's spans: (the sort order by group and start, the index in it where each run of
    overlapping spans begins, each run's stop).

    One np.maximum.accumulate gives every group's running end at once: positions are replaced by their rank among
    all positions, and each group is lifted above the previous one by the number of ranks."""
    order = np.lexsort((start, group))
    group, start, stop = group[order], start[order], stop[order]
    points = np.unique(np.concatenate((start, stop)))
    lifted = group * len(points)
    reach = np.maximum.accumulate(lifted + np.searchsorted(points, stop))
    head = np.ones(len(start), bool)
    head[1:] = lifted[1:] + np.searchsorted(points, start[1:]) >= reach[:-1]  # touching spans stay apart
    heads = np.flatnonzero(head)
    return order, heads, np.maximum.reduceat(stop, heads) if len(heads) else stop[:0]


def merge_segments(segments):
    """The segments with each rater's overlapping segments of one category joined into one (their union).

    Touching segments (one ends where the next begins) stay apart: they are two units to αU. In order of each
    (rater, category)'s first appearance, then by start. An integer array in gives an int64 array of rows back,
    a list of tuples a list of tuples.
    """
    checked = _segments(segments, -REACH, REACH, None)
    _groups, group = _first_appearance(checked.rater * max(len(checked.categories), 1) + checked.category)
    order, heads, stop = _runs(group, checked.start, checked.stop)
    first = order[heads]
    rater, start, category = checked.rater[first], checked.start[first], checked.category[first]
    if isinstance(segments, np.ndarray):
        names = np.array(checked.raters, dtype=np.int64)[rater] if len(rater) else rater
        kinds = np.array(checked.categories, dtype=np.int64)[category] if len(category) else category
        return np.stack((names, start, stop - start, kinds), axis=1).reshape(-1, 4)
    return [
        (checked.raters[r], s, e - s, checked.categories[c])
        for r, s, e, c in zip(rater.tolist(), start.tolist(), stop.tolist(), category.tolist(), strict=True)
    ]


def _gaps(start, stop, begin, end):
    """The lengths of the stretches of [begin, end) between a rater's sorted, non-overlapping units."""
    sizes = np.concatenate((start, [end])) - np.concatenate(([begin], stop))
    return sizes[sizes > 0]


def _pair_disagreement(one, other):
    """Σ_g Σ_h δ²(g, h) between two raters' sections, Krippendorff (2004) p. 252:

    two overlapping units differ by the squares of their begins' and ends' distances; a unit inside the other's
    gap differs by its squared length; anything else (no overlap, a unit half in a gap) by 0. A unit lies inside
    one of the other's gaps exactly when it overlaps none of the other's units, so only overlapping pairs are
    visited: found by binary search, as both raters' units are sorted and do not overlap.
    """
    (b1, e1), (b2, e2) = one, other
    low = np.searchsorted(e2, b1, side="right")  # the first unit of `other` ending after each unit's begin
    hits = np.searchsorted(b2, e1, side="left") - low  # and how many begin before its end
    mine = np.repeat(np.arange(len(b1)), hits)
    theirs = np.repeat(low - (np.cumsum(hits) - hits), hits) + np.arange(int(hits.sum()))
    both = float(((b1[mine] - b2[theirs]).astype(float) ** 2 + (e1[mine] - e2[theirs]).astype(float) ** 2).sum())
    touched = np.zeros(len(b2), bool)
    touched[theirs] = True
    alone = float(((e1 - b1)[hits == 0].astype(float) ** 2).sum() + ((e2 - b2)[~touched].astype(float) ** 2).sum())
    return both + alone


def _expected_fraction(units, gaps, raters, length):
    """Krippendorff's (2004) expected disagreement of one category as (numerator, denominator): 2/L · Σ_units
    [(N−1)/3 · (2l³ − 3l² + l) + l² Σ_gaps≥l (l_gap − l + 1)] over mL(mL − 1) − Σ_units l(l − 1). The sums over
    gaps at least as long as a unit come from the sorted gaps' tail sums (exact integers); the products are
    floats (mL(mL − 1)·L passes 2^63 at bench scale)."""
    gaps = np.sort(gaps)
    tail = np.concatenate((np.cumsum(gaps[::-1])[::-1], [0]))  # tail[i] = sum of gaps[i:]
    first = np.searchsorted(gaps, units, side="left")
    fitting = (tail[first] - (units - 1) * (len(gaps) - first)).astype(float)
    size = units.astype(float)
    numerator = ((len(units) - 1) * size * (size - 1) * (2 * size - 1) + 3 * size * size * fitting).sum()
    total = float(raters * length)
    denominator = 3.0 * length * (total * (total - 1) - (size * (size - 1)).sum())
    return 2 * float(numerator), denominator


def _category_disagreements(rater, start, stop, raters, begin, end):
    """(observed, expected) disagreement of one category: its units sorted by rater (index) and start."""
    length, m = end - begin, raters
    cuts = np.searchsorted(rater, np.arange(m + 1))
    units = [(start[cuts[r] : cuts[r + 1]], stop[cuts[r] : cuts[r + 1]]) for r in range(m)]
    observed = sum(_pair_disagreement(units[a], units[b]) for a in range(m) for b in range(a + 1, m))
    observed = 2 * observed / (m * (m - 1) * float(length) ** 2)
    gaps = np.concatenate([_gaps(b, e, begin, end) for b, e in units])
    numerator, denominator = _expected_fraction(stop - start, gaps, m, length)
    return observed, numerator / denominator


def unitizing_alpha(segments, begin, length, category=None, raters=None):
    """Krippendorff's αU for unitizing a continuum, per category or (category=None) pooled over all categories.

    Krippendorff, K. (2004). Content Analysis: An Introduction to Its Methodology, 2nd ed., section 12.4
    (pp. 251–256), after Krippendorff (1995), On the reliability of unitizing continuous data, Sociological
    Methodology 25, 47–76. αU_c = 1 − uDo_c/uDe_c, uDo_c = Σ_i Σ_j≠i Σ_g Σ_h δ²/(m(m − 1)L²); the pooled αU is
    1 − Σ_c uDo_c / Σ_c uDe_c. `raters` lists every rater (one who marked nothing still counts); by default the
    raters named in `segments`. Undefined with fewer than two raters, an empty continuum, or (per category) when
    nobody marked the category.
    """
    begin, end = _continuum(begin, length)
    checked = _segments(segments, begin, end, raters)
    m = len(checked.raters)
    if m < 2:
        return undefined(TOO_FEW_RATERS)
    if end == begin:
        return undefined(EMPTY_CONTINUUM)
    by_category = checked.category * m + checked.rater
    _no_overlap(
        checked, by_category, checked.raters, lambda i: f"in categorie {checked.categories[checked.category[i]]!r}"
    )
    if category is None:
        kinds = range(len(checked.categories))
    else:
        kinds = [checked.categories.index(category)] if category in checked.categories else []
    if not kinds:
        return undefined(NOT_MARKED)
    order = np.lexsort((checked.start, by_category))
    kind, rater, start, stop = (
        array[order] for array in (checked.category, checked.rater, checked.start, checked.stop)
    )
    cuts = np.searchsorted(kind, np.arange(len(checked.categories) + 1))
    observed = expected = 0.0
    for k in kinds:
        part = slice(cuts[k], cuts[k + 1])
        kind_observed, kind_expected = _category_disagreements(rater[part], start[part], stop[part], m, begin, end)
        observed, expected = observed + kind_observed, expected + kind_expected
    return one_minus(observed, expected)


def _partition_values(segments, begin, length, raters, binary):
    """Per elementary stretch (between consecutive boundaries of anyone's segments): its length and how many
    raters gave it each value (column 0 the gap); and per value Σ l² of its units (the gap: Σ of its lengths).
    The counts are running sums of +1 where a segment begins and −1 where it ends (np.bincount, np.cumsum)."""
    begin, end = _continuum(begin, length)
    checked = _segments(segments, begin, end, raters)
    _no_overlap(checked, checked.rater, checked.raters, lambda _i: "(ook niet van verschillende categorieën)")
    value = np.ones_like(checked.category) if binary else checked.category + 1
    width = (1 if binary else len(checked.categories)) + 1
    boundaries = np.unique(np.concatenate(([begin, end], checked.start, checked.stop)))
    stretches = np.diff(boundaries).astype(float)
    cells = len(boundaries) * width
    steps = np.bincount(np.searchsorted(boundaries, checked.start) * width + value, minlength=cells) - np.bincount(
        np.searchsorted(boundaries, checked.stop) * width + value, minlength=cells
    )
    counts = np.cumsum(steps.reshape(len(boundaries), width), axis=0)[:-1].astype(float)
    counts[:, 0] = len(checked.raters) - counts[:, 1:].sum(axis=1)
    sizes = (checked.stop - checked.start).astype(float)
    corrections = np.bincount(value, weights=sizes**2, minlength=width).astype(float)
    corrections[0] = float(counts[:, 0] @ stretches)  # a gap pairs by chance like stretches of length one
    return checked.raters, stretches, counts, corrections


def _u_alpha(segments, begin, length, raters, binary, partition=None):
    """uα or |uα from the partition of the continuum (`partition`: _partition_values; the tests pass the former
    loops' version to compare the two on the same arithmetic)."""
    partition = partition or _partition_values
    raters, stretches, counts, corrections = partition(segments, begin, length, raters, binary)
    m = len(raters)
    if m < 2:
        return undefined(TOO_FEW_RATERS)
    if len(stretches) == 0:
        return undefined(EMPTY_CONTINUUM)
    weighted = counts * stretches[:, None]
    coincidences = (weighted.T @ counts - np.diag(weighted.sum(axis=0))) / (m - 1)
    total = coincidences.sum()
    marginals = coincidences.sum(axis=1)
    expected = (np.outer(marginals, marginals) - np.diag(corrections)) / (total - corrections.sum() / total)
    observed_off = total - np.trace(coincidences)
    expected_off = expected.sum() - np.trace(expected)
    return one_minus(observed_off / total, expected_off / total, NO_VARIATION)


def u_alpha(segments, begin, length, raters=None):
    """Krippendorff's uα: agreement on where units lie and which category they have, gaps included.

    Krippendorff, K., Mathet, Y., Bouvry, S. and Widlöcher, A. (2016). On the reliability of unitizing textual
    continua: further developments. Quality & Quantity 50, 2347–2364; as Krippendorff (2019), Content Analysis,
    4th ed., section 12.6.3. Coincidences are the lengths of intersections of the raters' sections (units by
    category, gaps as one value), over m − 1; expected coincidences ε_ck = (ℓ_c. ℓ_.k − [c = k] Σ l²)/(ℓ.. −
    Σ l²/ℓ..), where a unit counts l² and a gap l (each of its positions pairs apart). Each rater's segments must
    not overlap. Undefined with fewer than two raters, an empty continuum, or nothing coded by anyone.
    """
    return _u_alpha(segments, begin, length, raters, binary=False)


def binary_u_alpha(segments, begin, length, raters=None):
    """Krippendorff's |uα: agreement on where units lie, whatever their category (units against gaps).

    Krippendorff, Mathet, Bouvry and Widlöcher (2016), the binary coefficient; Krippendorff (2019) section
    12.6.4. As `u_alpha` with every category taken as one value "unit". Each rater's segments must not overlap.
    """
    return _u_alpha(segments, begin, length, raters, binary=True)
