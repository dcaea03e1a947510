"""`manage.py import_transcripts`: the same checks as the browser, a summary, an exit code."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from transcript_files import docx_bytes, zip_bytes

from interviews.models import PseudonymName


def run(*args):
    out = StringIO()
    try:
        call_command("import_transcripts", *[str(a) for a in args], stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


@pytest.fixture
def files(tmp_path):
    (tmp_path / "A.txt").write_text("Interviewer: Hoe gaat het, Jansen?\nR1: Goed, bel 06-12345678.", encoding="utf-8")
    (tmp_path / "B.docx").write_bytes(docx_bytes([("Interviewer:", " Vraag?"), ("R1:", " Antwoord.")]))
    (tmp_path / "Leeg.txt").write_bytes(b"")
    (tmp_path / "meta.csv").write_text(
        "bestand;gemeente;jaar\nA.txt;Utrecht;2021\nB.docx;GM0193;2022\n", encoding="utf-8"
    )
    return tmp_path


def test_the_command_imports_files_with_their_metadata(project, owner, files):
    out, error = run("--project", project.slug, "--metadata", files / "meta.csv", files / "A.txt", files / "B.docx")
    assert error is None, out
    assert "aangemaakt  A.txt → “A”" in out and "2 aangemaakt, 0 niet geïmporteerd." in out
    interviews = {i.title: i for i in project.interviews.select_related("municipality")}
    assert (interviews["A"].municipality.name, interviews["A"].year) == ("Utrecht", 2021)
    assert (interviews["B"].municipality.code, interviews["B"].created_by) == ("GM0193", owner)
    assert interviews["B"].segments.filter(kind="turn").count() == 2


def test_the_command_pseudonymises_everything_it_finds(project, files):
    PseudonymName.objects.create(project=project, name="Jansen", replacement="[R1]")
    out, error = run("--project", project.slug, "--pseudonymise", files / "A.txt")
    assert error is None and "(2 vervangingen)" in out
    assert project.interviews.get().text == "Interviewer: Hoe gaat het, [R1]?\nR1: Goed, bel [telefoon]."


def test_a_failed_file_is_reported_and_gives_a_non_zero_exit_the_others_are_imported(project, files):
    out, error = run("--project", project.slug, files / "A.txt", files / "Leeg.txt")
    assert "NIET        Leeg.txt: Het bestand is leeg." in out and "1 aangemaakt, 1 niet geïmporteerd." in out
    assert error == "1 probleem: niet alles is geïmporteerd."
    assert list(project.interviews.values_list("title", flat=True)) == ["A"]


def test_a_metadata_row_without_its_file_fails_the_run(project, files):
    out, error = run("--project", project.slug, "--metadata", files / "meta.csv", files / "A.txt")
    assert "noemt “B.docx”, maar dat bestand zit niet in de upload" in out and error


def test_a_zip_is_unpacked_and_a_path_outside_it_refused(project, files):
    (files / "studie.zip").write_bytes(zip_bytes({"studie/C.txt": b"I: ja", "../D.txt": b"I: nee"}))
    out, error = run("--project", project.slug, files / "studie.zip")
    assert "buiten de map" in out and error and list(project.interviews.values_list("title", flat=True)) == ["C"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--project", "bestaat-niet", "x.txt"], "Er is geen project “bestaat-niet”."),
        (["--project", "ks-test", "/nergens/x.txt"], "Niet gevonden: /nergens/x.txt"),
        (["--project", "ks-test", "--user", "vera", "x.txt"], "vera is geen codeur of eigenaar van dit project."),
    ],
)
def test_bad_arguments_stop_before_anything_is_imported(project, args, message):
    _out, error = run(*args)
    assert error == message and not project.interviews.exists()


def test_the_command_stores_many_files_itself_without_a_worker(project, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # a worker nobody runs
    names = [tmp_path / f"Interview {n}.txt" for n in range(7)]
    for n, name in enumerate(names):
        name.write_text(f"Interviewer: Vraag {n}?\nR1: Antwoord {n}.", encoding="utf-8")
    out, error = run("--project", project.slug, *names)
    assert error is None and "7 aangemaakt, 0 niet geïmporteerd." in out and project.interviews.count() == 7
