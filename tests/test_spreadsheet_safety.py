"""Every CSV and XLSX the app writes keeps a researcher's text inert: a theme, quote, memo or title that starts
like a formula (=, +, -, @, tab, CR) never becomes a live formula, in any export, through the real views.

CSV: such a text gets a leading apostrophe. XLSX: it is a text cell with Excel's quote prefix (the same
apostrophe, kept in the cell's style so the value stays the researcher's text). A new export is added to EXPORTS.
"""

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from analysis_study import build
from api_client import bearer
from django.core.management import call_command
from django.urls import reverse

from interviews.models import Action, GridCell, Interview, Memo, Passage, SummaryGrid, Theme
from interviews.textsearch import index_interview

DANGEROUS = (
    '=HYPERLINK("http://x","klik")',
    "+31 20 123 4567 belde terug",
    "-1 stem tegen",
    "@SUM(A1:A9) telt op",
    "\tingesprongen",
    "\rterug naar het begin",
)
STARTS = ("=", "+", "-", "@", "\t", "\r")
THEMES = {  # the hand-built study's themes, renamed
    "samenwerking": DANGEROUS[0],
    "knelpunten": DANGEROUS[3],
    "personeelstekort": DANGEROUS[2],
    "financiering": DANGEROUS[4],
}
ANALYSES = [
    ("interviews:analysis_attribute", "by=stakeholder_group"),
    ("interviews:analysis_attribute", "by=year"),
    ("interviews:analysis_indicator", "indicator=coalitie-t"),
    ("interviews:analysis_trends", "indicator=gewicht-t"),
    ("interviews:analysis_joint", "indicators=coalitie-t"),
    ("interviews:analysis_cooccurrence", ""),
    ("interviews:analysis_matrix", ""),
    ("interviews:analysis_matrix", "binary=1"),
]
EXPORTS = [
    *[(name, None, f"{query}&format={fmt}".lstrip("&")) for name, query in ANALYSES for fmt in ("csv", "xlsx")],
    *[("interviews:codings_export", fmt, "") for fmt in ("csv", "xlsx")],
    *[("interviews:codings_export", fmt, "pseudonymise=on") for fmt in ("csv", "xlsx")],
    *[("interviews:codebook_export", fmt, "") for fmt in ("csv", "xlsx")],
    ("interviews:summary_export", "xlsx", ""),
    ("interviews:activity_export", "xlsx", ""),  # writers only: fetched as the owner
]


@pytest.fixture
def risky(project, themes, coder, owner):
    """The analysis tests' hand-built study with formula-like theme names, quotes, memos and titles."""
    cases, passages, _, _ = build(project, themes, coder, owner)
    for key, name in THEMES.items():
        Theme.objects.filter(pk=themes[key].pk).update(name=name, definition=DANGEROUS[1])
    for number, passage in enumerate(passages):
        quote = DANGEROUS[number % len(DANGEROUS)]
        Passage.objects.filter(pk=passage.pk).update(text=quote, memo=DANGEROUS[5], starred=True)
    Interview.objects.filter(pk=cases["A"].pk).update(title=DANGEROUS[0])
    Memo.objects.create(
        project=project, theme=themes["samenwerking"], title=DANGEROUS[2], text=DANGEROUS[3], author=owner
    )
    Action.record(project, owner, "interview", "update", interview=cases["A"], before={"title": DANGEROUS[3]})
    return cases


def download(client, project, name, fmt, query):
    args = [project.slug] if fmt is None else [project.slug, fmt]
    response = client.get(reverse(name, args=args) + (f"?{query}" if query else ""))
    assert response.status_code == 200, (name, query)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = "csv" if response["Content-Type"].startswith("text/csv") else "xlsx"
    assert kind == fmt or (fmt is None and f"format={kind}" in query) or name == "interviews:analysis_matrix"
    return kind, content


def is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def live_cells_in_csv(content):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    return cells, [cell for cell in cells if cell.startswith(STARTS) and not is_number(cell)]


