"""Every transcript format, read from a real file written by the library that writes it."""

import io
import zipfile

import pytest
from transcript_files import docx_bytes, odt_bytes, pdf_bytes, srt_bytes, vtt_bytes

from interviews.transcripts.pdf import pdf_paragraphs
from interviews.transcripts.readers import read_transcript
from interviews.transcripts.text import TranscriptError


def read(name, data):
    return read_transcript(name, io.BytesIO(data))


def turns_of(transcript):
    return [(speaker, transcript.text[start:end]) for start, end, speaker, *_ in transcript.turns]


def test_a_word_file_keeps_bold_and_colon_speakers_as_turns():
    data = docx_bytes(
        [
            "Interview met de wethouder (fictief)",
            ("Interviewer:", " Hoe verloopt de coördinatie?"),
            ("Anna de Vries", " Goed! 🤝"),
            "Een tweede alinea van Anna.",
            "R1: een label zonder vet",
        ]
    )
    transcript = read("Wethouder.docx", data)
    assert transcript.format == "docx" and transcript.text.startswith("Interview met de wethouder (fictief)\n")
    assert turns_of(transcript) == [
        ("Interviewer", "Interviewer: Hoe verloopt de coördinatie?"),
        ("Anna de Vries", "Anna de Vries: Goed! 🤝\nEen tweede alinea van Anna."),
        ("R1", "R1: een label zonder vet"),
    ]


def test_an_opendocument_text_is_read_in_document_order():
    transcript = read(
        "Zwolle.odt", odt_bytes("Interview Zwolle", ["Interviewer: Hoe gaat het?", "R1: Goed, coördinatie 👍"])
    )
    assert transcript.text == "Interview Zwolle\nInterviewer: Hoe gaat het?\nR1: Goed, coördinatie 👍"
    assert [t[2] for t in transcript.turns] == ["Interviewer", "R1"]


def test_a_pdf_with_a_text_layer_gives_its_text_and_turns():
    transcript = read("Partner.pdf", pdf_bytes(["Interviewer: Hoe gaat het met de coördinatie?", "R1: Goed, dank u."]))
    assert transcript.format == "pdf"
    assert turns_of(transcript) == [
        ("Interviewer", "Interviewer: Hoe gaat het met de coördinatie?"),
        ("R1", "R1: Goed, dank u."),
    ]


def test_bold_speaker_labels_of_an_opendocument_text_become_turns():
    data = odt_bytes(
        "Interview Zwolle",
        [
            ("Interviewer:", " Hoe verloopt de coördinatie?"),
            ("Anna de Vries", " Goed!"),
            "Een tweede alinea van Anna.",
            ("Let op", ""),
            "R2: zonder vet",
        ],
    )
    transcript = read("Zwolle.odt", data)
    assert turns_of(transcript) == [
        ("Interviewer", "Interviewer: Hoe verloopt de coördinatie?"),
        ("Anna de Vries", "Anna de Vries: Goed!\nEen tweede alinea van Anna.\nLet op"),
        ("R2", "R2: zonder vet"),
    ]


def test_the_lines_of_a_pdf_paragraph_are_joined_and_speakers_and_blank_lines_kept():
    long = "Die verloopt goed. We hebben sinds vorig jaar een vast overleg met de verloskundigen en de kraamzorg en de"
    data = pdf_bytes(
        [
            "Interviewer: Hoe verloopt de samenwerking?",
            f"R1: {long} coördi-",
            "natie met de jeugd- en gezinsteams in Noord-",
            "Holland is beter.",
            "",
            "Een nieuwe alinea van R1.",
            "[00:12:03] Interviewer: Dank u.",
        ]
    )
    transcript = read("Partner.pdf", data)
    assert transcript.text == (
        "Interviewer: Hoe verloopt de samenwerking?\n"
        f"R1: {long} coördinatie met de jeugd- en gezinsteams in Noord-Holland is beter.\n"
        "Een nieuwe alinea van R1.\n[00:12:03] Interviewer: Dank u."
    )
    assert [t[2] for t in transcript.turns] == ["Interviewer", "R1", "Interviewer"]


@pytest.mark.parametrize(
    "lines, paragraphs",
    [
        (["Het was coördi-", "natie."], ["Het was coördinatie."]),
        (["de gezins-", "teams"], ["de gezinsteams"]),
        (["haar sociaal-", "emotionele ontwikkeling"], ["haar sociaal-emotionele ontwikkeling"]),
        (["de jeugd-", "en gezinsteams"], ["de jeugd- en gezinsteams"]),
        (["het ministerie van VWS-", "Programma"], ["het ministerie van VWS-Programma"]),
        (["tel. 030-", "1234"], ["tel. 030- 1234"]),
        (["Het probleem is: dat", "Zij zegt: ja"], ["Het probleem is: dat Zij zegt: ja"]),
    ],
)
def test_pdf_lines_are_joined_carefully(lines, paragraphs):
    assert pdf_paragraphs(lines) == paragraphs


def test_a_scanned_pdf_without_text_gets_a_clear_message():
    with pytest.raises(TranscriptError, match="geen tekstlaag"):
        read("Scan.pdf", pdf_bytes())


