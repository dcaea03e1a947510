"""The agreement's data layer and report on a study worked out by hand (tests/agreement_study.py).

Four interviews of 20 code points laid end to end (offsets 0, 20, 40, 60), two turns each (8 units).
Theme "zorg": anna in interviews 1, 2, 3; bram in 1, 2, 4.
- presence: anna 1 1 1 0, bram 1 1 0 1: both 2, only anna 1, only bram 1, neither 0. Cohen's κ: p_o = 0.5,
  p_e = 0.75² + 0.25² = 0.625, κ = (0.5 − 0.625)/0.375 = −1/3. α nominal: o_11 = 4, o_10 + o_01 = 4, n = 8,
  n_1 = 6, n_0 = 2: D_o = 4/8, D_e = 2·6·2/(8·7) = 3/7, α = 1 − (1/2)/(3/7) = −1/6.
- units: anna 1 0 0 1 1 1 0 0, bram 1 0 0 1 0 0 1 1: same on 4 of 8 (50 %), touched 6, same on 2 of them
  (33.3 %). α: o_11 = o_00 = 4, disagreeing pairs 8, n = 16, n_1 = n_0 = 8: D_o = 1/2, D_e = 2·64/(16·15) = 8/15,
  α = 1 − 15/16 = 0.0625.
- continuum (80 code points): anna [0, 10) (her [5, 10) inside it), [32, 40), [40, 60); bram [2, 8), [32, 40),
  [65, 75).
"""

import math

import numpy as np
import pytest
from agreement_study import build

from interviews import agreement, agreement_data, agreement_report
from interviews.agreement_report import Cell, reading
from interviews.models import Passage


@pytest.fixture
def material(project, owner):
    coders, interviews, themes = build(project, owner)
    return agreement_data.load(project, coders, [i.pk for i in interviews], themes, "turn")


def test_interviews_lie_end_to_end_and_units_are_the_stored_turns(material, django_assert_max_num_queries):
    assert material.offsets.tolist() == [0, 20, 40, 60] and material.length == 80
    assert material.unit_starts.tolist() == [0, 10, 20, 30, 40, 50, 60, 70]
    assert material.units_per_interview.tolist() == [2, 2, 2, 2]


def test_loading_takes_three_queries(project, owner, django_assert_num_queries):
    coders, interviews, themes = build(project, owner)
    with django_assert_num_queries(3):
        agreement_data.load(project, coders, [i.pk for i in interviews], themes)


def test_presence_units_and_spans_are_what_the_coders_drew(material):
    assert agreement_data.presence(material)[:, 0].astype(int).tolist() == [[1, 1, 1, 0], [1, 1, 0, 1]]
    assert not agreement_data.presence(material)[:, 1].any()
    marks = agreement_data.unit_marks(material)[:, 0].astype(int).tolist()
    assert marks == [[1, 0, 0, 1, 1, 1, 0, 0], [1, 0, 0, 1, 0, 0, 1, 1]]
    merged = sorted(map(tuple, agreement.merge_segments(agreement_data.spans(material)).tolist()))
    assert merged == [(0, 0, 10, 0), (0, 32, 8, 0), (0, 40, 20, 0), (1, 2, 6, 0), (1, 32, 8, 0), (1, 65, 10, 0)]


def test_a_passage_touching_a_unit_by_one_code_point_marks_it_and_one_ending_at_its_start_does_not(material):
    material.codings = np.array([[0, 0, 0, 9, 10], [1, 0, 0, 0, 10]], dtype=np.int64)
    marks = agreement_data.unit_marks(material)[:, 0].astype(int).tolist()
    assert marks == [[1, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0]]


def test_figures_are_the_hand_computed_ones(material):
    presence, unit, continuum = agreement_report.report(material).levels
    theme, (n, kappa, alpha), words = presence.rows[0]
    assert (theme.name, n.value) == ("zorg", 4)
    assert kappa.value == pytest.approx(-1 / 3) and alpha.value == pytest.approx(-1 / 6)
    assert words.startswith("niet aanvaardbaar")
    _theme, (n, touched, alpha, overall, agreed), _words = unit.rows[0]
    assert (n.value, touched.value) == (8, 6)
    assert alpha.value == pytest.approx(0.0625)
    assert overall.value == pytest.approx(50.0) and agreed.value == pytest.approx(100 / 3)
    assert (overall.text, agreed.text) == ("50,0%", "33,3%")
    segments = [(0, 0, 10, 0), (0, 32, 8, 0), (0, 40, 20, 0), (1, 2, 6, 0), (1, 32, 8, 0), (1, 65, 10, 0)]
    _theme, (count, alpha_u), _words = continuum.rows[0]
    assert count.value == 6
    assert alpha_u.value == pytest.approx(agreement.unitizing_alpha(segments, 0, 80, category=0, raters=[0, 1]))
    assert continuum.summary[1][1].value == pytest.approx(agreement.u_alpha(segments, 0, 80, raters=[0, 1]))


def test_a_theme_nobody_coded_is_nan_with_its_reason_in_words(material):
    presence, unit, continuum = agreement_report.report(material).levels
    for level, column in ((presence, 2), (unit, 2), (continuum, 1)):
        theme, cells, words = level.rows[1]
        alpha = cells[column]
        assert theme.name == "wonen"
        assert alpha.is_nan and alpha.text == "niet te berekenen" and len(alpha.reason) > 20
        assert words.startswith("geen oordeel: ") and alpha.reason in words
    untouched = unit.rows[1][1][4]  # % agreement over touched units, and none were
    assert untouched.is_nan and "lege eenheden" in untouched.reason
    assert unit.rows[1][1][3].value == 100.0


