"""The analyses' shared filters by a project's own case variable, and the joint display's theme levels.

The small study of tests/analysis_study.py, plus hand-made variable values:
  Regio (text):        A noord, B Zuid, C zuid        Coalitie (yes/no): A ja, B nee
  Inwoners (number):   A 10, B 250, C 40              Start (date):      A 2020-03-01, B 2021-06-15
"""

import pytest
from analysis_study import build
from django.urls import reverse

from interviews import crosstabs, joint
from interviews.forms.analysis import AnalysisFilterForm
from interviews.models import ProjectVariable, VariableValue


@pytest.fixture
def study(project, themes, coder, owner):
    cases, passages, coalition, weight = build(project, themes, coder, owner)
    variables = {}
    for name, kind, values in [
        ("Regio", "text", {"A": "noord", "B": "Zuid", "C": "zuid"}),
        ("Coalitie", "yes_no", {"A": "ja", "B": "nee"}),
        ("Inwoners", "number", {"A": "10", "B": "250", "C": "40"}),
        ("Start", "date", {"A": "2020-03-01", "B": "15-06-2021"}),
    ]:
        variables[name] = ProjectVariable.objects.create(project=project, name=name, kind=kind)
        for key, raw in values.items():
            VariableValue.store(cases[key], variables[name], raw)
    return cases, variables


def form_for(project, **query):
    return AnalysisFilterForm(query, project=project)


def titles(form):
    return sorted(title[-1] for title in form.selection().interviews().values_list("title", flat=True))


@pytest.mark.parametrize(
    "name,query,expected",
    [
        ("Regio", {"value": "ZUID"}, ["B", "C"]),  # text: equal, whatever the case
        ("Coalitie", {"value": "Ja"}, ["A"]),
        ("Coalitie", {"value": "nee"}, ["B"]),
        ("Inwoners", {"value": "40"}, ["C"]),
        ("Inwoners", {"value_from": "20", "value_to": "250"}, ["B", "C"]),
        ("Inwoners", {"value_from": "20"}, ["B", "C"]),
        ("Inwoners", {"value_to": "40"}, ["A", "C"]),
        ("Start", {"value_from": "01-01-2021"}, ["B"]),
        ("Start", {"value_from": "2020-01-01", "value_to": "31-12-2020"}, ["A"]),
        ("Start", {}, ["A", "B"]),  # no value: every interview with one
    ],
)
def test_a_case_variable_narrows_the_interviews(project, study, name, query, expected):
    form = form_for(project, variable=str(study[1][name].pk), **query)
    assert form.is_valid(), form.errors
    assert titles(form) == expected
    assert {case[1][-1] for case in form.selection().cases()} == set(expected)


def test_the_filter_is_described_for_pages_and_exports(project, study):
    variables = study[1]
    assert (
        form_for(project, variable=str(variables["Regio"].pk), value="zuid").selection().describe()
        == "variabele Regio: zuid"
    )
    ranged = form_for(project, variable=str(variables["Inwoners"].pk), value_from="20,5", value_to="250")
    assert ranged.selection().describe() == "variabele Inwoners: van 20,5 tot en met 250"
    assert (
        form_for(project, variable=str(variables["Start"].pk)).selection().describe()
        == "variabele Start: met een waarde"
    )
    dated = form_for(project, variable=str(variables["Start"].pk), value_to="2020-12-31", year="2020")
    assert dated.selection().describe() == "jaar: 2020; variabele Start: van … tot en met 31-12-2020"


@pytest.mark.parametrize(
    "query,field,message",
    [
        ({"variable": "99999", "value": "x"}, "variable", "Selecteer een geldige keuze"),
        ({"variable": "abc"}, "variable", "Selecteer een geldige keuze"),
        ({"value": "zuid"}, "variable", "Kies de variabele waarop u wilt filteren."),
        ({"variable": "Inwoners", "value": "veel"}, "value", "Inwoners: ‘veel’ is geen getal"),
        ({"variable": "Inwoners", "value_to": "x1"}, "value_to", "is geen getal"),
        ({"variable": "Coalitie", "value": "misschien"}, "value", "‘misschien’ is geen ja/nee-waarde"),
        ({"variable": "Start", "value_from": "31-02-2021"}, "value_from", "‘31-02-2021’ is geen datum"),
        ({"variable": "Regio", "value_from": "a"}, "value_from", "‘Regio’ is tekst: van/tot kan alleen bij een getal"),
    ],
)
def test_bad_variable_input_is_a_form_error_and_filters_nothing(project, study, query, field, message):
    variables = study[1]
    if query.get("variable") in variables:
        query = {**query, "variable": str(variables[query["variable"]].pk)}
    form = form_for(project, **query)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])
    assert titles(form) == ["A", "B", "C", "D", "E"]  # the bad filter is left out, never half applied
    assert "variabele" not in form.selection().describe()


def test_the_analyses_count_only_the_chosen_interviews(project, study):
    form = form_for(project, variable=str(study[1]["Regio"].pk), value="zuid")
    counted = crosstabs.Study(form.selection())
    assert sorted(case.title[-1] for case in counted.cases.values()) == ["B", "C"]
    assert counted.describe()[1] == "Filters: variabele Regio: zuid"


