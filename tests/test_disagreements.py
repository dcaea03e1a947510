"""The disagreement stretches of two coders (interviews/disagreements.py), worked out by hand."""

from interviews.disagreements import BOUNDARIES, ONLY_A, ONLY_B, disagreements, merge


def test_the_same_spans_are_no_disagreement():
    spans = [("a", 0, 10, 1), ("b", 0, 10, 1), ("a", 20, 30, 2), ("b", 20, 25, 2), ("b", 25, 30, 2)]
    assert disagreements(spans, "a", "b") == []


def test_a_theme_of_one_coder_only_is_a_stretch_of_that_coder():
    found = disagreements([("a", 5, 9, 1), ("b", 40, 50, 2)], "a", "b")
    assert [(s.theme, s.start, s.end, s.kind) for s in found] == [(1, 5, 9, ONLY_A), (2, 40, 50, ONLY_B)]


def test_other_boundaries_make_one_stretch_over_both_covers():
    (stretch,) = disagreements([("a", 10, 20, 1), ("b", 15, 30, 1)], "a", "b")
    assert (stretch.start, stretch.end, stretch.kind) == (10, 30, BOUNDARIES)
    assert stretch.a == [(10, 20)] and stretch.b == [(15, 30)] and stretch.both() == [(10, 30)]


def test_a_chain_of_overlaps_is_one_stretch_and_the_same_span_on_another_theme_is_apart():
    spans = [("a", 0, 10, 1), ("b", 8, 20, 1), ("a", 18, 30, 1), ("b", 0, 10, 2)]
    found = disagreements(spans, "a", "b")
    assert [(s.theme, s.start, s.end) for s in found] == [(2, 0, 10), (1, 0, 30)]  # in text order
    assert found[1].a == [(0, 10), (18, 30)] and found[1].b == [(8, 20)]


def test_other_coders_and_empty_spans_are_ignored():
    assert disagreements([("c", 0, 10, 1), ("a", 5, 5, 1), ("b", 9, 3, 1)], "a", "b") == []


def test_merge_joins_overlapping_and_touching_spans():
    assert merge([(5, 8), (0, 3), (3, 4), (7, 12)]) == [(0, 4), (5, 12)]
