"""Every table of interviews/crosstabs.py against counts worked out by hand (see tests/analysis_study.py)."""

from decimal import Decimal

import pytest
from analysis_study import build
from scipy import stats

from interviews import analysis_files, crosstabs, joint
from interviews.forms.analysis import AnalysisFilterForm
from interviews.models import ProjectVariable, VariableValue


@pytest.fixture
def study_data(project, themes, coder, owner):
    return build(project, themes, coder, owner)


def load(project, spans=False, **filters):
    return crosstabs.Study(
        AnalysisFilterForm({k: v for k, v in filters.items()}, project=project).selection(), spans=spans
    )


def row_of(table, name):
    return next(row for row in table.rows if row.theme.name == name)


def test_themes_by_stakeholder_group_are_counted_with_their_subtree(project, study_data):
    study = load(project)
    assert study.uncoded == 1  # interview D
    table = crosstabs.crosstab(study, crosstabs.group_by_attribute(study, "stakeholder_group"))
    assert [(g.label, g.n) for g in table.groups] == [("gemeente", 1), ("jeugdgezondheidszorg", 3)]
    samen = row_of(table, "samenwerking").cells
    assert samen[0] == (1, 1, Decimal(100), Decimal(1))
    assert (samen[1].passages, samen[1].interviews) == (2, 1)
    assert samen[1].share == pytest.approx(Decimal(100) / 3)
    assert samen[1].per_interview == pytest.approx(Decimal(2) / 3)
    knel = row_of(table, "knelpunten").cells
    assert [(c.passages, c.interviews) for c in knel] == [(2, 1), (1, 1)]  # P2+P3 in A; P7 in E
    fin = row_of(table, "financiering").cells
    assert [(c.passages, c.interviews) for c in fin] == [(1, 1), (1, 1)]
    assert "1 interview(s) zonder coderingen" in study.describe()[3]  # after Gemaakt op, Filters, the count


def test_the_test_is_fishers_exact_on_the_same_two_by_two_table(project, study_data):
    study = load(project)
    table = crosstabs.crosstab(study, crosstabs.group_by_attribute(study, "stakeholder_group"))
    test = row_of(table, "samenwerking").test
    expected = stats.fisher_exact([[1, 0], [1, 2]])
    assert test.name.startswith("Fisher") and test.n == 4
    assert test.p == pytest.approx(expected.pvalue) and test.statistic == pytest.approx(expected.statistic)
    assert "Slechts 4 interviews" in test.warning


def test_three_groups_use_chi_square_like_scipy(project, study_data):
    study = load(project)
    table = crosstabs.crosstab(study, crosstabs.group_by_attribute(study, "municipality"))
    assert [(g.label, g.n) for g in table.groups] == [
        ("Amsterdam", 1),
        ("Groningen", 1),
        ("Utrecht", 1),
        ("onbekend", 1),
    ]
    test = row_of(table, "financiering").test  # Amsterdam no, Groningen yes, Utrecht yes; 'onbekend' left out
    expected = stats.chi2_contingency([[0, 1], [1, 0], [1, 0]], correction=False)
    assert test.statistic == pytest.approx(expected.statistic) and test.p == pytest.approx(expected.pvalue)
    assert test.n == 3


def test_a_theme_nobody_or_everybody_mentions_has_no_test(project, study_data):
    assert crosstabs.compare([(0, 3), (0, 2)]) is None
    assert crosstabs.compare([(3, 0), (2, 0)]) is None
    assert crosstabs.compare([(3, 0), (0, 0)]) is None  # one empty group leaves one group


def test_one_coder_only_counts_that_coders_passages(project, study_data, coder):
    study = load(project, coder=coder.pk)
    assert sorted(c.title for c in study.cases.values()) == ["Interview A", "Interview B", "Interview C"]
    table = crosstabs.crosstab(study, crosstabs.group_by_attribute(study, "stakeholder_group"))
    assert [c.passages for c in row_of(table, "personeelstekort").cells] == [1, 0]


