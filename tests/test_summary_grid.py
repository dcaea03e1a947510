"""The summary grid (interviews/summary_grid.py) over the hand-worked analysis study (tests/analysis_study.py):
rows × themes, the passages of each cell with their subthemes, counts, summaries with their quotes, blind rounds,
and the changes with their history."""

import pytest
from analysis_study import build
from django.db import connection
from django.test.utils import CaptureQueriesContext
from round_study import *  # noqa: F403 (the fixtures blind and coby)

from interviews.forms.grids import CellForm, GridForm, grid_selection
from interviews.models import Action, GridCell, Interview, Passage, Subject, SummaryGrid
from interviews.summary_grid import build_grid, delete_grid, save_cell, summary_parts


@pytest.fixture
def study(project, themes, coder, owner):
    cases, passages, _, _ = build(project, themes, coder, owner)
    return cases, passages


def make_grid(project, themes, names, rows="interview", filters="", name="Tabel"):
    grid = SummaryGrid.objects.create(project=project, name=name, rows=rows, filters=filters)
    grid.themes.set([themes[n] for n in names])
    return grid


def cells_of(built):
    return {(row.label, cell.theme.name): cell for row in built.rows for cell in row.cells}


def test_a_grid_of_interviews_has_a_row_per_interview_and_a_column_per_theme_in_codebook_order(
    project, themes, study, owner
):
    grid = make_grid(project, themes, ["financiering", "knelpunten", "samenwerking"])
    built = build_grid(grid, grid_selection(grid, owner))
    assert [t.name for t in built.themes] == ["samenwerking", "knelpunten", "financiering"]
    # by municipality name (Amsterdam, Groningen, Utrecht, none last), year, title
    assert [row.label for row in built.rows] == [
        "Interview B",
        "Interview C",
        "Interview A",
        "Interview D",
        "Interview E",
    ]
    cells = cells_of(built)
    assert cells[("Interview A", "knelpunten")].count == 2, "P2 via its subtheme personeelstekort, and P3"
    assert cells[("Interview E", "knelpunten")].count == 1
    assert cells[("Interview B", "samenwerking")].count == 2
    assert cells[("Interview D", "samenwerking")].count == 0, "an empty cell is still there"
    assert built.size == 15 and built.with_passages == 6 and built.empty == 9 and built.filled == 0


def test_a_theme_and_its_subtheme_as_columns_both_count_the_subthemes_passages(project, themes, study, owner):
    grid = make_grid(project, themes, ["knelpunten", "personeelstekort"])
    cells = cells_of(build_grid(grid, grid_selection(grid, owner)))
    assert cells[("Interview A", "knelpunten")].count == 2 and cells[("Interview A", "personeelstekort")].count == 1
    assert cells[("Interview E", "knelpunten")].count == cells[("Interview E", "personeelstekort")].count == 1


def test_every_passage_in_a_cell_has_its_text_exact(project, themes, study, owner):
    grid = make_grid(project, themes, ["samenwerking", "knelpunten", "financiering"])
    built = build_grid(grid, grid_selection(grid, owner))
    texts = dict(Interview.objects.values_list("pk", "text"))
    quotes = [q for row in built.rows for cell in row.cells for q in cell.passages]
    assert len(quotes) == 8  # P3 twice: knelpunten and financiering
    for quote in quotes:
        passage = Passage.objects.get(pk=quote.pk)
        assert quote.text == texts[quote.interview_id][passage.start : passage.end] == passage.text


def test_cases_and_municipalities_group_the_interviews(project, themes, study, owner):
    grid = make_grid(project, themes, ["samenwerking", "knelpunten"], "case", name="c")
    built = build_grid(grid, grid_selection(grid, owner))
    assert [row.key for row in built.rows] == ["GM0363:2021", "GM0014:2021", "GM0344:2020", "GM0344:2022", "-:-"]
    grid = make_grid(project, themes, ["samenwerking", "knelpunten"], "municipality", name="m")
    built = build_grid(grid, grid_selection(grid, owner))
    assert [(row.key, row.label) for row in built.rows][-2:] == [("GM0344", "Utrecht"), ("-", "zonder gemeente")]
    assert cells_of(built)[("Utrecht", "knelpunten")].count == 2