def test_identical_coding_agrees_fully_on_every_level(project, owner):
    coders, interviews, themes = build(project, owner)
    material = agreement_data.load(project, coders, [i.pk for i in interviews], themes)
    same = material.codings[material.codings[:, 0] == 0]
    material.codings = np.concatenate([same, same * [0, 1, 1, 1, 1] + [1, 0, 0, 0, 0]])
    for level in agreement_report.report(material).levels:
        assert [label for label, cell in level.summary if cell.value not in (1.0, 100.0)] == []
        assert level.rows[0][2].startswith("aanvaardbaar")


def test_problems_say_why_there_is_nothing_to_compute(project, owner):
    coders, interviews, themes = build(project, owner)
    one = agreement_data.load(project, coders[:1], [i.pk for i in interviews], themes)
    assert "minstens twee codeurs" in agreement_data.problems(one)[0]
    none = agreement_data.load(project, coders, [], themes)
    assert "minstens één interview" in agreement_data.problems(none)[0]
    interviews[3].passages.all().delete()
    uncoded = agreement_data.load(project, coders, [i.pk for i in interviews], themes)
    (problem,) = agreement_data.problems(uncoded)
    assert "“Interview 4”" in problem and "“Interview 1”" not in problem


@pytest.mark.parametrize(
    ("alpha", "start"), [(0.81, "aanvaardbaar"), (0.8, "aanvaardbaar"), (0.7, "voorlopig"), (0.5, "niet aanvaardbaar")]
)
def test_reading_follows_krippendorffs_thresholds(alpha, start):
    assert reading(alpha).startswith(start)
    assert math.isnan(Cell(float("nan")).value) and Cell(float("nan")).sort_key == ""


def test_over_all_themes_every_theme_and_unit_pair_is_a_unit(material):
    _presence, unit, _continuum = agreement_report.report(material).levels
    # zorg's 8 units as above, and 8 of "wonen" nobody coded: o_11 = 4, o_00 = 4 + 16, disagreeing pairs 8,
    # n = 32, n_1 = 8, n_0 = 24: D_o = 8/32, D_e = 2·8·24/(32·31), α = 1 − (1/4)/(12/31) = 17/48
    (_l1, alpha), (_l2, overall), (_l3, agreed) = unit.summary
    assert (
        alpha.value == pytest.approx(1 - 31 / 48) and overall.value == 75.0 and agreed.value == pytest.approx(100 / 3)
    )


@pytest.mark.parametrize("seed", range(6))
def test_per_unit_alpha_is_the_one_agreement_computes(seed):
    rng = np.random.default_rng(seed)
    coders, units = 2 + seed % 3, 50 + 40 * seed
    marks = rng.random((coders, units)) < 0.1 + 0.1 * seed
    marks[:, : seed * 5] = seed % 2 == 0  # runs of units nobody (or everybody) coded
    fast = agreement_report._unit_alpha(agreement_report._value_counts(marks))
    assert fast == pytest.approx(agreement.krippendorff_alpha(marks.astype(int).tolist()), abs=1e-12)
    halves = [agreement_report._value_counts(part) for part in (marks[:, : units // 2], marks[:, units // 2 :])]
    assert agreement_report._unit_alpha(*halves) == pytest.approx(fast, abs=1e-12)  # pooled from parts


def test_per_unit_alpha_undefined_as_agreement_says():
    for marks in (np.zeros((2, 5), bool), np.ones((3, 5), bool), np.zeros((2, 0), bool)):
        fast, slow = (
            agreement_report._unit_alpha(agreement_report._value_counts(marks)),
            agreement.krippendorff_alpha(marks.astype(int).tolist()),
        )
        assert math.isnan(fast) and fast.reason == slow.reason


@pytest.mark.parametrize("seed", range(4))
def test_pooled_alpha_u_is_the_one_agreement_computes(seed):
    rng = np.random.default_rng(seed)
    segments = []
    for rater in range(2 + seed % 2):
        for category in range(3):
            for start in sorted(rng.choice(np.arange(0, 980, 20), 6, replace=False)):
                segments.append((rater, int(start), int(rng.integers(1, 20)), category))
    raters = list(range(2 + seed % 2))
    per_theme = [agreement.unitizing_alpha(segments, 0, 1000, category=c, raters=raters) for c in range(4)]
    assert per_theme[3].reason  # a category nobody marked is left out of the pooled figure, as agreement does
    pooled = agreement_report._pooled_alpha_u(per_theme, segments, 1000, raters)
    assert pooled == pytest.approx(agreement.unitizing_alpha(segments, 0, 1000, raters=raters), abs=1e-12)


def test_only_the_chosen_themes_and_interviews_are_loaded(project, owner):
    # The themes are chosen in numpy, not in SQL (agreement_data._codings): "wonen" chosen alone, in the order
    # given, must not bring zorg's codings along; an interview left out brings none of its own.
    coders, interviews, (zorg, wonen) = build(project, owner)
    Passage.objects.filter(interview=interviews[1], coder=coders[0]).get().code([wonen])
    material = agreement_data.load(project, coders, [interviews[1].pk, interviews[0].pk], [wonen], "turn")
    assert material.codings.tolist() == [[0, 0, 0, 12, 20]]
    both = agreement_data.load(project, coders, [i.pk for i in interviews[2:]], [wonen, zorg], "turn")
    assert sorted(both.codings.tolist()) == [[0, 1, 0, 0, 20], [1, 1, 1, 25, 35]]
