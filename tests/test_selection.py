"""A Selection made directly, without a form, on the study of tests/report_study.py."""

import datetime

import pytest
from django.http import QueryDict
from report_study import build

from interviews.forms.analysis import AnalysisFilterForm
from interviews.models import Passage, ProjectVariable, VariableValue
from interviews.selection import Selection


@pytest.fixture
def study(project, themes, coder, owner):
    return build(project, themes, coder, owner)


def titles(selection):
    return sorted(title[-1] for title in selection.interviews().values_list("title", flat=True))


def test_a_bare_selection_is_the_whole_project(project, study, django_assert_num_queries):
    everything = Selection(project)
    assert titles(everything) == ["A", "B", "C", "D"]
    assert len(everything.cases()) == 4
    assert set(everything.all_passages()) == set(Passage.objects.filter(interview__project=project))
    with django_assert_num_queries(0):
        assert everything.describe() == "geen filters"


def test_fixed_attributes_and_a_coder_narrow_the_passages(project, study, coder):
    cases, passages = study
    chosen = Selection(project, stakeholder_group="gemeente", year=2021, coder=coder)
    assert titles(chosen) == ["A"]
    assert [case[1] for case in chosen.cases()] == ["Interview A"]
    assert sorted(p.pk for p in chosen.passages()) == [passages[0].pk, passages[1].pk]
    assert chosen.describe() == "codeur: cees; stakeholdergroep: gemeente; jaar: 2021"


def test_a_theme_takes_its_subtree_and_ticked_themes_narrow_it(project, study, themes):
    below = Selection(project, theme=themes["knelpunten"])
    assert {t.name for t in below.theme_tree()} == {"knelpunten", "personeelstekort"}
    ticked = Selection(project, ticked=[themes["financiering"]])
    assert [t.name for t in ticked.chosen_themes()] == ["financiering"]
    assert ticked.codings().count() == 5 + 1 + 1  # codings() keeps to themes(), not to the ticked ones


def test_a_typed_range_of_a_case_variable_narrows_the_interviews(project, study):
    cases, passages = study
    start = ProjectVariable.objects.create(project=project, name="Start", kind="date")
    VariableValue.store(cases["A"], start, "2020-03-01")
    VariableValue.store(cases["B"], start, "2021-06-15")
    ranged = Selection(project, variable=start, value_from=datetime.date(2021, 1, 1))
    assert titles(ranged) == ["B"]
    assert ranged.describe() == "variabele Start: van 01-01-2021 tot en met …"
    assert titles(Selection(project, variable=start)) == ["A", "B"]


def test_the_form_hands_over_what_it_read_and_its_valid_fields_only(project, study, django_assert_num_queries):
    form = AnalysisFilterForm(QueryDict("year=2021&stakeholder_group=nergens"), project=project)
    selection = form.selection()
    assert "stakeholder_group" in form.errors and selection.stakeholder_group == "" and selection.year == 2021
    with django_assert_num_queries(0):
        assert len(selection.theme_tree()) == 4  # the form's themes, not read again
