"""The summary grid pages: the list and a new grid, the grid, one cell's summary, the exports and deleting."""

import io

import docx
import openpyxl
import pytest
from analysis_study import build
from django.urls import reverse

from interviews.models import Action, GridCell, Subject, SummaryGrid
from interviews.summary_grid import save_cell


@pytest.fixture
def study(project, themes, coder, owner):
    cases, passages, _, _ = build(project, themes, coder, owner)
    grid = SummaryGrid.objects.create(project=project, name="Synthese", rows="interview", created_by=owner)
    grid.themes.set([themes["samenwerking"], themes["knelpunten"]])
    return cases, passages, grid


def cell_url(project, grid, row, theme):
    return reverse("interviews:grid_cell", args=[project.slug, grid.pk, row, theme.pk])


def test_a_coder_makes_a_grid_from_the_list_page(project, themes, study, as_user, coder):
    url = reverse("interviews:grid_list", args=[project.slug])
    page = as_user(coder).get(url)
    assert page.status_code == 200 and "Synthese" in page.text and "Nieuwe tabel" in page.text
    data = {"name": "Per gemeente", "rows": "municipality", "themes": [themes["financiering"].pk], "year": "2021"}
    response = as_user(coder).post(url, data)
    grid = SummaryGrid.objects.get(name="Per gemeente")
    assert response.status_code == 302 and response["Location"].endswith(f"/tabellen/{grid.pk}/")
    assert grid.filters == "year=2021" and grid.created_by == coder


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "Leeg", "rows": "case"}, "Kies ten minste één thema"),
        ({"name": "synthese", "rows": "case", "themes": "THEME"}, "Er is al een tabel met de naam"),
        ({"name": "Geen", "rows": "case", "themes": "THEME", "year": "2099"}, "geen rijen"),
        ({"name": "Vreemd", "rows": "case", "themes": "999999"}, "Kies thema"),
    ],
)
def test_bad_input_for_a_new_grid_gets_a_dutch_message_and_saves_nothing(
    project, themes, study, as_user, coder, data, message
):
    data = {key: (themes["samenwerking"].pk if value == "THEME" else value) for key, value in data.items()}
    response = as_user(coder).post(reverse("interviews:grid_list", args=[project.slug]), data)
    assert response.status_code == 400 and message in response.text
    assert SummaryGrid.objects.count() == 1 and not Action.objects.filter(subject=Subject.GRID).exists()


def test_the_grid_page_shows_counts_quotes_and_empty_cells(project, themes, study, as_user, coder, viewer):
    cases, passages, grid = study
    url = reverse("interviews:grid_detail", args=[project.slug, grid.pk])
    page = as_user(coder).get(url).text
    assert "0 van 10 cellen met een samenvatting" in page and "4 cellen met passages, 6 leeg" in page
    assert "Geen passages" in page and "samenvatting schrijven" in page
    assert f"/interviews/{cases['A'].pk}/#p{passages[0].pk}" in page
    page = as_user(viewer).get(url).text
    assert "samenvatting schrijven" not in page and "alle passages" in page and "Tabel verwijderen" not in page


def test_a_coder_writes_a_cell_and_goes_back_to_it(project, themes, study, as_user, coder):
    cases, passages, grid = study
    row, theme = str(cases["B"].pk), themes["samenwerking"]
    url = cell_url(project, grid, row, theme)
    form = as_user(coder).get(url)
    assert form.status_code == 200 and passages[3].text in form.text
    summary = "Samenwerking <script>x</script> loopt [1]."
    response = as_user(coder).post(url, {"summary": summary, "quotes": [passages[4].pk]})
    assert response.status_code == 302 and response["Location"].endswith(f"#cel-{row}-{theme.pk}")
    cell = GridCell.objects.get()
    assert cell.written_by == coder and list(cell.quotes.all()) == [passages[4]]
    page = as_user(coder).get(reverse("interviews:grid_detail", args=[project.slug, grid.pk])).text
    assert "1 van 10 cellen met een samenvatting" in page and "&lt;script&gt;" in page and "<script>x" not in page
    assert f'<a href="#cel-{row}-{theme.pk}-q1">[1]</a>' in page
    as_user(coder).post(url, {"summary": "  ", "quotes": [passages[4].pk]})
    assert not GridCell.objects.exists(), "an empty summary removes the cell"


