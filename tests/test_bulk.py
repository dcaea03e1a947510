"""Zip files, metadata sheets and their cells, checked before anything is imported."""

import datetime
import io

import pytest
from transcript_files import xlsx_bytes, zip_bytes

from interviews.spreadsheets import TableError
from interviews.transcripts.archives import ArchiveError, Limits
from interviews.transcripts.batches import (
    match_municipality,
    parse_date,
    parse_year,
    read_sheet,
    unpack_zip,
)

MUNICIPALITIES = [("GM0344", "Utrecht"), ("GM0363", "Amsterdam"), ("GM0193", "Zwolle"), ("GM0014", "Groningen")]


def unpack(data, max_files=10, max_bytes=10_000, max_file_bytes=5_000):
    return unpack_zip(io.BytesIO(data), Limits(max_files, max_bytes, max_file_bytes))


def test_a_zip_gives_its_files_without_folders_and_hidden_files():
    data = zip_bytes(
        {
            "studie/a.txt": b"I: a",
            "studie/b.docx": b"PK",
            "__MACOSX/studie/._a.txt": b"x",
            "studie/.DS_Store": b"x",
            "studie/": b"",
        }
    )
    assert unpack(data) == [("studie/a.txt", b"I: a", None), ("studie/b.docx", b"PK", None)]


@pytest.mark.parametrize("name", ["../buiten.txt", "studie/../../buiten.txt", "/etc/passwd", "C:/Windows/x.txt"])
def test_a_zip_entry_outside_the_folder_is_refused_and_the_others_kept(name):
    found = unpack(zip_bytes({name: b"I: weg", "goed.txt": b"I: ja"}))
    assert found[0][1] is None and "buiten de map" in found[0][2]
    assert found[1] == ("goed.txt", b"I: ja", None)


def test_a_zip_bomb_is_refused_by_its_unpacked_size():
    bomb = zip_bytes({f"deel{i}.txt": b"0" * 4_000 for i in range(5)})
    assert len(bomb) < 1_000
    with pytest.raises(ArchiveError, match="uitgepakt groter dan"):
        unpack(bomb)


def test_a_file_in_a_zip_over_the_size_limit_is_refused_by_what_it_unpacks_to():
    found = unpack(zip_bytes({"groot.txt": b"0" * 9_000, "klein.txt": b"I: ja"}), max_file_bytes=1_000)
    assert found[1] == ("klein.txt", b"I: ja", None)
    assert found[0][1] is None and "groter dan toegestaan" in found[0][2]


def test_a_zip_with_too_many_files_is_refused():
    with pytest.raises(ArchiveError, match="bevat 11 bestanden; het maximum is 10"):
        unpack(zip_bytes({f"{i}.txt": b"I: ja" for i in range(11)}))


def test_a_file_that_is_no_zip_is_refused():
    with pytest.raises(ArchiveError, match="geen zip-bestand"):
        unpack(b"dit is geen zip")


def test_a_csv_sheet_gives_rows_by_file_name_and_its_extra_columns():
    csv = (
        "Bestand;Gemeente;Jaar;Stakeholdergroep;Datum;Labels;Regio\n"
        "studie/A.docx;Utrecht;2021;JGZ;15-03-2021;pilot, ronde 1;Noord\n"
    )
    rows, extra = read_sheet(io.BytesIO(csv.encode("cp1252")), "metadata.csv")
    assert extra == ["Regio"]
    assert rows == {
        "a.docx": {
            "file": "A.docx",
            "municipality": "Utrecht",
            "year": "2021",
            "stakeholder_group": "JGZ",
            "interview_date": "15-03-2021",
            "labels": "pilot, ronde 1",
            "Regio": "Noord",
            "row": 2,
        }
    }


def test_an_xlsx_sheet_is_read_as_well():
    data = xlsx_bytes([["bestand", "gemeente", "jaar", "datum"], ["B.txt", "GM0363", 2022, datetime.date(2022, 5, 1)]])
    rows, _extra = read_sheet(io.BytesIO(data), "metadata.xlsx")
    row = rows["b.txt"]
    assert (row["municipality"], parse_year(row["year"]), parse_date(row["interview_date"])) == (
        "GM0363",
        2022,
        datetime.date(2022, 5, 1),
    )


@pytest.mark.parametrize(
    "content, message",
    [
        ("gemeente;jaar\nUtrecht;2021\n", "mist een kolom ‘bestand’"),
        ("bestand;jaar\nA.txt;2021\na.txt;2022\n", "staat twee keer"),
        ("", "is leeg"),
    ],
)
def test_a_sheet_that_cannot_be_used_is_refused(content, message):
    with pytest.raises(TableError, match=message):
        read_sheet(io.BytesIO(content.encode()), "metadata.csv")


@pytest.mark.parametrize(
    "value, code, close",
    [
        ("GM0344", "GM0344", []),
        ("344", "GM0344", []),
        ("utrecht", "GM0344", []),
        ("Gemeente Zwolle", "GM0193", []),
        ("Utreht", None, [("GM0344", "Utrecht")]),
        ("Atlantis", None, []),
        ("GM9999", None, []),
    ],
)
def test_a_municipality_is_found_by_code_or_name_or_else_close_matches_are_offered(value, code, close):
    assert match_municipality(value, MUNICIPALITIES) == (code, close)


@pytest.mark.parametrize("value", ["twintig", "21", "1850", "2021-03", ""])
def test_a_year_that_is_not_a_year_is_refused(value):
    with pytest.raises(ValueError, match="geen jaartal"):
        parse_year(value)


@pytest.mark.parametrize("value", ["gisteren", "31-02-2021", "2021/13/01"])
def test_a_date_that_is_not_a_date_is_refused(value):
    with pytest.raises(ValueError, match="datum"):
        parse_date(value)