def test_html_is_read_with_a_parser_blocks_become_lines():
    page = (
        "<!doctype html><html><head><title>x</title><style>p {}</style></head><body><h1>Interview</h1>"
        "<p>Interviewer: Hoe\n   gaat &amp; het?</p><p>R1: Goed<br>tweede regel</p>"
        "<script>alert(1)</script></body></html>"
    )
    transcript = read("Pagina.html", page.encode())
    assert transcript.text == "Interview\nInterviewer: Hoe gaat & het?\nR1: Goed\ntweede regel"
    assert [t[2] for t in transcript.turns] == ["Interviewer", "R1"]


def test_webvtt_cues_join_into_turns_with_voices_and_times():
    data = vtt_bytes(
        [
            ("00:00:01.000", "00:00:03.500", "<v Anna de Vries>Hallo daar,"),
            ("00:00:04.000", "00:00:05.000", "<v Anna de Vries>hoe gaat het?"),
            ("00:01:06.000", "00:01:07.250", "Bert: nog iets"),
        ]
    )
    transcript = read("Opname.vtt", data)
    assert transcript.text == "Anna de Vries: Hallo daar, hoe gaat het?\nBert: nog iets"
    assert [(t[2], t[3], t[4]) for t in transcript.turns] == [("Anna de Vries", 1000, 5000), ("Bert", 66000, 67250)]


def test_srt_cues_with_name_labels_become_turns_with_times():
    transcript = read(
        "Opname.srt",
        srt_bytes([(1, 2, "I: Vraag een"), (2.5, 4, "R1: Antwoord\nmet twee regels"), (4.5, 5, "en nog wat")]),
    )
    assert transcript.text == "I: Vraag een\nR1: Antwoord met twee regels en nog wat"
    assert [(t[2], t[3], t[4]) for t in transcript.turns] == [("I", 1000, 2000), ("R1", 2500, 5000)]


def test_markdown_bold_labels_become_plain_turn_labels():
    transcript = read("Notities.md", b"**Interviewer:** Vraag\n**R1**: antwoord\n")
    assert transcript.text == "Interviewer: Vraag\nR1: antwoord"
    assert [t[2] for t in transcript.turns] == ["Interviewer", "R1"]


def test_plain_text_turns_keep_the_time_of_their_label():
    transcript = read("Band.txt", "[00:12:03] Interviewer: Vraag\n[01:00:10] R1: antwoord".encode("cp1252"))
    assert [(t[2], t[3]) for t in transcript.turns] == [("Interviewer", 723000), ("R1", 3610000)]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("Kapot.docx", b"PK\x03\x04 dit is geen echt Word-bestand", "geen geldig Word-bestand"),
        ("Geheim.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "beveiligd met een wachtwoord"),
        ("Kapot.odt", b"dit is geen zip", "geen geldig OpenDocument-bestand"),
        ("Kapot.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "beschadigd"),
        ("Leeg.docx", b"", "Het bestand is leeg."),
        ("Leeg.txt", b"  \n", "Het bestand is leeg."),
        ("Programma.exe", b"MZ\x90\x00", "Onbekend bestandstype “.exe”"),
        ("zonder-extensie", b"I: ja", "geen extensie"),
        ("Onbekend.txt", b"co\x81rdinatie \x8d", "niet te lezen als UTF-8 of Windows-1252"),
        ("Gemengd.srt", "coördinatie".encode() + b" \xff", "grotendeels UTF-8"),
        ("Fout.vtt", b"geen webvtt", "geen geldig WebVTT-bestand"),
        ("Fout.srt", b"geen ondertitels hier", "geen geldig SRT-bestand"),
    ],
)
def test_a_bad_file_gets_a_clear_dutch_message(name, data, message):
    with pytest.raises(TranscriptError, match=message):
        read(name, data)


def test_a_password_protected_pdf_is_refused_with_a_clear_message():
    with pytest.raises(TranscriptError, match="beveiligd met een wachtwoord"):
        read("Geheim.pdf", pdf_bytes(["R1: geheim"], password="sleutel"))


def test_a_word_file_made_elsewhere_without_bold_reads_colon_labels():
    transcript = read("Plain.docx", docx_bytes(["Interviewer: Eén?", "R1: Twee."]))
    assert turns_of(transcript) == [("Interviewer", "Interviewer: Eén?"), ("R1", "R1: Twee.")]
    assert transcript.sha256 and len(transcript.sha256) == 64


def with_doctype(data, part, declaration, encoding="utf-8"):
    """The package with `declaration` (a DOCTYPE) put before the root of `part`, and '&' in its text as the entity."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                xml = content.decode().split("?>", 1)[1].replace("Voor &amp; na", "Voor &x; na")
                xml = f"<?xml version='1.0' encoding='{encoding}'?>{declaration}{xml}"
                content = xml.encode(encoding)
            package.writestr(info, content)
    return out.getvalue()


ENTITY = '<!DOCTYPE {root} [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    "name, data, part, root",
    [
        ("Wethouder.docx", docx_bytes(["I: Voor & na de wachtlijst.", "R1: Ja."]), "word/document.xml", "w:document"),
        ("Zwolle.odt", odt_bytes("Kop", ["I: Voor & na de wachtlijst.", "R1: Ja."]), "content.xml", "office:document"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_an_office_file_with_an_external_entity_is_refused_not_read_short(name, data, part, root, encoding):
    assert "Voor & na de wachtlijst." in read(name, data).text  # without the entity the whole text is read
    for declaration in (ENTITY.format(root=root), f"<!DOCTYPE {root}>"):
        with pytest.raises(TranscriptError, match=rf"bevat een externe verwijzing \(DTD\) in ‘{part}’"):
            read(name, with_doctype(data, part, declaration, encoding))
