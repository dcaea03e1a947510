"""Indicator sheets: long and wide form, CSV and XLSX, the validation report, and the command."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from monitor import indicator_sheets as sheets
from monitor.models import Indicator, Observation

META = [
    ["code", "naam", "soort", "eenheid", "definitie", "bron"],
    ["vz-test", "VoorZorg (test)", "ja/nee", "", "Biedt VoorZorg aan", "RIVM"],
    ["lgg-test", "Laag geboortegewicht (test)", "percentage", "%", "", "Perined"],
]


def csv_file(text, encoding="utf-8"):
    return io.BytesIO(text.encode(encoding))


def xlsx_file(tables):
    book = Workbook()
    book.remove(book.active)
    for title, rows in tables.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def check(file, name, **options):
    return sheets.validate(sheets.read_sheets(file, name), **options)


@pytest.fixture
def weight(db):
    return Indicator.objects.create(code="lgg-test", name="Laag geboortegewicht (test)", value_type="percentage")


def test_long_csv_with_semicolons_names_codes_and_a_national_row_is_stored(weight):
    text = (
        "Gemeente;Indicator;Jaar;Waarde\nGM0344;lgg-test;2021;5,8\nAmsterdam;lgg-test;2021;6,1%\n"
        "363;lgg-test;2022;6.0\nNederland;lgg-test;2021;5,9\n"
    )
    report = check(csv_file(text), "waarden.csv")
    assert report.errors == [] and report.created == 4
    assert sheets.store(report) == (4, 0)
    assert Observation.objects.get(municipality__code="GM0363", year=2021).value == Decimal("6.1")
    assert Observation.objects.get(municipality=None, year=2021).value == Decimal("5.9")


def test_windows_1252_names_are_read(weight):
    text = "gemeente,indicator,jaar,waarde\nSúdwest-Fryslân,lgg-test,2021,5.2\n"
    report = check(csv_file(text, "cp1252"), "waarden.csv")
    assert report.errors == [] and report.rows[0].municipality.code == "GM1900"


def test_wide_xlsx_with_a_metadata_sheet_creates_the_indicators(db):
    data = [
        ["gemeente", "vz-test 2020", "vz-test 2021", "lgg-test_2021"],
        ["Utrecht", "ja", "ja", 5.5],
        ["GM0935", "nee", None, 6],
        ["landelijk", None, None, 5.9],
    ]
    report = check(xlsx_file({"waarden": data, "Indicatoren": META}), "monitor.xlsx")
    assert report.errors == [] and len(report.rows) == 6
    assert [i.code for i in report.new_indicators] == ["vz-test", "lgg-test"]
    assert Indicator.objects.filter(code="vz-test").count() == 0  # nothing stored before confirming
    sheets.store(report)
    voorzorg = Indicator.objects.get(code="vz-test")
    assert (voorzorg.value_type, voorzorg.source) == ("yes_no", "RIVM")
    assert Observation.objects.get(indicator=voorzorg, municipality__name="Maastricht").value == 0


def test_year_only_columns_need_the_indicator_given(weight):
    text = "gemeente,2020,2021\nUtrecht,5.1,5.2\n"
    assert "Kolommen niet herkend" in check(csv_file(text), "w.csv").errors[0][1]
    report = check(csv_file(text), "w.csv", indicator_code="lgg-test")
    assert [(r.year, r.value) for r in report.rows] == [(2020, Decimal("5.1")), (2021, Decimal("5.2"))]


def test_every_problem_is_reported_with_its_line_and_nothing_is_stored(weight):
    text = (
        "gemeente,indicator,jaar,waarde\nUtrect,lgg-test,2021,5\nUtrecht,lgg-test,2021,veel\n"
        "Utrecht,lgg-test,2022,130\nUtrecht,lgg-test,2023,5\nUtrecht,lgg-test,2023,6\n"
        "Utrecht,lgg-test,1850,5\nUtrecht,onbekend,2021,5\nUtrecht,lgg-test,2024,\n"
    )
    report = check(csv_file(text), "fout.csv", last_year=2025)
    messages = dict(report.errors)
    assert "Onbekende gemeente ‘Utrect’. Bedoelt u: Utrecht" in messages[2]
    assert messages[3] == "‘veel’ is geen getal."
    assert messages[4] == "Percentage 130 ligt niet tussen 0 en 100."
    assert messages[6] == "Dubbel: lgg-test Utrecht 2023 staat ook op regel 5."
    assert messages[7] == "Jaar 1850 ligt buiten 1990–2025."
    assert "Onbekende indicator ‘onbekend’" in messages[8]
    assert messages[9] == "Lege waarde."
    assert not report.ok
    with pytest.raises(ValueError):
        sheets.store(report)
    assert Observation.objects.count() == 0


def test_yes_no_values_must_be_yes_or_no(db):
    Indicator.objects.create(code="vz-test", name="VoorZorg", value_type="yes_no")
    report = check(csv_file("gemeente,vz-test 2021\nUtrecht,2\nZwolle,Ja\n"), "w.csv")
    assert report.errors == [(2, "‘2’ is geen ja/nee-waarde (gebruik ja/nee of 1/0).")]


def test_reimport_updates_changed_values_only(weight):
    first = check(csv_file("gemeente,lgg-test 2020,lgg-test 2021\nUtrecht,5,6\n"), "a.csv")
    sheets.store(first)
    second = check(csv_file("gemeente,lgg-test 2020,lgg-test 2021\nUtrecht,5,6.5\n"), "a.csv")
    assert (second.created, second.changed, second.unchanged) == (0, 1, 1)
    assert sheets.store(second) == (0, 1)
    assert Observation.objects.get(year=2021).value == Decimal("6.5")


def test_a_file_that_is_no_sheet_is_refused(db):
    with pytest.raises(sheets.SheetError):
        sheets.read_sheets(io.BytesIO(b"PK\x03\x04 kapot"), "kapot.xlsx")
    with pytest.raises(sheets.SheetError):
        sheets.read_sheets(io.BytesIO(b"%PDF"), "rapport.pdf")


def test_command_stores_a_good_file(weight, tmp_path, capsys):
    path = tmp_path / "waarden.csv"
    path.write_text("gemeente,indicator,jaar,waarde\nUtrecht,lgg-test,2021,5.5\n", encoding="utf-8")
    call_command("import_indicators", str(path))
    assert "Opgeslagen: 1 nieuw" in capsys.readouterr().out
    assert Observation.objects.get().value == Decimal("5.5")


def test_command_with_metadata_file_and_dry_run_stores_nothing(db, tmp_path, capsys):
    (tmp_path / "meta.csv").write_text("\n".join(",".join(r) for r in META), encoding="utf-8")
    (tmp_path / "w.csv").write_text("gemeente,vz-test 2021\nUtrecht,ja\n", encoding="utf-8")
    call_command("import_indicators", str(tmp_path / "w.csv"), metadata=str(tmp_path / "meta.csv"), dry_run=True)
    assert "niets opgeslagen" in capsys.readouterr().out
    assert not Indicator.objects.filter(code="vz-test").exists()


def test_command_reports_errors_and_stores_nothing(weight, tmp_path, capsys):
    path = tmp_path / "fout.csv"
    path.write_text("gemeente,indicator,jaar,waarde\nUtrecht,lgg-test,2021,5.5\nUtrecht,lgg-test,2022,x\n")
    with pytest.raises(CommandError, match="1 fout"):
        call_command("import_indicators", str(path))
    assert "regel 3: ‘x’ is geen getal." in capsys.readouterr().err
    assert Observation.objects.count() == 0