def test_the_grids_filters_choose_the_rows(project, themes, study, owner):
    grid = make_grid(project, themes, ["samenwerking"], filters="stakeholder_group=jgz")
    built = build_grid(grid, grid_selection(grid, owner))
    assert [row.label for row in built.rows] == ["Interview B", "Interview C", "Interview E"]


def test_the_number_of_queries_does_not_grow_with_the_grid(project, themes, study, owner, coder):
    grid = make_grid(project, themes, ["samenwerking", "knelpunten", "financiering"])
    for passage in Passage.objects.all():
        save_cell(grid, str(passage.interview_id), themes["samenwerking"], "samenvatting", [passage.pk], owner)
    counts = []
    for _ in range(2):
        selection = grid_selection(grid, coder)
        with CaptureQueriesContext(connection) as queries:
            build_grid(grid, selection, shown=2)
        counts.append(len(queries))
        Passage.code_span(Interview.objects.get(title="Interview D"), coder, 0, 3, [themes["financiering"]])
    assert counts[0] == counts[1] <= 8


def test_a_summary_with_its_quotes_is_stored_counted_and_recorded(project, themes, study, owner, coder):
    cases, passages = study
    grid = make_grid(project, themes, ["samenwerking"])
    row = str(cases["B"].pk)
    assert save_cell(grid, row, themes["samenwerking"], "Goed samengewerkt [2], zie ook [1] en [9].",
                     [passages[4].pk, passages[3].pk], coder) == "create"  # fmt: skip
    built = build_grid(grid, grid_selection(grid, owner))
    cell = cells_of(built)[("Interview B", "samenwerking")]
    assert built.filled == 1 and cell.written_by == "cees"
    assert [(q.number, q.pk) for q in cell.quotes] == [(1, passages[3].pk), (2, passages[4].pk)]
    assert [(text, q and q.number) for text, q in cell.summary_parts()] == [
        ("Goed samengewerkt ", None),
        ("[2]", 2),
        (", zie ook ", None),
        ("[1]", 1),
        (" en [9].", None),
    ]
    action = Action.objects.get(subject=Subject.GRID_CELL)
    assert (action.verb, action.user, action.source) == ("create", coder, "browser")
    assert action.after["summary"].startswith("Goed") and action.after["quotes"] == sorted(
        [passages[3].pk, passages[4].pk]
    )

    assert save_cell(grid, row, themes["samenwerking"], "Anders.", [], owner) == "update"
    assert save_cell(grid, row, themes["samenwerking"], "Anders.", [], owner) is None
    assert save_cell(grid, row, themes["samenwerking"], "", [], owner) == "delete"
    assert not GridCell.objects.exists()
    verbs = list(Action.objects.filter(subject=Subject.GRID_CELL).order_by("pk").values_list("verb", "before", "after"))
    assert [v for v, _, _ in verbs] == ["create", "update", "delete"]
    assert verbs[2][1]["summary"] == "Anders." and verbs[2][2] == {}


def test_summary_parts_link_only_citations_of_chosen_quotes():
    assert summary_parts("geen [1]", []) == [("geen [1]", None)]


def cell_form(grid, row, theme, user, data):
    built = build_grid(grid, grid_selection(grid, user), only=(row, theme.pk))
    return CellForm(data, grid=grid, cell=built.rows[0].cells[0])


def test_a_quote_of_another_cell_or_project_or_too_long_a_summary_is_refused_and_nothing_saved(
    project, themes, study, owner, coder, outsider
):
    cases, passages = study
    grid = make_grid(project, themes, ["samenwerking"])
    row, theme = str(cases["B"].pk), themes["samenwerking"]
    other_cell = passages[0].pk  # Interview A's samenwerking
    for data in (
        {"summary": "x", "quotes": [str(other_cell)]},
        {"summary": "x", "quotes": [str(2**70)]},
        {"summary": "x" * 10_001, "quotes": []},
    ):
        form = cell_form(grid, row, theme, coder, data)
        assert not form.is_valid()
    form = cell_form(grid, row, theme, coder, {"summary": "x" * 10_001})
    form.is_valid()
    assert "ten hoogste 10000 tekens" in str(form.errors).replace(".", "")
    assert not GridCell.objects.exists() and not Action.objects.filter(subject=Subject.GRID_CELL).exists()


