"""The codebook out and in as CSV and XLSX (and .qdc through exchange/qdc.py): hierarchy, colours, definitions."""

import io

import openpyxl
import pytest

from interviews.exchange.codebook import CodebookError, import_rows, read_codebook_file, write_codebook_file
from interviews.models import Project, Theme


def export(project, extension):
    buffer = io.BytesIO()
    write_codebook_file(project, extension, buffer)
    buffer.seek(0)
    return buffer


def snapshot(project):
    return [
        (t.name, t.parent.name if t.parent else None, t.colour, t.definition)
        for t in project.themes.select_related("parent").order_by("name")
    ]


def csv_file(text, encoding="utf-8"):
    return io.BytesIO(text.encode(encoding))


def import_csv(project, text, encoding="utf-8"):
    return import_rows(project, read_codebook_file(csv_file(text, encoding), "codeboek.csv"))


@pytest.fixture
def empty_project(db):
    return Project.objects.create(name="Leeg", slug="leeg")


@pytest.fixture
def rich_themes(project, themes):
    themes["samenwerking"].definition = "Coördinatie; ‘één loket’ <script>alert(1)</script>\nTweede regel."
    themes["samenwerking"].save()
    Theme.objects.create(
        project=project,
        name="financiën en coördinatie",
        parent=themes["financiering"],
        colour="#abcdef",
        definition="Geld — één keer, ü, é, ĳ.",
    )
    return themes


def test_csv_export_lists_themes_in_codebook_order_with_parents(project, themes):
    lines = export(project, "csv").read().decode("utf-8-sig").splitlines()
    assert lines[0] == "naam,bovenliggend thema,kleur,definitie,volgorde"
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["samenwerking", "", "#2d9cdb"],
        ["knelpunten", "", "#eb5757"],
        ["personeelstekort", "knelpunten", "#f2994a"],
        ["financiering", "", "#27ae60"],
    ]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_round_trip_keeps_hierarchy_colours_definitions_and_accents(extension, project, rich_themes, empty_project):
    file = export(project, extension)
    added, updated = import_rows(empty_project, read_codebook_file(file, f"codeboek.{extension}"))
    assert (len(added), updated) == (5, [])
    assert snapshot(empty_project) == snapshot(project)
    again, first = export(empty_project, extension), export(project, extension)
    if extension == "xlsx":  # a workbook stores when it was written: the same cells, not the same bytes
        assert cells(again) == cells(first) and len(cells(first)) == 6
    else:
        assert again.getvalue() == first.getvalue()


def cells(file):
    return [[cell.value for cell in row] for row in openpyxl.load_workbook(file).active.iter_rows()]


def test_qdc_round_trip_through_the_refi_module(project, rich_themes, empty_project):
    import_rows(empty_project, read_codebook_file(export(project, "qdc"), "codeboek.qdc"))
    assert snapshot(empty_project) == snapshot(project)


def test_xlsx_export_is_a_workbook_with_a_header_row(project, themes):
    sheet = openpyxl.load_workbook(export(project, "xlsx")).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["naam", "bovenliggend thema", "kleur", "definitie", "volgorde"]
    assert rows[3][:3] == ["personeelstekort", "knelpunten", "#f2994a"]


def test_import_updates_themes_that_exist_and_adds_the_rest(project, themes):
    added, updated = import_csv(
        project,
        "Naam;Kleur;Bovenliggend thema;Definitie\n"
        "Samenwerking;#FFFFFF;;Nieuw\n"
        "wachtlijst;;knelpunten;Wachten op zorg.\n",
    )
    assert (added, updated) == (["wachtlijst"], ["Samenwerking"])
    theme = Theme.objects.get(project=project, name="Samenwerking")
    assert (theme.pk, theme.colour, theme.definition) == (themes["samenwerking"].pk, "#ffffff", "Nieuw")
    wachtlijst = Theme.objects.get(project=project, name="wachtlijst")
    assert (wachtlijst.parent, wachtlijst.colour) == (themes["knelpunten"], "#f2c94c")


def test_windows_1252_csv_from_excel_keeps_its_accents(empty_project):
    import_csv(empty_project, "naam;definitie\ncoördinatie;één loket\n", encoding="cp1252")
    assert snapshot(empty_project) == [("coördinatie", None, "#f2c94c", "één loket")]


def test_parents_may_come_after_their_children_in_the_file(empty_project):
    import_csv(empty_project, "naam,bovenliggend thema\nkind,ouder\nouder,\n")
    assert Theme.objects.get(name="kind").parent == Theme.objects.get(name="ouder")


def problems(project, text, name="codeboek.csv"):
    with pytest.raises(CodebookError) as caught:
        import_rows(project, read_codebook_file(csv_file(text), name))
    return caught.value.errors


def test_bad_rows_are_all_reported_and_nothing_is_stored(project, themes):
    before = snapshot(project)
    errors = problems(
        project,
        "naam,bovenliggend thema,kleur,volgorde\n"
        "nieuw,,#123456,1\n"
        ",,,\n"  # an empty line is skipped
        "wees,onbekend,,\n"
        "Nieuw,,,\n"
        "rood,,rood,\n"
        "x,,,twee\n"
        ",samenwerking,,\n",
    )
    assert errors == [
        "Regel 4: het bovenliggende thema “onbekend” staat niet in het bestand en niet in het codeboek.",
        "Regel 5: het thema “Nieuw” staat ook op regel 2 (hoofdletters tellen niet mee).",
        "Regel 6: de kleur “rood” is geen kleur als #rrggbb (bijvoorbeeld #2d9cdb).",
        "Regel 7: de volgorde “twee” is geen geheel getal van 0 of meer.",
        "Regel 8: de naam van het thema ontbreekt.",
    ]
    assert snapshot(project) == before and not Theme.objects.filter(name="nieuw").exists()


def test_a_circle_of_parents_is_refused(project, themes):
    errors = problems(project, "naam,bovenliggend thema\nknelpunten,personeelstekort\n")
    assert errors == ["Regel 2: “knelpunten” zou onder zichzelf komen te staan (via “personeelstekort”)."]
    assert Theme.objects.get(pk=themes["knelpunten"].pk).parent is None


def test_files_that_are_no_codebook_are_refused(project):
    assert problems(project, "") == ["Het bestand is leeg: de eerste regel moet de kolomnamen bevatten (naam, …)."]
    assert problems(project, "kleur\n#123456\n")[0].startswith("Geen kolom met de naam van het thema")
    assert problems(project, "naam\n") == ["Het bestand bevat geen thema's."]
    assert problems(project, "PK\x03\x04 rommel", "codeboek.xlsx") == ["Dit is geen leesbaar Excel-werkboek (.xlsx)."]
    assert problems(project, "naam\nx\n", "codeboek.txt")[0].startswith("Kies een .csv-")
