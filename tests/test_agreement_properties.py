"""Properties of interviews/agreement.py and unitizing.py: perfect agreement is 1, coders can be swapped,
undefined is nan with a reason, bad input a ValueError. (The published worked examples: test_agreement_stats.py.)"""

import math
import pickle

import numpy as np
import pytest

from interviews.agreement import (
    LEVELS,
    bennett_s,
    binary_u_alpha,
    brennan_prediger_kappa_n,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    krippendorff_alpha_counts,
    merge_segments,
    randolph_kappa_free,
    scott_pi,
    u_alpha,
    unitizing_alpha,
)
from interviews.reliability import NO_PAIRS, NO_VARIATION, NOT_MARKED, TOO_FEW_CATEGORIES, TOO_FEW_RATERS
from tests.test_agreement_stats import COHEN, RELIABILITY_DATA, N, _pairs

# perfect agreement is 1, coders can be swapped, undefined is nan with a reason, bad input a ValueError.
SPANS = [("a", 0, 5, "x"), ("a", 10, 4, "y"), ("b", 1, 5, "x"), ("b", 9, 4, "y"), ("c", 0, 6, "x")]


def test_perfect_agreement_is_one():
    same = [[1, 2, 3, 1], [1, 2, 3, 1], [1, 2, 3, N]]
    assert all(krippendorff_alpha(same, level) == 1.0 for level in LEVELS)
    diagonal = [[5, 0, 0], [0, 7, 0], [0, 0, 2]]
    assert cohen_kappa(diagonal) == scott_pi(diagonal) == bennett_s(diagonal) == 1.0
    assert fleiss_kappa(_pairs(diagonal)) == randolph_kappa_free(_pairs(diagonal)) == 1.0
    twice = [(rater, start, size, kind) for rater in "ab" for start, size, kind in [(0, 5, "x"), (9, 3, "y")]]
    assert unitizing_alpha(twice, 0, 20) == u_alpha(twice, 0, 20) == binary_u_alpha(twice, 0, 20) == 1.0


def test_coders_can_be_swapped():
    shuffled = [RELIABILITY_DATA[i] for i in (2, 0, 3, 1)]
    for level in LEVELS:
        assert krippendorff_alpha(shuffled, level) == pytest.approx(krippendorff_alpha(RELIABILITY_DATA, level))
    flipped = np.array(COHEN).T.tolist()
    for coefficient in (cohen_kappa, scott_pi, bennett_s, brennan_prediger_kappa_n):
        assert coefficient(flipped) == pytest.approx(coefficient(COHEN))
    renamed = [({"a": "c", "c": "a"}.get(r, r), s, n, k) for r, s, n, k in SPANS]
    for coefficient in (unitizing_alpha, u_alpha, binary_u_alpha):
        segments = SPANS if coefficient is unitizing_alpha else SPANS[:4]
        swapped = (
            renamed
            if coefficient is unitizing_alpha
            else [({"a": "b", "b": "a"}[r], s, n, k) for r, s, n, k in SPANS[:4]]
        )
        assert coefficient(swapped, 0, 20) == pytest.approx(coefficient(segments, 0, 20))


def test_undefined_is_nan_with_a_reason():
    cases = [
        (krippendorff_alpha([[1, 1, 1], [1, 1, N]]), NO_VARIATION),
        (krippendorff_alpha([[1, N], [N, 2]]), NO_PAIRS),
        (krippendorff_alpha_counts([[1, 0], [0, 1]]), NO_PAIRS),
        (krippendorff_alpha_counts(np.zeros((0, 2))), NO_PAIRS),
        (krippendorff_alpha_counts([[2, 0], [3, 0]]), NO_VARIATION),
        (cohen_kappa([[9]]), NO_VARIATION),
        (bennett_s([[9]]), TOO_FEW_CATEGORIES),
        (fleiss_kappa([[3, 0], [3, 0]]), NO_VARIATION),
        (unitizing_alpha(SPANS, 0, 20, "z"), NOT_MARKED),
        (unitizing_alpha([("a", 0, 3, "x")], 0, 20), TOO_FEW_RATERS),
        (u_alpha([], 0, 20, raters=["a", "b"]), NO_VARIATION),
    ]
    for value, reason in cases:
        assert math.isnan(value) and math.isnan(float(value)) and value.reason == reason
    restored = pickle.loads(pickle.dumps(cases[0][0]))
    assert math.isnan(restored) and restored.reason == NO_VARIATION
    assert krippendorff_alpha(RELIABILITY_DATA).reason == ""