def test_theme_filter_keeps_the_subtree(project, study_data, themes):
    study = load(project, theme=themes["knelpunten"].pk)
    assert [t.name for t in study.themes] == ["knelpunten", "personeelstekort"]


def test_empty_groups_and_years_show_as_missing_not_zero(project, study_data):
    study = load(project, year=2022)  # only D, which is uncoded
    table = crosstabs.crosstab(study, crosstabs.group_by_attribute(study, "year"))
    assert table.groups == [] and study.uncoded == 1
    assert crosstabs.share(0, 0) is None
    empty = crosstabs.crosstab(study, [(crosstabs.Group("x", "x", 0), [])])
    assert row_of(empty, "samenwerking").cells[0] == (0, 0, None, None)


def test_yes_no_indicator_groups_by_the_value_in_the_interview_year(project, study_data):
    study, coalition = load(project), study_data[2]
    groups = crosstabs.group_by_indicator(study, coalition)
    titles = {g.label: sorted(study.cases[pk].title[-1] for pk in ids) for g, ids in groups}
    assert titles == {"ja": ["A"], "nee": ["B"], "geen waarde": ["C", "E"]}
    assert [g.label for g, _ in groups] == ["ja", "nee", "geen waarde"]


def test_numbers_group_by_thresholds_and_fall_back_to_national_values(project, study_data):
    study, weight = load(project), study_data[3]
    values = crosstabs.observed_values(study, weight)
    national = {study.cases[pk].title[-1]: flag for pk, (_, flag) in values.items()}
    assert national == {"A": False, "B": False, "C": True}
    groups = crosstabs.group_by_indicator(study, weight, thresholds=[Decimal("5.5")])
    titles = {g.label: sorted(study.cases[pk].title[-1] for pk in ids) for g, ids in groups}
    assert titles == {"< 5,5%": ["B"], "≥ 5,5%": ["A", "C"], "geen waarde": ["E"]}
    halves = crosstabs.group_by_indicator(study, weight, quantiles=2)  # median of 5.0, 5.5, 6.0
    assert [g.label for g, _ in halves] == ["< 5,5%", "≥ 5,5%", "geen waarde"]


def test_trends_put_theme_shares_beside_the_indicator_series(project, study_data):
    trend = crosstabs.trends(load(project), study_data[3])
    assert trend.years == [2020, 2021]
    samen = next(row for row in trend.rows if row.theme.name == "samenwerking")
    assert [c.share for c in samen.cells] == [Decimal(100), Decimal(50)]
    assert trend.national == [None, Decimal("5.5")]
    assert trend.local == [Decimal("6.0"), Decimal("5.0")]


def test_cooccurrence_counts_overlapping_passages_and_shared_interviews(project, study_data, themes):
    overlap, same = crosstabs.cooccurrence(load(project, spans=True))
    s, k, p, f = (themes[n].pk for n in ("samenwerking", "knelpunten", "personeelstekort", "financiering"))
    assert [overlap[s][s], overlap[k][k], overlap[p][p], overlap[f][f]] == [3, 3, 2, 2]
    assert [overlap[s][k], overlap[s][p], overlap[k][p], overlap[f][k], overlap[f][p], overlap[s][f]] == [
        1,
        1,
        2,
        1,
        0,
        0,
    ]
    assert overlap[k][s] == overlap[s][k]
    assert [same[s][s], same[s][k], same[s][f], same[k][f], same[k][p]] == [2, 1, 1, 1, 2]


def test_case_variables_group_interviews_and_missing_values_stay_apart(project, study_data):
    cases = study_data[0]
    variable = ProjectVariable.objects.create(project=project, name="Coalitie volgens respondent", kind="yes_no")
    VariableValue.store(cases["A"], variable, "ja")
    VariableValue.store(cases["B"], variable, "Nee")
    study = load(project)
    groups = crosstabs.group_by_attribute(study, f"variable:{variable.pk}", project)
    assert [(g.label, g.n) for g, _ in groups] == [("nee", 1), ("ja", 1), ("onbekend", 2)]


