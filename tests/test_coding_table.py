"""The codings table: a row per passage and theme, the case variables, the report page's filters, on the study
of tests/report_study.py."""

import pytest
from django.http import QueryDict
from report_study import build

from interviews.coding_table import coding_table, describe, filename
from interviews.forms.reports import CodingsFilterForm
from interviews.models import ProjectVariable, VariableValue
from interviews.selection import Selection


@pytest.fixture
def study(project, themes, coder, owner):
    return build(project, themes, coder, owner)


def test_codings_table_has_a_row_per_passage_and_theme_and_keeps_passages_without_themes(project, study):
    cases, passages = study
    header, widths, rows = coding_table(Selection(project))
    rows = [dict(zip(header, row)) for row in rows]
    assert len(header) == len(widths)
    assert len(rows) == 8  # seven passages, P3 twice
    assert sorted(r["thema"] for r in rows if r["passage_id"] == passages[2].pk) == ["financiering", "samenwerking"]
    uncoded = [r for r in rows if r["passage_id"] == passages[6].pk]
    assert len(uncoded) == 1 and uncoded[0]["thema"] == "" and uncoded[0]["tekst"] == "Een zin die niemand codeerde"
    first = rows[0]
    assert (first["interview"], first["gemeentecode"], first["stakeholdergroep"], first["jaar"]) == (
        "Interview A",
        "GM0344",
        "gemeente",
        2021,
    )
    assert (first["start"], first["einde"], first["codeur"]) == (0, 48, "cees")
    tekort = next(r for r in rows if r["thema"] == "personeelstekort")
    assert tekort["themapad"] == "knelpunten > personeelstekort" and tekort["herkomst"] == "handmatig"
    assert next(r for r in rows if r["passage_id"] == passages[4].pk)["ster"] == "ja"


def test_codings_table_has_labels_and_the_projects_case_variables(project, study):
    cases, passages = study
    cases["B"].labels.add("ronde 2", "pilot")
    variable = ProjectVariable.objects.create(project=project, name="coalitie", kind="yes_no")
    VariableValue.store(cases["B"], variable, "ja")
    header, widths, rows = coding_table(Selection(project))
    assert header[8] == "coalitie"
    row = dict(zip(header, next(r for r in rows if r[1] == "Interview B")))
    assert (row["labels"], row["coalitie"]) == ("pilot, ronde 2", "ja")


def filtered_rows(project, query):
    form = CodingsFilterForm(QueryDict(query), project=project)
    assert form.is_valid(), form.errors
    header, widths, rows = coding_table(form.selection())
    return [dict(zip(header, row)) for row in rows]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", 8),  # P1-P7, P3 twice
        ("stakeholder_group=gemeente", 5),  # A: P1, P2, P3 twice; D: P7 (no theme)
        ("year=2022", 2),  # C: P6; D: P7
        ("label=", 8),
    ],
)
def test_codings_table_keeps_to_the_interview_filters(query, expected, project, study):
    assert len(filtered_rows(project, query)) == expected


def test_codings_table_by_coder_lists_that_coders_passages_and_their_uncoded_ones(project, study, coder):
    rows = filtered_rows(project, f"coder={coder.pk}")
    assert len(rows) == 6 and {r["codeur"] for r in rows} == {"cees"}  # all but olga's P3 (two rows)
    assert any(r["thema"] == "" for r in rows)


def test_a_theme_filter_lists_only_codings_of_that_subtree_and_no_uncoded_passages(project, study, themes, coder):
    cases, passages = study
    rows = filtered_rows(project, f"theme={themes['knelpunten'].pk}")
    assert [(r["passage_id"], r["thema"]) for r in rows] == [(passages[1].pk, "personeelstekort")]
    rows = filtered_rows(project, f"theme={themes['samenwerking'].pk}&coder={coder.pk}")
    assert [r["passage_id"] for r in rows] == [passages[i].pk for i in (0, 3, 4, 5)]
    rows = filtered_rows(project, f"themes={themes['financiering'].pk}&stakeholder_group=gemeente")
    assert [(r["passage_id"], r["thema"]) for r in rows] == [(passages[2].pk, "financiering")]  # not samenwerking


def test_codings_filters_are_described_and_named_in_the_file_name(project, study, themes):
    form = CodingsFilterForm(QueryDict(f"year=2021&themes={themes['financiering'].pk}"), project=project)
    assert form.is_valid()
    assert describe(form.selection()) == "jaar: 2021; thema's: financiering"
    assert filename(form.selection(), "csv") == f"{project.slug}-coderingen-jaar-2021-themas-financiering.csv"
    assert (
        filename(CodingsFilterForm(QueryDict(""), project=project).selection(), "xlsx")
        == f"{project.slug}-coderingen.xlsx"
    )
