"""interviews/agreement.py and unitizing.py against the publications' worked examples, plus their properties.

Each published value is compared within half a unit of its last printed digit (`published`). Where the
publication itself could not be opened on this machine the comment says where the value was read instead.
"""

import numpy as np
import pytest
from agreement.metrics import s_score  # an independent implementation, installed only for the tests

from interviews.agreement import (
    bennett_s,
    binary_u_alpha,
    brennan_prediger_kappa_n,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    krippendorff_alpha_counts,
    randolph_kappa_free,
    scott_pi,
    u_alpha,
    unitizing_alpha,
)

N = None


def published(value, printed):
    """`value` equals the printed figure within half a unit of its last digit."""
    digits = len(printed.split(".")[1])
    return abs(float(value) - float(printed)) <= 0.5 * 10**-digits + 1e-12


# Krippendorff (2011), Computing Krippendorff's Alpha-Reliability, the example "any number of observers,
# missing data": 4 observers × 12 units. α nominal .743, ordinal .815, interval .849, ratio .797. (The paper's
# text is not readable here; ordinal .815 and ratio .797 with this table are also quoted by the tests of the
# `krippendorff` package, pln-fing-udelar/fast-krippendorff.)
RELIABILITY_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


@pytest.mark.parametrize(
    "level,printed", [("nominal", ".743"), ("ordinal", ".815"), ("interval", ".849"), ("ratio", ".797")]
)
def test_alpha_equals_krippendorff_2011_at_every_level(level, printed):
    assert published(krippendorff_alpha(RELIABILITY_DATA, level), printed)


def test_alpha_equals_krippendorff_2011_binary_example():
    # Krippendorff (2011), the example "binary data, two observers, no missing data": α = .095.
    matrix = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert published(krippendorff_alpha(matrix), ".095")


def _value_counts(matrix, values):
    """Krippendorff (2011) section A's n_uc: units × values, how many observers gave each unit each value."""
    return [[column.count(value) for value in values] for column in map(list, zip(*matrix, strict=True))]


@pytest.mark.parametrize(
    "level,printed", [("nominal", ".743"), ("ordinal", ".815"), ("interval", ".849"), ("ratio", ".797")]
)
def test_alpha_from_value_counts_equals_krippendorff_2011_at_every_level(level, printed):
    values = [5, 3, 1, 4, 2]  # out of order on purpose: the ordered levels sort the columns by value
    counts = _value_counts(RELIABILITY_DATA, values)
    alpha = krippendorff_alpha_counts(counts, level, values=values)
    assert published(alpha, printed) and alpha == pytest.approx(krippendorff_alpha(RELIABILITY_DATA, level), abs=1e-12)
    assert krippendorff_alpha_counts(np.array(counts), level, values=values) == pytest.approx(alpha, abs=1e-12)


def test_alpha_from_value_counts_equals_krippendorff_2011_binary_example():
    matrix = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert published(krippendorff_alpha_counts(_value_counts(matrix, [0, 1])), ".095")


def test_a_custom_metric_replaces_the_level():
    squared = krippendorff_alpha(RELIABILITY_DATA, metric=lambda a, b: (a - b) ** 2)
    assert squared == pytest.approx(krippendorff_alpha(RELIABILITY_DATA, "interval"))
    assert krippendorff_alpha(RELIABILITY_DATA, metric=lambda a, b: float(a != b)) == pytest.approx(
        krippendorff_alpha(RELIABILITY_DATA)
    )


# Cohen (1960), A coefficient of agreement for nominal scales, Table 1: two judges, 200 cases, three categories;
# p_o = .70, p_c = .41, κ = .29/.59 = .492. (Read from the publication as remembered; not openable here.)
COHEN = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]


def test_kappa_equals_cohen_1960_table_1():
    kappa = cohen_kappa(COHEN)
    assert published(kappa.observed, ".70") and published(kappa.expected, ".41")
    assert published(kappa, ".492")
    assert cohen_kappa(np.array(COHEN) / 200) == pytest.approx(kappa)  # proportions work as well as counts


def _pairs(table):
    """A two-coder table as units × categories counts (each unit: one rating of A, one of B)."""
    size = len(table)
    rows = []
    for i in range(size):
        for j in range(size):
            unit = [0] * size
            unit[i] += 1
            unit[j] += 1
            rows += [unit] * table[i][j]
    return rows