def test_a_new_grid_needs_themes_a_new_name_and_rows(project, themes, study, owner):
    def form(**data):
        return GridForm({"name": "Tabel", "rows": "case", **data}, project=project)

    no_themes = form()
    assert not no_themes.is_valid() and "Kies ten minste één thema" in str(no_themes.errors)
    no_rows = form(themes=[str(themes["samenwerking"].pk)], year="2099")
    assert not no_rows.is_valid() and "geen rijen" in str(no_rows.errors)
    made = form(themes=[str(themes["samenwerking"].pk)], stakeholder_group="jgz")
    assert made.is_valid(), made.errors
    grid = made.save_by(owner)
    assert grid.filters == "stakeholder_group=jgz" and list(grid.themes.all()) == [themes["samenwerking"]]
    again = form(name="tabel", themes=[str(themes["knelpunten"].pk)])
    assert not again.is_valid() and "al een tabel" in str(again.errors)
    assert SummaryGrid.objects.count() == 1
    action = Action.objects.get(subject=Subject.GRID)
    assert action.verb == "create" and action.after["name"] == "Tabel" and action.user == owner


def test_deleting_a_grid_keeps_its_cells_in_the_history(project, themes, study, owner):
    cases, passages = study
    grid = make_grid(project, themes, ["samenwerking"])
    save_cell(grid, str(cases["A"].pk), themes["samenwerking"], "Samen.", [passages[0].pk], owner)
    delete_grid(grid, owner)
    assert not SummaryGrid.objects.exists() and not GridCell.objects.exists()
    action = Action.objects.get(subject=Subject.GRID, verb="delete")
    assert action.before["cells"] == [
        {"row": str(cases["A"].pk), "theme": themes["samenwerking"].pk, "summary": "Samen.", "quotes": [passages[0].pk]}
    ]


def test_a_blind_round_hides_another_coders_passages_in_the_grid(project, themes, owner, coder, blind):
    grid = make_grid(project, themes, ["samenwerking"])
    row = str(blind["talk"].pk)
    mine = cells_of(build_grid(grid, grid_selection(grid, coder)))[("Rondegesprek", "samenwerking")]
    assert [q.pk for q in mine.passages] == [blind["cees"].pk]
    everyone = cells_of(build_grid(grid, grid_selection(grid, owner)))[("Rondegesprek", "samenwerking")]
    assert {q.pk for q in everyone.passages} == {blind["cees"].pk, blind["coby"].pk}
    form = cell_form(grid, row, themes["samenwerking"], coder, {"summary": "x", "quotes": [str(blind["coby"].pk)]})
    assert not form.is_valid(), "a passage the coder may not see cannot be chosen either"


def test_a_coder_in_a_blind_round_keeps_the_quotes_he_cannot_see(project, themes, owner, coder, blind):
    grid = make_grid(project, themes, ["samenwerking"])
    row, theme = str(blind["talk"].pk), themes["samenwerking"]
    save_cell(grid, row, theme, "Samen [1] [2].", [blind["cees"].pk, blind["coby"].pk], owner)
    form = cell_form(grid, row, theme, coder, {"summary": "Samen, herschreven.", "quotes": [str(blind["cees"].pk)]})
    assert form.is_valid(), form.errors
    form.save(grid, coder)
    cell = GridCell.objects.get(grid=grid)
    assert cell.summary == "Samen, herschreven."
    assert set(cell.quotes.values_list("pk", flat=True)) == {blind["cees"].pk, blind["coby"].pk}
    form = cell_form(grid, row, theme, coder, {"summary": "Zonder citaat.", "quotes": []})
    assert form.is_valid() and form.save(grid, coder) == "update"
    assert list(GridCell.objects.get(grid=grid).quotes.values_list("pk", flat=True)) == [blind["coby"].pk]
    form = cell_form(grid, row, theme, coder, {"summary": "Zie [1].", "quotes": []})
    assert not form.is_valid(), "he numbers only the quotes he chose: none"
    assert "Citaat [1] bestaat niet: er zijn 0 citaten gekozen" in str(form.errors["summary"])
    blind["coby"].codings.all().delete()  # coby's passage leaves the cell: a quote nobody is shown any more
    form = cell_form(grid, row, theme, coder, {"summary": "Opnieuw.", "quotes": [str(blind["cees"].pk)]})
    assert form.is_valid() and form.save(grid, coder) == "update"
    assert list(GridCell.objects.get(grid=grid).quotes.values_list("pk", flat=True)) == [blind["cees"].pk]
