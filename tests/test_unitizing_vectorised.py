"""The vectorised unitizing coefficients (interviews/unitizing.py) give the figures of the straightforward loops
they replaced (tests/unitizing_reference.py) on random spans: seeded numpy, so a failure names its seed.

Spans are drawn with every awkward case in reach: overlapping and touching passages of one rater, a passage from
the continuum's first to its last code point, a rater who marked nothing, a category only one rater used, a
continuum that does not begin at 0. Figures agree to 1e-9 (the loops summed in another order and, for the
expected disagreement, in exact integers); undefined figures have the same reason.
"""

import math

import numpy as np
import pytest
import unitizing_reference as reference

from interviews import unitizing

SEEDS = range(60)


def _spans(rng, raters, categories, begin, length, count):
    """Random (rater, start, length, category) spans, overlaps allowed, some touching, one over everything."""
    spans = []
    for _ in range(count):
        start = int(rng.integers(begin, begin + length))
        size = int(rng.integers(1, max(2, min(length // 3, begin + length - start + 1))))
        size = min(size, begin + length - start)
        spans.append(
            (raters[int(rng.integers(len(raters)))], start, size, categories[int(rng.integers(len(categories)))])
        )
    if count and rng.random() < 0.3:
        rater, start, size, category = spans[-1]
        if start + size < begin + length:  # a span that touches the previous one
            spans.append((rater, start + size, 1, category))
    if rng.random() < 0.1:
        spans.append((raters[0], begin, length, categories[0]))
    return spans


def _partition(rng, raters, categories, begin, length):
    """Per rater, non-overlapping spans (as uα needs): the continuum cut at random, each piece a unit or a gap."""
    spans = []
    for rater in raters:
        cuts = np.unique(np.concatenate(([begin, begin + length], rng.integers(begin, begin + length, 8))))
        for start, stop in zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True):
            if rng.random() < 0.5:
                spans.append((rater, start, stop - start, categories[int(rng.integers(len(categories)))]))
    return spans


def _case(seed):
    rng = np.random.default_rng(seed)
    names = (["anna", "bram", "cor", "dirk"], [3, 1, 7, 5])[seed % 2]
    raters = names[: 2 + seed % 3]
    categories = (["zorg", "wonen", "werk", "school"], [10, 20, 30, 40])[seed // 2 % 2][: 1 + seed % 4]
    begin, length = int(rng.integers(-50, 50)), int(rng.integers(20, 400))
    marking = raters[:-1] if seed % 5 == 0 else raters  # the last rater marked nothing
    spans = _spans(rng, marking, categories, begin, length, int(rng.integers(0, 40)))
    return rng, raters, categories, begin, length, spans


def same(fast, slow):
    if math.isnan(slow):
        return math.isnan(fast) and fast.reason == slow.reason
    return fast == pytest.approx(slow, rel=1e-9, abs=1e-12) and not fast.reason


@pytest.mark.parametrize("seed", SEEDS)
def test_merge_segments_is_the_loops_union(seed):
    *_rest, spans = _case(seed)
    merged = unitizing.merge_segments(spans)
    assert merged == reference.merge_segments(spans)
    if spans and isinstance(spans[0][0], int) and isinstance(spans[0][3], int):
        array = unitizing.merge_segments(np.array(spans, dtype=np.int64))
        assert array.dtype == np.int64 and [tuple(row) for row in array.tolist()] == merged


@pytest.mark.parametrize("seed", SEEDS)
def test_unitizing_alpha_is_the_loops_figure(seed):
    _rng, raters, categories, begin, length, spans = _case(seed)
    merged = reference.merge_segments(spans)
    for category in [None, *categories, "nergens"]:
        slow = reference.unitizing_alpha(merged, begin, length, category=category, raters=raters)
        assert same(unitizing.unitizing_alpha(merged, begin, length, category=category, raters=raters), slow)
    if merged and isinstance(raters[0], int) and isinstance(categories[0], int):
        array = np.array(merged, dtype=np.int64).reshape(-1, 4)
        assert same(unitizing.unitizing_alpha(array, begin, length, raters=raters), reference.unitizing_alpha(
            merged, begin, length, raters=raters))  # fmt: skip


@pytest.mark.parametrize("seed", SEEDS)
def test_u_alpha_and_binary_u_alpha_are_the_loops_figures(seed):
    rng, raters, categories, begin, length, _spans = _case(seed)
    spans = _partition(rng, raters[:-1] if seed % 5 == 0 else raters, categories, begin, length)
    for fast, slow in ((unitizing.u_alpha, reference.u_alpha), (unitizing.binary_u_alpha, reference.binary_u_alpha)):
        assert same(fast(spans, begin, length, raters=raters), slow(spans, begin, length, raters=raters))
        if isinstance(raters[0], int) and isinstance(categories[0], int):
            array = np.array(spans, dtype=np.int64).reshape(-1, 4)
            assert same(fast(array, begin, length, raters=raters), slow(spans, begin, length, raters=raters))


def test_overlaps_and_edges_are_refused_or_undefined_alike():
    overlapping = [("a", 0, 5, "x"), ("a", 4, 3, "x"), ("b", 0, 2, "x")]
    for module in (unitizing, reference):
        with pytest.raises(ValueError, match="overlappende segmenten in categorie 'x'"):
            module.unitizing_alpha(overlapping, 0, 20)
        with pytest.raises(ValueError, match="ook niet van verschillende"):
            module.u_alpha([("a", 0, 5, "x"), ("a", 3, 5, "y"), ("b", 0, 2, "x")], 0, 20)
    for call in (
        lambda m: m.unitizing_alpha([], 0, 0, raters=["a", "b"]),
        lambda m: m.unitizing_alpha([("a", 0, 3, "x")], 0, 20),
        lambda m: m.u_alpha([], 5, 0, raters=["a", "b"]),
        lambda m: m.binary_u_alpha([], 0, 20, raters=["a", "b"]),
    ):
        assert same(call(unitizing), call(reference))


@pytest.mark.parametrize(
    "rows",
    [
        np.array([[0, 1.5, 2, 0]]),  # not integers
        np.array([0, 1, 2, 0]),  # not a table
        np.array([[0, 1, 2]]),  # three columns
        np.array([[0, 1, 0, 0]]),  # empty span
        np.array([[0, -1, 2, 0]]),  # before the text
        np.array([[0, 9, 2, 0]]),  # past its end
        np.array([[0, 2**62, 2**62, 0]]),  # would overflow
    ],
)
def test_a_malformed_array_is_a_value_error_in_words(rows):
    with pytest.raises(ValueError, match="egment|kolommen"):
        unitizing.unitizing_alpha(rows, 0, 10, raters=[0, 1])


def test_a_continuum_beyond_int64_arithmetic_is_refused():
    with pytest.raises(ValueError, match="2\\^61"):
        unitizing.unitizing_alpha([("a", 0, 1, "x"), ("b", 0, 1, "x")], 2**62, 10)