def live_cells_in_xlsx(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    texts = [str(cell.value) for cell in cells if cell.value is not None]
    live = [
        f"{cell.parent.title}!{cell.coordinate}: {cell.value!r}"
        for cell in cells
        if cell.data_type == "f"
        or (cell.data_type == "s" and str(cell.value).startswith(STARTS) and not cell.quotePrefix)
    ]
    return texts, live


@pytest.mark.parametrize("name, fmt, query", EXPORTS)
def test_no_export_turns_a_researchers_text_into_a_formula(name, fmt, query, project, risky, as_user, viewer, owner):
    reader = owner if name == "interviews:activity_export" else viewer
    kind, content = download(as_user(reader), project, name, fmt, query)
    cells, live = (live_cells_in_csv if kind == "csv" else live_cells_in_xlsx)(content)
    assert not live, f"live formulas in {name} ({kind}): {live}"
    assert any(text.lstrip("'").startswith(STARTS) for text in cells), "the export shows none of the risky texts"


def test_the_summary_grids_xlsx_keeps_summaries_quotes_and_names_inert(project, risky, themes, as_user, viewer, owner):
    grid = SummaryGrid.objects.create(project=project, name=DANGEROUS[1], rows="interview")
    grid.themes.set(themes.values())
    cell = GridCell.objects.create(
        grid=grid, row=str(risky["A"].pk), theme=themes["samenwerking"], summary=DANGEROUS[0]
    )
    cell.quotes.set(Passage.objects.filter(interview=risky["A"], codings__tag=themes["samenwerking"]))
    response = as_user(viewer).get(reverse("interviews:grid_export", args=[project.slug, grid.pk, "xlsx"]))
    cells, live = live_cells_in_xlsx(response.content)
    assert not live, f"live formulas in the grid's XLSX: {live}"
    assert DANGEROUS[0] in cells and THEMES["samenwerking"] in cells and any(c.startswith(STARTS[1:]) for c in cells)


COMMANDS = [("export_codings", "csv"), ("export_codings", "xlsx"), ("export_codebook", "csv")]
COMMANDS += [("export_codebook", "xlsx"), ("export_summary", "xlsx")]


@pytest.mark.parametrize("command, fmt", COMMANDS)
def test_no_export_command_writes_a_live_formula_either(command, fmt, project, risky, tmp_path):
    path = tmp_path / f"uit.{fmt}"
    call_command(command, project=project.slug, output=str(path), stdout=io.StringIO())
    cells, live = (live_cells_in_csv if fmt == "csv" else live_cells_in_xlsx)(path.read_bytes())
    assert not live and any(text.lstrip("'").startswith(STARTS) for text in cells), live


def test_a_quoted_text_reads_back_as_the_researchers_text(project, risky, as_user, viewer):
    kind, content = download(as_user(viewer), project, "interviews:codings_export", "xlsx", "")
    book = openpyxl.load_workbook(io.BytesIO(content))
    texts = {cell.value for row in book.worksheets[0].iter_rows() for cell in row}
    assert DANGEROUS[0] in texts and "'" + DANGEROUS[0] not in texts
    kind, content = download(as_user(viewer), project, "interviews:codings_export", "csv", "")
    assert "'" + DANGEROUS[0] in live_cells_in_csv(content)[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_word_frequencies_keep_formula_like_words_inert(fmt, project, risky, as_user, viewer):
    """Word frequencies read the word index, not the passages' copies: index a text whose words start like a
    formula (spaCy keeps "@gemeente" and "-wachtlijst" as words) and count all of it."""
    interview = risky["A"]
    Interview.objects.filter(pk=interview.pk).update(
        text="De @gemeente en de -wachtlijst en +zorg, weer @gemeente.", stakeholder_group="gemeente"
    )
    interview.refresh_from_db()
    index_interview(interview)
    query = f"source=group&group=gemeente&whole_text=on&compare=on&format={fmt}"
    kind, content = download(as_user(viewer), project, "interviews:analysis_words", None, query)
    cells, live = (live_cells_in_csv if kind == "csv" else live_cells_in_xlsx)(content)
    assert not live, f"live formulas in the word frequencies ({kind}): {live}"
    assert any(text.lstrip("'").startswith(("@", "-")) for text in cells)


def test_the_apis_codings_csv_keeps_texts_inert_and_its_json_lines_keep_them_exact(project, risky, client, viewer):
    url = f"/api/v1/projects/{project.slug}/codings"
    cells, live = live_cells_in_csv(client.get(f"{url}.csv", **bearer(viewer)).getvalue())
    assert not live, f"live formulas in the API's CSV: {live}"
    assert any(text.lstrip("'").startswith(STARTS) for text in cells)
    lines = client.get(f"{url}.jsonl", **bearer(viewer)).getvalue().decode()
    assert DANGEROUS[0] in {json.loads(line)["theme_name"] for line in lines.splitlines()}


WRITERS = re.compile(r"csv\.writer|csv\.DictWriter|import xlsxwriter|from xlsxwriter|Workbook\(|\.writerow\(")


def test_only_spreadsheets_writes_csv_or_xlsx():
    """One writer per format: every other module hands its rows to interviews.spreadsheets, which the exports
    above exercise, so a new export cannot bypass the neutralising."""
    root = Path(__file__).resolve().parent.parent
    sources = [*root.joinpath("interviews").rglob("*.py"), *root.joinpath("monitor").rglob("*.py")]
    writers = sorted(
        str(path.relative_to(root))
        for path in sources
        if "migrations" not in path.parts and WRITERS.search(path.read_text(encoding="utf-8"))
    )
    assert writers == ["interviews/spreadsheets.py"]