# Krippendorff (1995), On the reliability of unitizing continuous data, p. 57: two coders' binary codes of 24
# positions (example A, Bertha and Bill; example C, Gerret and Gill): κ = .385, π = .314, α = .329 for A and
# κ = π = .314 for C. (The paper is not readable here; the values and sequences are those quoted by DKPro
# Statistics' Krippendorff1995Test.)
BERTHA = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
BILL = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]
GERRET = [0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0]
GILL = [1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]


def _table(a, b):
    return [[sum(1 for x, y in zip(a, b) if (x, y) == (i, j)) for j in (0, 1)] for i in (0, 1)]


def test_kappa_pi_and_alpha_equal_krippendorff_1995_digitized_examples():
    table = _table(BERTHA, BILL)
    assert published(cohen_kappa(table), ".385") and published(scott_pi(table), ".314")
    assert published(krippendorff_alpha([BERTHA, BILL]), ".329")
    table = _table(GERRET, GILL)
    assert published(cohen_kappa(table), ".314") and published(scott_pi(table), ".314")


def test_free_marginal_coefficients_match_an_independent_implementation():
    # Bennett's S, Brennan–Prediger's κ_n and Randolph's κ_free: their publications (Zwick 1988, Brennan &
    # Prediger 1981, Randolph 2005) could not be read here, so they are checked against the PyPI package
    # `agreement` (s_score) and by hand on Cohen's table: p_o = .70, q = 3 → S = (3 × .70 − 1)/2 = .55.
    assert bennett_s(COHEN) == pytest.approx(0.55)
    assert bennett_s(COHEN) == pytest.approx(s_score(np.array(_pairs(COHEN))))
    assert brennan_prediger_kappa_n(COHEN) == pytest.approx(bennett_s(COHEN))
    assert brennan_prediger_kappa_n(COHEN, n_categories=5) == pytest.approx((0.70 - 0.2) / 0.8)
    padded = np.hstack([np.array(_pairs(COHEN)), np.zeros((200, 2), dtype=int)])
    assert brennan_prediger_kappa_n(COHEN, n_categories=5) == pytest.approx(s_score(padded))
    assert randolph_kappa_free(FLEISS) == pytest.approx(s_score(np.array(FLEISS)))
    assert randolph_kappa_free(_pairs(COHEN)) == pytest.approx(bennett_s(COHEN))


# Fleiss (1971), Measuring nominal scale agreement among many raters, Table 1: 30 patients, 6 psychiatrists,
# 5 diagnoses; P̄ = .556, P̄_e = .220, κ = .430. (The ratings are those of R's irr::diagnoses, as in statsmodels'
# tests; the counts below are tallied from them.)
FLEISS = [
    [0, 0, 0, 6, 0],
    [0, 3, 0, 0, 3],
    [0, 1, 4, 0, 1],
    [0, 0, 0, 0, 6],
    [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0],
    [0, 0, 4, 0, 2],
    [2, 0, 3, 1, 0],
    [2, 0, 0, 4, 0],
    [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0],
    [1, 1, 0, 4, 0],
    [0, 3, 3, 0, 0],
    [1, 0, 0, 5, 0],
    [0, 2, 0, 3, 1],
    [0, 0, 5, 0, 1],
    [3, 0, 0, 1, 2],
    [5, 1, 0, 0, 0],
    [0, 2, 0, 4, 0],
    [1, 0, 2, 0, 3],
    [0, 0, 0, 0, 6],
    [0, 1, 0, 5, 0],
    [0, 2, 0, 1, 3],
    [2, 0, 0, 4, 0],
    [1, 0, 0, 4, 1],
    [0, 5, 0, 1, 0],
    [4, 0, 0, 0, 2],
    [0, 2, 0, 4, 0],
    [1, 0, 5, 0, 0],
    [0, 0, 0, 0, 6],
]


def test_fleiss_kappa_equals_fleiss_1971():
    kappa = fleiss_kappa(FLEISS)
    assert published(kappa, ".430") and published(kappa.observed, ".556") and published(kappa.expected, ".220")


def test_fleiss_kappa_of_two_raters_is_scotts_pi():
    # Fleiss (1971) p. 379: with two raters per unit his κ is Scott's π.
    assert fleiss_kappa(_pairs(COHEN)) == pytest.approx(scott_pi(COHEN))


