"""export_summary, export_codings, export_codebook and import_codebook: the page's files and checks, on the shell."""

import io

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from report_study import build

from interviews.models import Membership, Project, Theme


@pytest.fixture
def study(project, themes, coder, owner):
    return build(project, themes, coder, owner)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_summary_writes_a_docx_with_the_filters_applied(project, study, tmp_path):
    target = tmp_path / "samenvatting.docx"
    out, err = run(
        "export_summary",
        "--project",
        project.slug,
        "--output",
        str(target),
        "--theme",
        "Samenwerking",
        "--stakeholder-group",
        "jgz",
        "--quotes",
        "1",
    )
    assert f"Geschreven: {target}" in err
    paragraphs = [p.text for p in docx.Document(target).paragraphs]
    assert "■ samenwerking" in paragraphs and "■ financiering" not in paragraphs
    assert "2 passages in 1 interview." in paragraphs
    assert "Filters: stakeholdergroep: jeugdgezondheidszorg" in paragraphs[1]


@pytest.mark.parametrize("fmt, marker", [("md", "## samenwerking"), ("html", "<h1>Themasamenvatting")])
def test_export_summary_in_text_formats_by_extension(fmt, marker, project, study, tmp_path):
    target = tmp_path / f"s.{fmt}"
    run("export_summary", "--project", project.slug, "-o", str(target), "--municipality", "Amsterdam")
    text = target.read_text("utf-8")
    assert marker in text and "Wij zien elkaar elke week" in text and "De coördinatie" not in text


def test_export_summary_refuses_what_the_page_refuses(project, study, tmp_path):
    for args, message in [
        (["--theme", "onbekend"], "geen thema “onbekend”"),
        (["--coder", "otto"], "“otto” is geen lid"),
        (["--municipality", "Atlantis"], "geen gemeente “Atlantis”"),
        (["--year", "twee"], "year: Voer een geheel getal in."),
        (["--quotes", "99"], "quotes:"),
    ]:
        with pytest.raises(CommandError, match=message):
            run("export_summary", "--project", project.slug, "-o", str(tmp_path / "x.docx"), *args)
    assert not (tmp_path / "x.docx").exists()
    with pytest.raises(CommandError, match="Er is geen project “nergens”"):
        run("export_summary", "--project", "nergens")


def test_export_codings_writes_csv_and_xlsx(project, study, tmp_path):
    run("export_codings", "--project", project.slug, "-o", str(tmp_path / "c.csv"))
    lines = (tmp_path / "c.csv").read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("interview_id,interview,") and len(lines) == 9
    run("export_codings", "--project", project.slug, "--format", "xlsx", "-o", str(tmp_path / "c.bin"))
    book = openpyxl.load_workbook(io.BytesIO((tmp_path / "c.bin").read_bytes()))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 9 and any(row[12] == "Een zin die niemand codeerde" and row[15] is None for row in rows)


def test_export_and_import_codebook_round_trip_into_a_new_project(project, themes, owner, tmp_path):
    themes["samenwerking"].definition = "Coördinatie en één loket."
    themes["samenwerking"].save()
    for fmt in ("csv", "xlsx", "qdc"):
        target = tmp_path / f"codeboek.{fmt}"
        run("export_codebook", "--project", project.slug, "-o", str(target))
        out, err = run("import_codebook", str(target), "--project", f"kopie-{fmt}", "--owner", owner.username)
        assert "4 thema('s) toegevoegd, 0 bijgewerkt" in out
        copy = Project.objects.get(slug=f"kopie-{fmt}")
        assert Membership.objects.get(project=copy).user == owner
        assert copy.themes.get(name="personeelstekort").parent.name == "knelpunten"
        assert copy.themes.get(name="samenwerking").definition == "Coördinatie en één loket."


def test_import_codebook_stores_nothing_on_error_not_even_the_new_project(owner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("naam,kleur\ngoed,#123456\nfout,blauw\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Regel 3: de kleur “blauw”"):
        run("import_codebook", str(bad), "--project", "nieuw", "--owner", owner.username)
    assert not Project.objects.filter(slug="nieuw").exists() and not Theme.objects.filter(name="goed").exists()
    with pytest.raises(CommandError, match="geef --owner"):
        run("import_codebook", str(bad), "--project", "nieuw")
    with pytest.raises(CommandError, match="Niet gevonden"):
        run("import_codebook", str(tmp_path / "nope.csv"), "--project", "nieuw")


def test_export_codebook_of_an_empty_codebook_as_qdc_fails_without_a_file(db, tmp_path):
    Project.objects.create(name="Leeg", slug="leeg")
    with pytest.raises(CommandError, match="leeg"):
        run("export_codebook", "--project", "leeg", "-o", str(tmp_path / "x.qdc"))
    assert not (tmp_path / "x.qdc").exists()


def test_export_codings_takes_the_pages_filters(project, study, tmp_path, monkeypatch):
    run(
        "export_codings",
        "--project",
        project.slug,
        "-o",
        str(tmp_path / "c.csv"),
        "--coder",
        "cees",
        "--subtree",
        "knelpunten",
    )
    lines = (tmp_path / "c.csv").read_text("utf-8-sig").splitlines()
    assert len(lines) == 2 and "Er is een personeelstekort." in lines[1]  # P2 only
    monkeypatch.chdir(tmp_path)  # without --output the file name says the filters
    run("export_codings", "--project", project.slug, "--format", "xlsx", "--year", "2022", "--municipality", "GM0344")
    book = openpyxl.load_workbook(tmp_path / f"{project.slug}-coderingen-gemeente-utrecht-jaar-2022.xlsx")
    assert [row[1] for row in book.active.iter_rows(min_row=2, values_only=True)] == ["Interview D"]  # P7
    assert ("Filters", "gemeente: Utrecht; jaar: 2022") in list(book["Over deze export"].iter_rows(values_only=True))


def test_export_codings_refuses_bad_filters_and_writes_nothing(project, study, tmp_path):
    for args, message in [
        (["--theme", "onbekend"], "geen thema “onbekend”"),
        (["--coder", "otto"], "geen lid"),
        (["--year", "twee"], "year: Voer een geheel getal in."),
        (["--stakeholder-group", "pers"], "stakeholder_group: Selecteer een geldige keuze"),
    ]:
        with pytest.raises(CommandError, match=message):
            run("export_codings", "--project", project.slug, "-o", str(tmp_path / "x.csv"), *args)
    assert not (tmp_path / "x.csv").exists()