def test_a_cell_refuses_a_quote_of_another_cell_and_a_viewer_cannot_write(
    project, themes, study, as_user, coder, viewer
):
    cases, passages, grid = study
    url = cell_url(project, grid, str(cases["B"].pk), themes["samenwerking"])
    response = as_user(coder).post(url, {"summary": "x", "quotes": [passages[0].pk]})
    assert response.status_code == 400 and "Kies citaten uit de passages van deze cel" in response.text
    assert as_user(viewer).post(url, {"summary": "x"}).status_code == 403
    assert as_user(viewer).get(url).status_code == 200
    assert not GridCell.objects.exists()


def test_a_cell_that_is_not_in_the_grid_is_not_found(project, themes, study, as_user, coder):
    cases, passages, grid = study
    assert as_user(coder).get(cell_url(project, grid, "GM0344", themes["samenwerking"])).status_code == 404
    assert as_user(coder).get(cell_url(project, grid, str(cases["A"].pk), themes["financiering"])).status_code == 404


def test_the_exports_hold_the_summaries_and_their_quotes_exactly(project, themes, study, as_user, coder, viewer):
    cases, passages, grid = study
    quote = passages[2]  # Interview A, financiering + knelpunten
    as_user(coder).post(
        cell_url(project, grid, str(cases["A"].pk), themes["knelpunten"]),
        {"summary": "Tekort aan personeel [1].", "quotes": [quote.pk]},
    )
    response = as_user(viewer).get(reverse("interviews:grid_export", args=[project.slug, grid.pk, "docx"]))
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert "Interview A" in texts and "Tekort aan personeel [1]." in texts
    assert f"“{quote.text}”\n— [1] Interview A" in texts
    assert texts.index("Interview B") < texts.index("Interview A"), "rows in the grid's order"
    response = as_user(viewer).get(reverse("interviews:grid_export", args=[project.slug, grid.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].values)
    assert rows[0] == ("rij", "toelichting", "samenwerking", "knelpunten")
    assert ("Interview A", "Utrecht · 2020", None, "Tekort aan personeel [1].") in rows
    assert list(book.worksheets[1].values)[1] == ("Interview A", "knelpunten", 1, "Interview A", quote.text)
    assert (
        as_user(viewer).get(reverse("interviews:grid_export", args=[project.slug, grid.pk, "pdf"])).status_code == 404
    )


def test_deleting_a_grid_needs_a_writer(project, study, as_user, coder, viewer):
    grid = study[2]
    url = reverse("interviews:grid_delete", args=[project.slug, grid.pk])
    assert as_user(viewer).post(url).status_code == 403
    response = as_user(coder).post(url)
    assert response.status_code == 302 and not SummaryGrid.objects.exists()
    assert Action.objects.filter(subject=Subject.GRID, verb="delete", user=coder).exists()


def test_the_analysis_index_links_the_grids(project, as_user, viewer):
    page = as_user(viewer).get(reverse("interviews:analysis_index", args=[project.slug])).text
    assert reverse("interviews:grid_list", args=[project.slug]) in page


def test_the_joint_display_shows_a_grids_summaries_when_its_rows_match(project, themes, study, as_user, coder, viewer):
    cases, passages, _ = study
    grid = SummaryGrid.objects.create(project=project, name="Gemeenten", rows="municipality")
    grid.themes.set([themes["samenwerking"]])
    save_cell(grid, "GM0344", themes["samenwerking"], "Utrecht werkt samen <b>goed</b>.", [passages[0].pk], coder)
    url = reverse("interviews:analysis_joint", args=[project.slug])
    page = as_user(viewer).get(url, {"per": "municipality", "grid": grid.pk}).text
    assert "Utrecht werkt samen &lt;b&gt;goed&lt;/b&gt;." in page and "Samenvattingen uit tabel" in page
    sheet = as_user(viewer).get(url, {"per": "municipality", "grid": grid.pk, "format": "csv"}).content.decode()
    assert "Utrecht werkt samen <b>goed</b>." in sheet and "samenwerking: samenvatting of citaat" in sheet
    page = as_user(viewer).get(url, {"per": "interview", "grid": grid.pk}).text
    assert "Utrecht werkt samen" not in page and "passen niet: kies een tabel per interview" in page