def test_a_rater_who_marked_nothing_still_counts():
    alone = unitizing_alpha(SPANS, 0, 20, raters=["a", "b", "c", "d"])
    assert alone < unitizing_alpha(SPANS, 0, 20)


@pytest.mark.parametrize(
    "call",
    [
        lambda: krippendorff_alpha([[1, 2, 3], [1, 2]]),
        lambda: krippendorff_alpha([[1, 2]], level="kardinaal"),
        lambda: krippendorff_alpha([["a", "b"], ["a", "c"]], level="interval"),
        lambda: krippendorff_alpha([[-1, 2], [1, 2]], level="ratio"),
        lambda: krippendorff_alpha("12"),
        lambda: krippendorff_alpha_counts([[1, -1]]),
        lambda: krippendorff_alpha_counts([[1.5, 1]]),
        lambda: krippendorff_alpha_counts(np.array([[1.5, 1]])),
        lambda: krippendorff_alpha_counts(np.array([[np.inf, 1]])),
        lambda: krippendorff_alpha_counts([[1, 1]], level="kardinaal"),
        lambda: krippendorff_alpha_counts([[1, 1]], values=[1]),
        lambda: krippendorff_alpha_counts([[1, 1]], values=[1, 1]),
        lambda: krippendorff_alpha_counts([[1, 1]], "interval", values=["a", "b"]),
        lambda: krippendorff_alpha_counts([[1, 1]], values=[[1], [2]]),
        lambda: cohen_kappa([[1, -2], [3, 4]]),
        lambda: cohen_kappa([[1, 2, 3], [3, 4, 5]]),
        lambda: scott_pi([[1, float("nan")], [3, 4]]),
        lambda: brennan_prediger_kappa_n(COHEN, n_categories=2),
        lambda: fleiss_kappa([[2, 1], [1, 1]]),
        lambda: fleiss_kappa([[1, 0], [0, 1]]),
        lambda: randolph_kappa_free([[1.5, 0.5]]),
        lambda: unitizing_alpha([("a", 18, 5, "x"), ("b", 0, 2, "x")], 0, 20),
        lambda: unitizing_alpha([("a", 0, 5, "x"), ("a", 4, 3, "x"), ("b", 0, 2, "x")], 0, 20),
        lambda: unitizing_alpha([("a", 0, 0, "x")], 0, 20),
        lambda: unitizing_alpha([("a", 0, 2, "x")], 0, 20, raters=["b", "c"]),
        lambda: u_alpha([("a", 0, 5, "x"), ("a", 3, 5, "y"), ("b", 0, 2, "x")], 0, 20),
        lambda: binary_u_alpha([("a", 0, 5)], 0, 20),
    ],
)
def test_malformed_input_is_a_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_merge_segments_joins_overlaps_and_keeps_touching_units_apart():
    merged = merge_segments([("a", 0, 5, "x"), ("a", 3, 5, "x"), ("a", 8, 2, "x"), ("a", 3, 5, "y")])
    assert merged == [("a", 0, 8, "x"), ("a", 8, 2, "x"), ("a", 3, 5, "y")]
    assert unitizing_alpha(merged + [("b", 0, 10, "x")], 0, 20) == unitizing_alpha(
        merged + [("b", 0, 10, "x")], 0, 20, raters=["a", "b"]
    )
