"""REFI-QDA codebooks (.qdc): written valid against Codebook.xsd, read back with hierarchy, colours, definitions."""

import io
from pathlib import Path

import pytest

from interviews.exchange.qdc import read_codebook, write_codebook
from interviews.exchange.qdpx_xml import QdpxError, validate
from interviews.models import Theme

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "refi" / "samples"


def qdc(project):
    out = io.BytesIO()
    write_codebook(project, out)
    return out.getvalue()


@pytest.fixture
def accented(project, themes):
    themes["personeelstekort"].definition = "Te weinig mensen voor de coördinatie 👶; “zorg” – ‘wachtlijsten’."
    themes["personeelstekort"].save()
    return Theme.objects.create(
        project=project,
        name="coördinatie & <regie>",
        colour="#AbCdEf",
        parent=themes["personeelstekort"],
        definition="Wie regisseert?",
    )


def test_codebook_export_is_valid_against_the_official_schema(project, accented):
    assert validate(qdc(project), "Codebook") == []


def test_codebook_round_trip_keeps_hierarchy_colours_definitions_and_accents(project, themes, accented):
    rows = read_codebook(io.BytesIO(qdc(project)))
    by_name = {row["name"]: row for row in rows}
    assert [row["name"] for row in rows] == [
        "samenwerking",
        "knelpunten",
        "personeelstekort",
        "coördinatie & <regie>",
        "financiering",
    ]
    assert by_name["coördinatie & <regie>"]["parent"] == "personeelstekort"
    assert by_name["personeelstekort"]["parent"] == "knelpunten"
    assert by_name["knelpunten"]["parent"] == ""
    assert by_name["coördinatie & <regie>"]["colour"] == "#abcdef"
    assert by_name["samenwerking"]["colour"] == "#2d9cdb"
    assert "coördinatie 👶; “zorg” – ‘wachtlijsten’" in by_name["personeelstekort"]["definition"]
    assert all(row["note"] == "" for row in rows)


def test_an_empty_codebook_cannot_be_exported(project):
    with pytest.raises(QdpxError, match="leeg"):
        write_codebook(project, io.BytesIO())


def test_taguette_codebook_is_read_although_it_is_not_schema_valid():
    with open(SAMPLES / "taguette1.4.1_codebook.qdc", "rb") as file:
        rows = read_codebook(file)
    assert rows and all(row["parent"] == "" and row["colour"] == "" for row in rows)


def test_short_colours_and_duplicate_names_are_made_to_fit():
    data = b"""<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1:0"><Codes>
      <Code guid="{11111111-1111-1111-1111-111111111111}" name="Ouders" isCodable="true" color="#F0a">
        <Code guid="22222222-2222-2222-2222-222222222222" name="zorgen" isCodable="true"/></Code>
      <Code guid="33333333-3333-3333-3333-333333333333" name="Professionals" isCodable="false">
        <Code guid="44444444-4444-4444-4444-444444444444" name="Zorgen" isCodable="true" color="red"/></Code>
    </Codes></CodeBook>"""
    rows = read_codebook(io.BytesIO(data))
    assert rows[0]["colour"] == "#ff00aa" and rows[0]["guid"] == "11111111-1111-1111-1111-111111111111"
    assert [row["name"] for row in rows] == ["Ouders", "zorgen", "Professionals", "Zorgen (Professionals)"]
    assert rows[3]["parent"] == "Professionals" and rows[3]["colour"] == "" and "al gebruikt" in rows[3]["note"]
    assert rows[2]["codable"] is False


@pytest.mark.parametrize(
    "data, message",
    [
        (b"PK\x03\x04 not xml", "geen geldige XML"),
        (b"<Project xmlns='urn:QDA-XML:project:1.0' name='x'/>", "geen codes"),
        (b"<html><body/></html>", "hoofdelement"),
        (b"<CodeBook xmlns='urn:other'><Codes/></CodeBook>", "naamruimte"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CodeBook>&e;</CodeBook>',
            "niet is toegestaan",
        ),
    ],
)
def test_what_is_not_a_codebook_gets_a_clear_message(data, message):
    with pytest.raises(QdpxError, match=message):
        read_codebook(io.BytesIO(data))
