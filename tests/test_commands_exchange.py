"""export_qdpx, import_qdpx and import_taguette: the checks of the pages, on the command line."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from interviews.models import Interview, Passage, Project, Role, Token

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "refi" / "samples"
TAGUETTE = Path(__file__).parent / "data" / "taguette_export.sqlite3"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_export_qdpx_writes_a_checked_archive(project, interview, passage, tmp_path):
    path = tmp_path / "uit.qdpx"
    run("export_qdpx", "--project", project.slug, "--output", str(path), "--check")
    assert b"samenwerking in de coalitie" in zipfile.ZipFile(path).read("project.qde")


def test_export_qdpx_needs_an_existing_project(db):
    with pytest.raises(CommandError, match="geen project"):
        run("export_qdpx", "--project", "bestaat-niet")


def test_import_qdpx_with_owner_makes_a_new_project(owner):
    out = run("import_qdpx", str(SAMPLES / "qc1.3.2_demo.qdpx"), "--owner", owner.username, "--name", "QC")
    project = Project.objects.get(name="QC")
    assert project.role_of(owner) == Role.OWNER and "158 passages" in out
    assert Passage.objects.filter(interview__project=project).count() == 158


def test_import_qdpx_stores_nothing_when_parts_are_skipped_unless_accepted(owner):
    sample = str(SAMPLES / "nvivo15-mac_qc-roundtrip.qdpx")
    with pytest.raises(CommandError, match="accept-partial"):
        run("import_qdpx", sample, "--owner", owner.username)
    assert not Project.objects.exists()
    run("import_qdpx", sample, "--owner", owner.username, "--accept-partial")
    assert Project.objects.get().themes.count() == 262


def test_import_into_a_project_needs_a_coder_or_owner(project, interview, viewer, coder):
    with pytest.raises(CommandError, match="codeur of eigenaar"):
        run("import_taguette", str(TAGUETTE), "--project", project.slug, "--user", viewer.username)
    run("import_taguette", str(TAGUETTE), "--project", project.slug, "--user", coder.username)
    assert project.interviews.count() == 3
    assert Passage.objects.filter(interview__project=project, coder=coder).count() == 6


@pytest.mark.parametrize(
    "args, message",
    [
        (["--owner", "niemand"], "geen gebruiker"),
        ([], "--project SLUG"),
        (["--project", "nergens"], "geen project"),
    ],
)
def test_import_commands_say_what_is_wrong(owner, args, message):
    with pytest.raises(CommandError, match=message):
        run("import_taguette", str(TAGUETTE), *args)


def test_a_file_that_is_no_project_is_refused(owner, tmp_path):
    path = tmp_path / "x.qdpx"
    path.write_bytes(b"geen zip")
    with pytest.raises(CommandError, match="Niets ingelezen"):
        run("import_qdpx", str(path), "--owner", owner.username)


def test_analyse_imports_fills_in_what_a_large_web_import_left_out(project, owner):
    interview = Interview.objects.create(project=project, title="Groot", text="Wethouder: Dat gaat goed. Echt.")
    out = run("analyse_imports", "--project", project.slug)
    assert "1 interview(s)" in out and interview.segments.exists()
    assert Token.objects.filter(interview=interview).exists()
