"""Importing transcripts: upload → preview with per-file problems → confirm creates what is fine."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from transcript_files import docx_bytes, xlsx_bytes, zip_bytes

from interviews.models import ImportBatch, Interview, ProjectVariable, Segment, Speaker
from interviews.transcripts.pipeline import prepare_batch

TRANSCRIPT = "Interviewer: Hoe verloopt de coördinatie?\r\nR1: Goed. Het loopt.\r\nInterviewer: Dank u."
CANONICAL = "Interviewer: Hoe verloopt de coördinatie?\nR1: Goed. Het loopt.\nInterviewer: Dank u."


def upload_file(name, content=TRANSCRIPT, encoding="utf-8"):
    data = content if isinstance(content, bytes) else content.encode(encoding)
    return SimpleUploadedFile(name, data)


@pytest.fixture
def url(project):
    return reverse("interviews:interview_upload", args=[project.slug])


def preview(client, url, files, **data):
    """Upload and follow to the preview; returns (batch, page)."""
    response = client.post(url, {"files": files, **data}, follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    return ImportBatch.objects.latest("pk"), response.content.decode()


def confirm(client, batch):
    return client.post(reverse("interviews:batch_confirm", args=[batch.project.slug, batch.pk]), follow=True)


def test_upload_page_is_for_coders_and_owners(check_access, url):
    check_access("get", url, {"anonymous": 302, "outsider": 404, "viewer": 403, "coder": 200, "owner": 200})


def test_nobody_without_write_access_can_upload_preview_or_confirm(check_access, url, project, owner):
    batch = prepare_batch(project, owner, [("A.txt", upload_file("A.txt"))])
    item = batch.items.get()
    for name, method in [("import_preview", "get"), ("batch_confirm", "post")]:
        check_access(
            method,
            reverse(f"interviews:{name}", args=[project.slug, batch.pk]),
            {"anonymous": 302, "outsider": 404, "viewer": 403},
        )
    check_access(
        "get",
        reverse("interviews:import_review", args=[project.slug, batch.pk, item.pk]),
        {"outsider": 404, "viewer": 403},
    )
    check_access(
        "post", url, {"anonymous": 302, "outsider": 404, "viewer": 403}, data={"files": [upload_file("B.txt")]}
    )
    assert not Interview.objects.exists() and ImportBatch.objects.count() == 1


def test_upload_form_takes_every_format_and_has_labels(as_user, coder, url):
    page = as_user(coder).get(url).content.decode()
    assert 'type="file"' in page and "multiple" in page and 'enctype="multipart/form-data"' in page
    assert ".docx" in page and ".zip" in page and ".vtt" in page
    for label in ["Transcripten", "Metadatabestand (optioneel)", "Pseudonimiseren", "Gemeente", "Jaar", "Labels"]:
        assert f">{label}:</label>" in page, label


@pytest.mark.parametrize("who", ["coder", "owner"])
def test_an_upload_is_previewed_and_stored_only_on_confirm(as_user, cast, who, project, url):
    client = as_user(cast[who])
    files = [
        upload_file("Utrecht wethouder.txt"),
        upload_file("Kraamzorg Zwolle.TXT", encoding="cp1252"),
        upload_file("Verslag.docx", docx_bytes([("Interviewer:", " Eén vraag?"), ("R1", " Eén antwoord.")])),
    ]
    batch, page = preview(client, url, files, year="2023", stakeholder_group="gemeente", labels="pilot, ronde 1")
    assert "Klaar om aan te maken: 3 van 3 bestanden." in page and not Interview.objects.exists()
    response = confirm(client, batch)
    assert "3 interviews toegevoegd." in response.content.decode()
    interviews = {i.title: i for i in project.interviews.all()}
    assert set(interviews) == {"Utrecht wethouder", "Kraamzorg Zwolle", "Verslag"}
    for title in ("Utrecht wethouder", "Kraamzorg Zwolle"):
        assert interviews[title].text == CANONICAL and interviews[title].source_format == "txt"
    word = interviews["Verslag"]
    assert word.text == "Interviewer: Eén vraag?\nR1: Eén antwoord." and word.source_format == "docx"
    assert (word.year, word.stakeholder_group, word.created_by) == (2023, "gemeente", cast[who])
    assert sorted(word.labels.names()) == ["pilot", "ronde 1"]
    assert interviews["Utrecht wethouder"].source_sha256 == hashlib.sha256(TRANSCRIPT.encode()).hexdigest()
    assert ImportBatch.objects.get().items.filter(text="").count() == 3  # the staged texts are gone


def test_turns_sentences_and_speakers_are_stored(as_user, coder, project, url):
    client = as_user(coder)
    confirm(client, preview(client, url, [upload_file("Eén.txt")])[0])
    interview = project.interviews.get()
    turns = interview.segments.filter(kind=Segment.Kind.TURN)
    sentences = interview.segments.filter(kind=Segment.Kind.SENTENCE)
    assert [(t.speaker, interview.text[t.start : t.end]) for t in turns] == [
        ("Interviewer", "Interviewer: Hoe verloopt de coördinatie?"),
        ("R1", "R1: Goed. Het loopt."),
        ("Interviewer", "Interviewer: Dank u."),
    ]
    assert [(s.speaker, interview.text[s.start : s.end]) for s in sentences] == [
        ("Interviewer", "Hoe verloopt de coördinatie?"),
        ("R1", "Goed."),
        ("R1", "Het loopt."),
        ("Interviewer", "Dank u."),
    ]
    assert list(interview.speakers.values_list("name", "is_interviewer")) == [("Interviewer", True), ("R1", False)]
    page = client.get(interview.get_absolute_url()).content.decode()
    assert (
        "Interviewer (interviewer)" in page
        and reverse("interviews:speaker_list", args=[project.slug, interview.pk]) in page
    )


def test_a_bad_file_is_named_and_skipped_the_others_are_created(as_user, coder, project, url):
    client = as_user(coder)
    files = [
        upload_file("Goed.txt"),
        upload_file("Leeg.txt", b""),
        upload_file("Kapot.docx", b"PK\x03\x04 kapot"),
        upload_file("Onbekend.txt", b"co\x81rdinatie \x8d"),
        upload_file("Programma.exe", b"MZ"),
    ]
    batch, page = preview(client, url, files)
    assert "Klaar om aan te maken: 1 van 5 bestanden." in page
    for reason in [
        "Het bestand is leeg.",
        "geen geldig Word-bestand",
        "niet te lezen als UTF-8 of Windows-1252",
        "Onbekend bestandstype “.exe”",
    ]:
        assert reason in page, reason
    confirm(client, batch)
    assert list(project.interviews.values_list("title", flat=True)) == ["Goed"]


@override_settings(MAX_UPLOAD_BYTES=40)
def test_a_file_over_the_size_limit_is_skipped(as_user, coder, project, url):
    client = as_user(coder)
    batch, page = preview(client, url, [upload_file("Kort.txt", "I: ja"), upload_file("Lang.txt")])
    assert "Het bestand is groter dan" in page
    confirm(client, batch)
    assert list(project.interviews.values_list("title", flat=True)) == ["Kort"]


def test_a_duplicate_by_content_and_a_title_taken_are_problems(as_user, coder, project, url, interview):
    client = as_user(coder)
    confirm(client, preview(client, url, [upload_file("Eerste.txt")])[0])
    batch, page = preview(
        client,
        url,
        [
            upload_file("Kopie.txt"),
            upload_file("gemeente utrecht, WETHOUDER.txt", "I: ja"),
            upload_file("Ronde.txt", "I: a"),
            upload_file("ronde.txt", "I: b"),
            upload_file("Nieuw.txt", "I: c"),
            upload_file("Nieuw 2.txt", "I: c"),
        ],
    )
    assert "Dit bestand is al geïmporteerd als “Eerste”." in page
    assert "Dit bestand zit twee keer in de upload (ook als Nieuw.txt)." in page
    assert "Er is al een interview met de titel “gemeente utrecht, WETHOUDER”" in page
    assert "Er is al een interview met de titel “Ronde”" in page  # ronde.txt: a capital as the title
    confirm(client, batch)
    assert sorted(project.interviews.values_list("title", flat=True)) == [
        "Eerste",
        "Gemeente Utrecht, wethouder",
        "Nieuw",
        "Ronde",
    ]


def test_a_zip_with_a_metadata_sheet_fills_attributes_labels_and_variables(as_user, coder, project, url):
    client = as_user(coder)
    archive = zip_bytes(
        {
            "studie/A.txt": TRANSCRIPT.encode(),
            "studie/B.docx": docx_bytes(["I: Vraag?", "R1: Ja."]),
            "../buiten.txt": b"I: nee",
        }
    )
    sheet = xlsx_bytes(
        [
            ["bestand", "gemeente", "jaar", "stakeholdergroep", "datum", "labels", "Regio"],
            ["A.txt", "GM0344", 2021, "jeugdgezondheidszorg", "15-03-2021", "pilot", "Noord"],
            ["B.docx", "Zwole", "twintig", "kraamzorg", "", "", ""],
            ["C.txt", "Utrecht", 2021, "", "", "", ""],
        ]
    )
    batch, page = preview(
        client,
        url,
        [upload_file("studie.zip", archive)],
        metadata=SimpleUploadedFile("metadata.xlsx", sheet),
        labels="ronde 1, studie",
    )
    assert "buiten de map" in page and "Regel 3: onbekende gemeente “Zwole”; bedoelt u Zwolle" in page
    assert "Regel 3: ‘twintig’ is geen jaartal" in page
    assert "Regel 4 van het metadatabestand noemt “C.txt”, maar dat bestand zit niet in de upload." in page
    confirm(client, batch)
    interview = project.interviews.get()
    assert (interview.title, interview.municipality.code, interview.year, interview.stakeholder_group) == (
        "A",
        "GM0344",
        2021,
        "jgz",
    )
    assert str(interview.interview_date) == "2021-03-15" and sorted(interview.labels.names()) == [
        "pilot",
        "ronde 1",
        "studie",
    ]
    assert ProjectVariable.objects.get(project=project).name == "Regio"
    assert [v.display for v in interview.variable_values.all()] == ["Noord"]


def test_an_unknown_municipality_can_be_settled_from_the_close_matches(as_user, coder, project, url):
    client = as_user(coder)
    sheet = b"bestand,gemeente\nA.txt,Utreht\n"
    batch, page = preview(client, url, [upload_file("A.txt")], metadata=SimpleUploadedFile("m.csv", sheet))
    item = batch.items.get()
    assert "Klaar om aan te maken: 0 van 1 bestand." in page and "Gemeente voor A.txt" in page
    utrecht = item.municipality_choices().get()
    client.post(
        reverse("interviews:import_municipality", args=[project.slug, batch.pk, item.pk]),
        {f"item{item.pk}-municipality": utrecht.pk},
    )
    confirm(client, batch)
    assert project.interviews.get().municipality == utrecht


def test_a_sheet_without_a_file_column_is_refused_on_the_form(as_user, coder, url):
    response = as_user(coder).post(
        url, {"files": [upload_file("A.txt")], "metadata": SimpleUploadedFile("m.csv", b"gemeente\nUtrecht\n")}
    )
    assert response.status_code == 400 and "mist een kolom ‘bestand’" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_no_file_chosen_is_refused(as_user, coder, url):
    response = as_user(coder).post(url, {"files": []})
    assert response.status_code == 400 and "Kies een of meer transcripten" in response.content.decode()


def test_a_batch_is_confirmed_once(as_user, coder, project, url):
    client = as_user(coder)
    batch, _page = preview(client, url, [upload_file("A.txt")])
    confirm(client, batch)
    response = confirm(client, batch)
    assert "Deze import is al bevestigd." in response.content.decode() and project.interviews.count() == 1


def test_a_script_in_a_file_name_is_shown_as_text(as_user, coder, url):
    _batch, page = preview(as_user(coder), url, [upload_file("<script>alert(1)<script>.txt", b"")])
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;script&gt;.txt" in page


def test_speaker_labels_of_subtitles_keep_their_times(as_user, coder, project, url):
    client = as_user(coder)
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Vraag?\n\n00:00:03.000 --> 00:00:04.500\n<v Ans>Ja.\n"
    )
    confirm(client, preview(client, url, [upload_file("Opname.vtt", vtt)])[0])
    turns = project.interviews.get().segments.filter(kind=Segment.Kind.TURN)
    assert [(t.speaker, t.time_start, t.time_end) for t in turns] == [("Interviewer", 1000, 2000), ("Ans", 3000, 4500)]
    assert Speaker.objects.get(name="Interviewer").is_interviewer


def test_a_cancelled_import_leaves_nothing_behind(as_user, check_access, coder, project, url):
    client = as_user(coder)
    batch, _page = preview(client, url, [upload_file("A.txt")])
    cancel = reverse("interviews:import_cancel", args=[project.slug, batch.pk])
    check_access("post", cancel, {"anonymous": 302, "outsider": 404, "viewer": 403})
    as_user(coder).post(cancel)
    assert not ImportBatch.objects.exists() and not Interview.objects.exists()


def test_a_preview_nobody_confirmed_is_deleted_after_a_day(project, owner):
    stale = prepare_batch(project, owner, [("A.txt", upload_file("A.txt"))])
    ImportBatch.objects.filter(pk=stale.pk).update(created_at=stale.created_at - datetime.timedelta(days=2))
    fresh = prepare_batch(project, owner, [("B.txt", upload_file("B.txt"))])
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [fresh.pk]


@override_settings(IMPORT_MAX_UNPACKED_BYTES=1_000)
def test_a_zip_bomb_is_refused_as_a_whole_and_other_files_still_import(as_user, coder, project, url):
    client = as_user(coder)
    bomb = zip_bytes({f"deel{i}.txt": b"I: " + b"0" * 2_000 for i in range(3)})
    batch, page = preview(client, url, [upload_file("bom.zip", bomb), upload_file("Los.txt")])
    assert "Het zip-bestand is uitgepakt groter dan" in page
    confirm(client, batch)
    assert list(project.interviews.values_list("title", flat=True)) == ["Los"]