def test_the_pages_show_the_variable_filter_and_its_errors(project, study, as_user, viewer):
    client = as_user(viewer)
    attribute = reverse("interviews:analysis_attribute", args=[project.slug])
    page = client.get(attribute, {"variable": study[1]["Regio"].pk, "value": "zuid"}).content.decode()
    assert "2 gecodeerde interviews in de analyse" in page and "variabele Regio: zuid" in page
    assert f'<option value="{study[1]["Regio"].pk}" selected>Regio</option>' in page
    for name in (
        "analysis_attribute",
        "analysis_indicator",
        "analysis_trends",
        "analysis_joint",
        "analysis_cooccurrence",
    ):
        bad = client.get(
            reverse(f"interviews:{name}", args=[project.slug]), {"variable": study[1]["Inwoners"].pk, "value": "veel"}
        )
        assert bad.status_code == 200, name
        assert "Inwoners: ‘veel’ is geen getal" in bad.content.decode(), name
        unknown = client.get(reverse(f"interviews:{name}", args=[project.slug]), {"variable": "12345"})
        assert unknown.status_code == 200 and "Selecteer een geldige keuze" in unknown.content.decode(), name
    matrix = client.get(reverse("interviews:analysis_matrix", args=[project.slug]), {"variable": "12345"})
    assert matrix.status_code == 200


def test_variables_of_another_project_cannot_be_chosen(project, study, owner):
    from interviews.models import Project

    other = Project.objects.create(name="Ander project", slug="ander")
    foreign = ProjectVariable.objects.create(project=other, name="Regio", kind="text")
    form = form_for(project, variable=str(foreign.pk))
    assert not form.is_valid() and "variable" in form.errors


# --- the joint display's columns ---


def joint_rows(project, level, **filters):
    return joint.joint_display(crosstabs.Study(form_for(project, **filters).selection()), [], "interview", level)


def counts(rows, title):
    row = next(row for row in rows if row.label == f"Interview {title}")
    return {item.theme.name: (item.interviews, item.passages) for item in row.themes}


def test_level_two_puts_subthemes_in_the_columns(project, study):
    rows = joint_rows(project, "2")
    assert [item.theme.name for item in rows[0].themes] == ["personeelstekort"]
    assert counts(rows, "A") == {"personeelstekort": (1, 1)}
    assert counts(rows, "B") == {"personeelstekort": (0, 0)}


def test_level_one_is_every_top_theme_counted_with_its_subtree(project, study):
    rows = joint_rows(project, "1")
    assert [item.theme.name for item in rows[0].themes] == ["samenwerking", "knelpunten", "financiering"]
    assert counts(rows, "A") == {"samenwerking": (1, 1), "knelpunten": (1, 2), "financiering": (1, 1)}
    assert counts(rows, "E") == {"samenwerking": (0, 0), "knelpunten": (1, 1), "financiering": (0, 0)}


def test_all_themes_and_a_chosen_subtree(project, study, themes):
    everything = joint_rows(project, "alle")
    assert [item.theme.name for item in everything[0].themes] == [
        "samenwerking",
        "knelpunten",
        "personeelstekort",
        "financiering",
    ]
    below = joint_rows(project, "2", theme=str(themes["knelpunten"].pk))  # level 2 of the subtree: its children
    assert [item.theme.name for item in below[0].themes] == ["personeelstekort"]
    exemplar = next(row for row in below if row.label == "Interview A").themes[0].exemplar
    assert exemplar[1] == study[0]["A"].text[5:15]  # P2, the personeelstekort passage


def test_the_page_takes_the_level_and_says_when_a_level_is_empty(project, study, as_user, viewer):
    client = as_user(viewer)
    page = client.get(reverse("interviews:analysis_joint", args=[project.slug]), {"level": "2"}).content.decode()
    assert '<th scope="col">personeelstekort</th>' in page and '<th scope="col">samenwerking</th>' not in page
    empty = client.get(reverse("interviews:analysis_joint", args=[project.slug]), {"level": "3"}).content.decode()
    assert "Geen thema&#x27;s op niveau 3 bij deze filters" in empty
    bad = client.get(reverse("interviews:analysis_joint", args=[project.slug]), {"level": "9"})
    assert bad.status_code == 200 and "Selecteer een geldige keuze" in bad.content.decode()
    csv = client.get(reverse("interviews:analysis_joint", args=[project.slug]), {"level": "2", "format": "csv"})
    header = csv.content.decode("utf-8-sig").splitlines()[0]
    assert header == "eenheid,personeelstekort: interviews,personeelstekort: passages,personeelstekort: citaat"


def test_municipality_filter_offers_the_projects_municipalities_only(project, study):
    utrecht = study[0]["A"].municipality
    assert titles(form_for(project, municipality=str(utrecht.pk))) == ["A", "D"]
    assert [label for _, label in form_for(project).fields["municipality"].choices] == [
        "alle",
        "Amsterdam",
        "Groningen",
        "Utrecht",
    ]
    elsewhere = form_for(project, municipality="1")  # a municipality none of the interviews is in
    assert not elsewhere.is_valid() and titles(elsewhere) == ["A", "B", "C", "D", "E"]
