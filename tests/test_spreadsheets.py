"""CSV and XLSX in and out: the summary workbook, cells that look like formulas, encodings and separators."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.http import QueryDict
from django.utils.safestring import SafeString
from report_study import build

from interviews.forms.analysis import AnalysisFilterForm
from interviews.forms.reports import SummaryForm
from interviews.spreadsheets import (
    TableError,
    csv_lines,
    formula_like,
    read_table,
    sheet_names,
    summary_sheets,
    write_xlsx,
)
from interviews.summary import build_summary


def workbook(sheets):
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_xlsx_keeps_formula_like_text_as_text_and_drops_control_characters():
    row = ['=HYPERLINK("x")', "bel\x07 me <&> één", datetime.date(2021, 3, 1)]
    book = workbook([("Blad", ["a", "b", "c"], [row], [10, 10, 10])])
    sheet = book["Blad"]
    assert sheet["A2"].value == '=HYPERLINK("x")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "bel me <&> één"
    assert sheet["C2"].value == datetime.datetime(2021, 3, 1)
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_xlsx_writes_each_kind_of_value_as_its_own_type():
    moment = datetime.datetime(2022, 5, 1, 13, 45, 30)
    row = [True, 3, 2.5, Decimal("1.25"), float("nan"), None, moment, SafeString("veilig"), ""]
    sheet = workbook([("Blad", list("abcdefghi"), iter([row]), [])])["Blad"]
    assert values(sheet)[1] == [True, 3, 2.5, 1.25, "nan", None, moment, "veilig", None]


def test_csv_starts_with_a_bom_and_guards_formulas_which_reading_undoes():
    text = "".join(csv_lines(["naam", "getal"], [["=1+1", 3], ["-min", None], ["coördinatie, één", 1.5]]))
    assert text.startswith("\ufeffnaam,getal\r\n")
    assert "'=1+1,3" in text and "'-min," in text and '"coördinatie, één",1.5' in text
    rows = read_table(io.BytesIO(text.encode("utf-8")), "x.csv")
    assert rows == [["naam", "getal"], ["=1+1", "3"], ["-min", ""], ["coördinatie, één", "1.5"]]


def test_one_rule_says_which_texts_look_like_formulas():
    assert all(formula_like(text) for text in ["=1", "+31", "-1", "@SUM(A1)", "\tx", "\rx"])
    assert not any(formula_like(text) for text in ["", "één", " =1", "'=1", "1-2"])


def test_xlsx_gives_formula_like_text_the_quote_prefix_and_leaves_other_text_alone():
    book = workbook([("Blad", ["=kop", "kop"], [["@SUM(A1)", "gewoon", -1]], [])])
    sheet = book["Blad"]
    assert [sheet["A1"].quotePrefix, sheet["A1"].font.bold, sheet["B1"].quotePrefix] == [True, True, False]
    assert [sheet["A2"].value, sheet["A2"].quotePrefix, sheet["B2"].quotePrefix] == ["@SUM(A1)", True, False]
    assert sheet["C2"].value == -1 and sheet["C2"].data_type == "n"


def test_csv_guards_formula_like_header_names_too():
    text = "".join(csv_lines(["=thema", "n"], [[-1, "-1"]]))
    assert text == "\ufeff'=thema,n\r\n-1,'-1\r\n"


def test_sheet_names_are_what_excel_accepts_and_unique():
    assert sheet_names(["a/b: c?", "'x'", "Thema's", "t" * 40, "T" * 40, ""]) == [
        "ab c",
        "x",
        "Thema's",
        "t" * 31,
        "T" * 27 + "_4",
        "blad",
    ]


def test_xlsx_sheet_without_a_header_starts_at_the_top():
    sheet = workbook([("toelichting", [], [["een"], ["twee"]], [80])])["toelichting"]
    assert values(sheet) == [["een"], ["twee"]] and sheet.freeze_panes is None


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_csv_separator_is_found_from_the_header(separator):
    data = separator.join(["naam", "kleur"]) + "\n" + separator.join(["één", "#123456"]) + "\n"
    assert read_table(io.BytesIO(data.encode("utf-8")), "x.CSV") == [["naam", "kleur"], ["één", "#123456"]]


def test_xlsx_reading_gives_text_cells():
    book = openpyxl.Workbook()
    book.active.append(["naam", "volgorde"])
    book.active.append(["één", 2])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    assert read_table(buffer, "c.xlsx") == [["naam", "volgorde"], ["één", "2"]]


def test_unreadable_tables_raise_a_dutch_message():
    with pytest.raises(TableError, match="geen leesbaar Excel-werkboek"):
        read_table(io.BytesIO(b"not a zip"), "c.xlsx")
    with pytest.raises(TableError, match="Kies een .csv- of .xlsx-bestand"):
        read_table(io.BytesIO(b""), "c.ods")


def test_summary_workbook_has_counts_quotes_and_memos(project, themes, coder, owner):
    cases, passages = build(project, themes, coder, owner)
    filters = AnalysisFilterForm(QueryDict("quotes=3"), project=project)
    options = SummaryForm(QueryDict("quotes=3"), project=project)
    assert filters.is_valid() and options.is_valid()
    book = workbook(summary_sheets(build_summary(options.selection(filters), options.cleaned_data["quotes"])))
    assert book.sheetnames == ["Over deze export", "Thema's", "Per stakeholdergroep", "Per jaar", "Citaten", "Memo's"]
    assert values(book["Thema's"])[1][:5] == ["samenwerking", 0, None, 5, 3]
    assert values(book["Thema's"])[2][5:7] == [1, 1]  # knelpunten with its subtheme
    assert ["samenwerking", "jeugdgezondheidszorg", 2, 1] in values(book["Per stakeholdergroep"])
    assert ["samenwerking", 2022, 1, 1] in values(book["Per jaar"])
    quotes = [row for row in values(book["Citaten"]) if row[0] == "samenwerking"]
    assert [row[2] for row in quotes] == [
        "Wij zien elkaar elke week bij het overleg.",
        "De coördinatie met de verloskundigen loopt goed.",
        "Als verloskundige bel ik het wijkteam direct.",
    ]
    assert quotes[0][3:] == ["Interview B", "jeugdgezondheidszorg", "Amsterdam", 2021, "ja"]
    assert values(book["Memo's"])[1][:4] == [
        "samenwerking",
        "Rode draad",
        "Samenwerking hangt af van personen, niet van structuren.",
        "olga",
    ]
