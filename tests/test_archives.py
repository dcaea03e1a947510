"""The one safe-zip guard, in each of the four zip readers: hostile archives built here are refused with a
clear Dutch message, are never held in memory, and nothing of them is stored."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from transcript_files import docx_bytes, odt_bytes, xlsx_bytes

from interviews.exchange.qdpx_xml import QdpxError, open_zip
from interviews.models import ImportBatch
from interviews.spreadsheets import TableError, read_table
from interviews.transcripts.archives import ArchiveError, Limits, MemberError, SafeZip
from interviews.transcripts.batches import unpack_zip
from interviews.transcripts.pipeline import read_uploads
from interviews.transcripts.readers import read_transcript
from interviews.transcripts.text import TranscriptError

QDE = '<Project xmlns="urn:QDA-XML:project:1.0" name="Bom" origin="Test"/>'


def with_members(data, members):
    """A copy of the zip `data` with `members` ({name: bytes}) added, deflated."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_of(members):
    return with_members(b"", members)


def bomb_into(data, name, size):
    """A copy of the zip `data` whose member `name` is replaced by `size` zero bytes, written in a stream."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != name:
                archive.writestr(info, source.read(info))
        with archive.open(name, "w", force_zip64=True) as member:
            for _ in range(size // 2**20):
                member.write(bytes(2**20))
    return out.getvalue()


# Each reader: how it is called, and the kind of error it raises for an archive it refuses.
READERS = {
    "docx": (lambda data: read_transcript("a.docx", io.BytesIO(data)), TranscriptError, docx_bytes(["I: ja"])),
    "odt": (lambda data: read_transcript("a.odt", io.BytesIO(data)), TranscriptError, odt_bytes("Kop", ["I: ja"])),
    "qdpx": (lambda data: open_zip(io.BytesIO(data)), QdpxError, zip_of({"project.qde": QDE})),
    "xlsx": (lambda data: read_table(io.BytesIO(data), "a.xlsx"), TableError, xlsx_bytes([["bestand"], ["a.txt"]])),
    "zip": (lambda data: unpack_zip(io.BytesIO(data)), ArchiveError, zip_of({"a.txt": b"I: ja"})),
}


@pytest.mark.parametrize("kind", READERS)
def test_every_reader_reads_an_honest_archive(kind):
    read, _error, data = READERS[kind]
    assert read(data)


@pytest.mark.parametrize("kind", READERS)
@override_settings(IMPORT_MAX_FILES=40)
def test_every_reader_refuses_an_archive_with_too_many_members(kind):
    read, error, data = READERS[kind]
    with pytest.raises(error, match=r"bevat \d+ bestanden; het maximum is 40"):
        read(with_members(data, {f"extra/{i}.xml": b"<x/>" for i in range(41)}))


@pytest.mark.parametrize("kind", READERS)
@override_settings(IMPORT_MAX_UNPACKED_BYTES=200_000, ARCHIVE_MAX_MEMBER_BYTES=150_000)
def test_every_reader_refuses_an_archive_that_unpacks_past_the_total(kind):
    read, error, data = READERS[kind]
    with pytest.raises(error, match="uitgepakt groter dan"):
        read(with_members(data, {f"extra/{i}.xml": bytes(100_000) for i in range(3)}))


@pytest.mark.parametrize("kind", ["docx", "odt", "qdpx", "xlsx"])
@override_settings(ARCHIVE_MAX_MEMBER_BYTES=50_000)
def test_every_package_reader_refuses_a_member_that_inflates_past_the_limit(kind):
    read, error, data = READERS[kind]
    with pytest.raises(error, match="uitgepakt groter dan toegestaan"):
        read(with_members(data, {"extra/bom.xml": bytes(60_000)}))


@override_settings(ARCHIVE_MAX_MEMBER_BYTES=50_000)
def test_a_bomb_in_a_bulk_zip_is_a_problem_of_that_file_only():
    found = unpack_zip(io.BytesIO(zip_of({"bom.txt": bytes(60_000), "a.txt": b"I: ja"})))
    assert found[1] == ("a.txt", b"I: ja", None)
    assert found[0][1] is None and "uitgepakt groter dan toegestaan" in found[0][2]


def test_a_header_that_lies_about_the_size_does_not_help():
    data = zip_of({"a.txt": bytes(10_000)})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("a.txt")
    lying = data.replace((10_000).to_bytes(4, "little"), (10).to_bytes(4, "little"))  # local and central header
    with SafeZip(io.BytesIO(lying), Limits(10, 1_000, 1_000)) as archive:
        assert info.file_size == 10_000 and archive.members[0].file_size == 10
        with pytest.raises(MemberError):
            archive.read(archive.members[0])


def test_a_small_docx_whose_text_inflates_to_150_mb_is_refused_without_reading_it_into_memory():
    bomb = bomb_into(docx_bytes(["Interviewer: ja"]), "word/document.xml", 150 * 2**20)
    assert len(bomb) < 500_000
    tracemalloc.start()
    try:
        refused = "Word-bestand wordt niet gelezen: ‘word/document.xml’ is (uitgepakt groter|verdacht sterk ingepakt)"
        with pytest.raises(TranscriptError, match=refused):
            read_transcript("Bom.docx", io.BytesIO(bomb))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 25 * 2**20  # the member limit (20 MB) at most, never the 150 MB


@override_settings(ARCHIVE_MAX_MEMBER_BYTES=50_000)
def test_an_uploaded_docx_bomb_is_a_problem_of_its_file_and_stores_nothing(as_user, coder, project):
    client = as_user(coder)
    bomb = bomb_into(docx_bytes(["Interviewer: ja"]), "word/document.xml", 2**20)
    url = reverse("interviews:interview_upload", args=[project.slug])
    client.post(url, {"files": [SimpleUploadedFile("Bom.docx", bomb)]}, follow=True)
    (item,) = ImportBatch.objects.latest("pk").items.all()
    assert "Word-bestand wordt niet gelezen" in item.problems[0]["message"] and not item.text
    assert not project.interviews.exists()


@override_settings(ARCHIVE_MAX_MEMBER_BYTES=50_000)
def test_an_uploaded_qdpx_bomb_gets_a_message_and_stores_nothing(project, as_user, coder, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    bomb = zip_of({"project.qde": QDE, "sources/bom.txt": bytes(60_000)})
    url = reverse("interviews:exchange_import", args=[project.slug])
    response = as_user(coder).post(url, {"file": SimpleUploadedFile("bom.qdpx", bomb)})
    assert response.status_code == 400 and "uitgepakt groter dan toegestaan" in response.content.decode()
    assert not project.interviews.exists() and not list(tmp_path.rglob("*.json"))


@override_settings(ARCHIVE_MAX_MEMBER_BYTES=50_000)
def test_an_uploaded_metadata_sheet_bomb_gets_a_message_and_stores_nothing(as_user, coder, project):
    sheet = with_members(xlsx_bytes([["bestand"], ["A.txt"]]), {"xl/bom.xml": bytes(60_000)})
    url = reverse("interviews:interview_upload", args=[project.slug])
    files = [SimpleUploadedFile("A.txt", b"I: ja")]
    response = as_user(coder).post(url, {"files": files, "metadata": SimpleUploadedFile("meta.xlsx", sheet)})
    assert "werkboek wordt niet gelezen" in response.content.decode()
    assert not ImportBatch.objects.exists() and not project.interviews.exists()


def test_a_member_that_packs_suspiciously_well_is_refused_before_it_is_inflated():
    data = zip_of({"a.txt": b"0" * (4 * 2**20)})  # 4 MB of zeros packs to a few kB: over 200 times
    with SafeZip(io.BytesIO(data)) as archive:
        with pytest.raises(MemberError, match="zip-bom"):
            archive.read(archive.members[0])
        assert archive.unpacked == 0


@override_settings(MAX_UPLOAD_BYTES=1000)
def test_a_transcript_in_a_bulk_zip_is_held_to_the_upload_limit_like_one_uploaded_alone(project, coder):
    files = read_uploads([("map.zip", io.BytesIO(zip_of({"lang.txt": b"I: ja\n" * 400, "kort.txt": b"I: ja"})))])
    assert files == [("lang.txt", None, "Het bestand is groter dan 0 MB."), ("kort.txt", b"I: ja", None)]