# Krippendorff (2004), Content Analysis, 2nd ed., p. 254: two observers on the continuum [150, 450) with
# categories c and k; uDo_c = .0144, uDe_c = .0532, αU_c = .7286; αU_k = 1.000 (uDe_k = .0490); pooled .8591.
# (The book is not readable here; data and values as quoted by DKPro Statistics' Krippendorff2004Test.)
BOOK_2004 = [
    (0, 225, 70, "c"),
    (0, 370, 30, "c"),
    (1, 220, 80, "c"),
    (1, 355, 20, "c"),
    (1, 400, 20, "c"),
    (0, 180, 60, "k"),
    (0, 300, 50, "k"),
    (1, 180, 60, "k"),
    (1, 300, 50, "k"),
]


def test_unitizing_alpha_equals_krippendorff_2004():
    c = unitizing_alpha(BOOK_2004, 150, 300, "c")
    assert published(c.observed, ".0144") and published(c.expected, ".0532") and published(c, ".7286")
    k = unitizing_alpha(BOOK_2004, 150, 300, "k")
    assert published(k, "1.000") and published(k.expected, ".0490")
    # The book's pooled .8591 is 1 − .0144/(.0532 + .0490), from the parts rounded to four digits; unrounded the
    # same formula gives .8587.
    pooled = unitizing_alpha(BOOK_2004, 150, 300)
    assert pooled == pytest.approx(1 - c.observed / (c.expected + k.expected))
    assert published(1 - round(c.observed, 4) / (round(c.expected, 4) + round(k.expected, 4)), ".8591")
    assert published(pooled, ".8587")


def _example_1995(stretch):
    """Krippendorff (1995) p. 57, examples A–D (two coders, 24 positions), stretched by a factor."""
    spans = {
        "A": ([(2, 8), (14, 6)], [(4, 4), (15, 2)]),
        "B": ([(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]),
        "C": ([(2, 6), (10, 2), (14, 4), (20, 2)], [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]),
        "D": ([(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)], [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)]),
    }
    return [
        (rater, start * stretch, size * stretch, name)
        for name, pair in spans.items()
        for rater, units in enumerate(pair)
        for start, size in units
    ]


def test_unitizing_alpha_equals_krippendorff_1995():
    # Observed disagreements (.03125, 2.26736, .02777 = 1/36 cut off, .38715) as quoted by DKPro Statistics; α for
    # a fine-grained continuum: A .553 and D .066. The paper's B (−.926) and C (.679) are not reproduced (we get
    # −.928 and .693), nor by DKPro, whose comment points to an error in the paper's expected disagreement; the
    # 2004 definition above, which this follows, reproduces the book exactly.
    for name, printed in zip("ABCD", (".03125", "2.26736", ".027778", ".38715")):
        assert published(unitizing_alpha(_example_1995(1), 0, 24, name).observed, printed)
    assert published(unitizing_alpha(_example_1995(50000), 0, 24 * 50000, "A"), ".553")
    assert published(unitizing_alpha(_example_1995(50000), 0, 24 * 50000, "D"), ".066")


def test_u_alpha_by_hand():
    # Krippendorff et al. (2016) / Krippendorff (2019) eqs. 32–35; the paper's figures could not be read here, so
    # by hand: L = 8, A codes x on [0, 4), B on [2, 6). Intersection lengths, both orders: xx 4, x∅ 4, ∅x 4, ∅∅ 4
    # (ℓ.. = 16); corrections 4² + 4² for the units, 4 + 4 for the gaps: ε_x∅ + ε_∅x = 2 · 8 · 8/(16 − 40/16).
    segments = [("A", 0, 4, "x"), ("B", 2, 4, "x")]
    expected = 1 - 8 / (128 / 13.5)
    assert u_alpha(segments, 0, 8) == pytest.approx(expected)
    assert binary_u_alpha(segments, 0, 8) == pytest.approx(expected)


def test_u_alpha_of_one_position_units_is_alpha_over_positions():
    # With every unit one position long, uα is Krippendorff's nominal α over the positions (gap a value of its
    # own), and |uα the binary α: the 2016 coefficients extend α for predefined units.
    rng = np.random.default_rng(14)
    for _ in range(5):
        values = rng.integers(0, 4, size=(3, 40))
        segments = [(r, p, 1, int(v)) for r, row in enumerate(values) for p, v in enumerate(row) if v]
        assert u_alpha(segments, 0, 40) == pytest.approx(krippendorff_alpha(values.tolist()))
        assert binary_u_alpha(segments, 0, 40) == pytest.approx(krippendorff_alpha((values > 0).tolist()))
        assert u_alpha([(r, p + 7, 1, c) for r, p, _, c in segments], 7, 40) == pytest.approx(u_alpha(segments, 0, 40))