def test_theme_matrix_has_spss_names_and_counts_or_zero_one(project, study_data):
    _, header, rows = analysis_files.theme_matrix_sheet(load(project))
    assert header[5:] == ["samenwerking", "knelpunten", "personeelstekort", "financiering"]
    first = rows[0]
    assert first[1] == "Interview A" and first[5:] == [1, 2, 1, 1]
    _, _, binary = analysis_files.theme_matrix_sheet(load(project), binary=True)
    assert binary[1][5:] == [1, 0, 0, 0]  # B


def test_variable_names_are_valid_for_spss_and_r():
    names = analysis_files.variable_names(
        ["Nu Niet Zwanger", "2e lijn", "and", "coördinatie", "Nu niet zwanger!", "x" * 50, "jaar"], taken=["jaar"]
    )
    assert names == ["nu_niet_zwanger", "t_2e_lijn", "t_and", "coordinatie", "nu_niet_zwanger_2", "x" * 32, "jaar_2"]


def test_joint_display_shows_values_counts_and_a_starred_exemplar(project, study_data):
    cases, passages, coalition, _ = study_data
    passages[4].starred = True  # P5, the second samenwerking passage in B
    passages[4].save()
    rows = joint.joint_display(load(project), [coalition])
    assert [r.label for r in rows] == ["Amsterdam", "Groningen", "Utrecht", "onbekend"]
    amsterdam = rows[0]
    assert amsterdam.values == [["2021: nee"]]
    samen = amsterdam.themes[0]
    assert (samen.interviews, samen.passages, samen.exemplar[0]) == (1, 2, passages[4].pk)
    assert rows[1].values == [["2021: geen waarde"]]
    utrecht = rows[2].themes[0]
    assert utrecht.exemplar == (passages[0].pk, passages[0].text)


def test_joint_display_columns_are_the_chosen_theme_and_its_children(project, study_data, themes):
    rows = joint.joint_display(load(project, theme=themes["knelpunten"].pk), [], per="interview")
    assert [item.theme.name for item in rows[0].themes] == ["knelpunten", "personeelstekort"]
    a = next(row for row in rows if row.label == "Interview A")
    assert [(i.interviews, i.passages) for i in a.themes] == [(1, 2), (1, 1)]


def test_fisher_and_chi_square_agree_with_scipy_on_many_tables():
    import random

    rng = random.Random(5)
    for _ in range(300):
        pair = [(rng.randint(0, 40), rng.randint(0, 40)) for _ in range(2)]
        test = crosstabs.compare(pair)
        if test is not None:
            expected = stats.fisher_exact(pair)
            assert test.p == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-12), pair
            assert test.statistic == pytest.approx(expected.statistic), pair
        groups = [(rng.randint(0, 40), rng.randint(0, 40)) for _ in range(rng.randint(3, 6))]
        test = crosstabs.compare(groups)
        if test is not None:
            expected = stats.chi2_contingency([list(g) for g in groups if sum(g)], correction=False)
            assert (test.statistic, test.p) == (pytest.approx(expected.statistic), pytest.approx(expected.pvalue))
    big = [(1000, 1200), (900, 1500)]
    assert crosstabs.compare(big).p == pytest.approx(stats.fisher_exact(big).pvalue)


def test_overlapping_pairs_are_every_overlapping_pair_once():
    import random

    import numpy

    rng = random.Random(3)
    starts = [rng.randint(0, 200) for _ in range(300)]
    spans = [(rng.randint(1, 3), start, start + rng.randint(1, 30)) for start in starts]
    spans += [spans[0], (spans[1][0], spans[1][1], spans[1][2] + 5)]  # the same span twice; the same start
    interviews, starts, ends = (numpy.array(column) for column in zip(*spans))
    first, second = crosstabs._overlapping_pairs(interviews, starts, ends)
    found = sorted(tuple(sorted(pair)) for pair in zip(first.tolist(), second.tolist()))
    expected = [
        (i, j)
        for i in range(len(spans))
        for j in range(i + 1, len(spans))
        if spans[i][0] == spans[j][0] and spans[i][1] < spans[j][2] and spans[j][1] < spans[i][2]
    ]
    assert found == expected
