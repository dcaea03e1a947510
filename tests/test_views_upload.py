"""Uploading plain-text transcripts: all files or none, with a Dutch reason per bad file."""

import codecs
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import override_settings
from django.urls import reverse

from interviews.forms import TranscriptUploadForm
from interviews.models import Interview, Segment
from monitor.models import Municipality

TRANSCRIPT = "Interviewer: Hoe verloopt de coördinatie?\r\nR1: Goed.\r\nInterviewer: Dank u."


def txt(name, content=TRANSCRIPT, encoding="utf-8"):
    data = content if isinstance(content, bytes) else content.encode(encoding)
    return SimpleUploadedFile(name, data, content_type="text/plain")


@pytest.fixture
def url(project):
    return reverse("interview_upload", args=[project.slug])


def test_upload_page_is_for_coders_and_owners(check_access, url):
    check_access("get", url, {"anonymous": 302, "outsider": 404, "viewer": 403, "coder": 200, "owner": 200})


def test_nobody_without_write_access_can_upload(check_access, url):
    for who, status in [("anonymous", 302), ("outsider", 404), ("viewer", 403)]:
        check_access("post", url, {who: status}, data={"files": [txt("Poging.txt")]})
    assert not Interview.objects.exists()


def test_upload_form_has_a_multi_file_input_with_labels(as_user, coder, url):
    page = as_user(coder).get(url).content.decode()
    assert 'type="file"' in page and "multiple" in page and 'enctype="multipart/form-data"' in page
    for label in ["Transcripten (.txt)", "Gemeente", "Jaar", "Stakeholdergroep", "Datum interview", "Labels"]:
        assert f">{label}:</label>" in page or f">{label}</label>" in page, label


@pytest.mark.parametrize("who", ["coder", "owner"])
def test_members_who_write_can_upload_several_transcripts(as_user, cast, who, project, url):
    files = [txt("Utrecht wethouder.txt"), txt("Kraamzorg Zwolle.TXT", encoding="cp1252")]
    response = as_user(cast[who]).post(url, {
        "files": files, "municipality": Municipality.objects.get(code="GM0344").pk, "year": "2023",
        "stakeholder_group": "gemeente", "interview_date": "2023-05-17", "labels": "pilot, ronde 1",
    }, follow=True)
    assert response.redirect_chain[-1][0] == reverse("project_detail", args=[project.slug])
    assert "2 interviews toegevoegd." in response.content.decode()
    interviews = list(project.interviews.order_by("title"))
    assert [i.title for i in interviews] == ["Kraamzorg Zwolle", "Utrecht wethouder"]
    for interview in interviews:
        assert interview.text == "Interviewer: Hoe verloopt de coördinatie?\nR1: Goed.\nInterviewer: Dank u."
        assert (interview.municipality.code, interview.year, interview.stakeholder_group) == ("GM0344", 2023, "gemeente")
        assert str(interview.interview_date) == "2023-05-17" and interview.created_by == cast[who]
        assert interview.source_format == "txt"
        assert sorted(interview.labels.names()) == ["pilot", "ronde 1"]
    assert interviews[1].source_name == "Utrecht wethouder.txt"
    assert interviews[1].source_sha256 == hashlib.sha256(TRANSCRIPT.encode()).hexdigest()


def test_upload_creates_speaker_turns(as_user, coder, project, url):
    as_user(coder).post(url, {"files": [txt("Eén.txt", codecs.BOM_UTF8 + TRANSCRIPT.encode())]})
    interview = project.interviews.get()
    turns = interview.segments.filter(kind=Segment.Kind.TURN)
    assert [(t.speaker, interview.text[t.start:t.end]) for t in turns] == [
        ("Interviewer", "Interviewer: Hoe verloopt de coördinatie?"), ("R1", "R1: Goed."),
        ("Interviewer", "Interviewer: Dank u."),
    ]


def test_one_transcript_gives_a_singular_message(as_user, coder, url):
    response = as_user(coder).post(url, {"files": [txt("Alleen.txt")]}, follow=True)
    assert "1 interview toegevoegd." in response.content.decode()


def test_decomposed_file_name_and_text_are_stored_composed(as_user, coder, project, url):
    as_user(coder).post(url, {"files": [txt("Coo\u0308rdinator.txt", "I: coo\u0308rdinatie")]})
    interview = project.interviews.get()
    assert interview.title == "Coördinator" and interview.text == "I: coördinatie"


def assert_refused(client, url, files, *reasons, **data):
    before = Interview.objects.count()
    response = client.post(url, {"files": files, **data})
    page = response.content.decode()
    assert response.status_code == 400
    for reason in reasons:
        assert reason in page, reason
    assert Interview.objects.count() == before and not Segment.objects.exists()
    return page


@pytest.mark.parametrize("name, content, reason", [
    ("Leeg.txt", b"", "Leeg.txt: Het bestand is leeg."),
    ("Plaatje.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "Plaatje.txt: Dit lijkt geen tekstbestand"),
    ("Verslag.txt", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml", "Verslag.txt: Dit lijkt geen"),
    ("Kapot.txt", b"co\x81rdinatie \x8d", "Kapot.txt: De tekens in dit bestand zijn niet te lezen"),
    ("Gemengd.txt", "coördinatie".encode() + b" \xff", "Gemengd.txt: Dit bestand is grotendeels UTF-8"),
    ("Verslag.docx", TRANSCRIPT.encode(), "Verslag.docx: Alleen platte-tekstbestanden (.txt)"),
    ("zonder-extensie", TRANSCRIPT.encode(), "zonder-extensie: Alleen platte-tekstbestanden"),
])
def test_a_bad_file_stores_nothing_not_even_the_good_ones(as_user, coder, url, name, content, reason):
    assert_refused(as_user(coder), url, [txt("Goed.txt"), txt(name, content)], reason)


@override_settings(MAX_UPLOAD_BYTES=40)
def test_a_file_over_the_size_limit_is_refused(as_user, coder, url):
    assert_refused(as_user(coder), url, [txt("Kort.txt", "I: ja"), txt("Lang.txt")],
                   "Lang.txt: Het bestand is groter dan 40\xa0bytes.")


def test_a_title_already_in_the_project_is_refused_whatever_its_case(as_user, coder, interview, url):
    assert_refused(as_user(coder), url, [txt("gemeente utrecht, WETHOUDER.txt")],
                   "Er is al een interview met de titel “gemeente utrecht, WETHOUDER” in dit project.")


def test_a_title_twice_in_one_upload_is_refused(as_user, coder, url):
    assert_refused(as_user(coder), url, [txt("Ronde 1.txt"), txt("ronde 1.txt")],
                   "ronde 1.txt: De titel “ronde 1” komt twee keer voor in deze upload.")


def test_every_bad_file_is_named(as_user, coder, url):
    page = assert_refused(as_user(coder), url, [txt("A.txt", b""), txt("B.txt"), txt("C.pdf")])
    assert "A.txt: Het bestand is leeg." in page and "C.pdf: Alleen platte-tekstbestanden" in page
    assert "B.txt:" not in page


def test_no_file_chosen_is_refused(as_user, coder, url):
    assert_refused(as_user(coder), url, [], "Kies een of meer .txt-bestanden.")


def test_bad_attributes_store_nothing(as_user, coder, url):
    assert_refused(as_user(coder), url, [txt("Goed.txt")], "1990", year="1850")


def test_a_script_in_a_file_name_is_shown_as_text(as_user, coder, url):
    page = assert_refused(as_user(coder), url, [txt("<script>alert(1)<script>.txt", b"")])
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;script&gt;.txt: Het bestand is leeg" in page


def test_a_title_taken_while_saving_rolls_back_the_whole_upload(project, coder):
    form = TranscriptUploadForm({}, {"files": [txt("Eerste.txt"), txt("Tweede.txt")]}, project=project)
    assert form.is_valid(), form.errors
    Interview.objects.create(project=project, title="TWEEDE", text="I: al bezet")
    with pytest.raises(IntegrityError):
        form.save(coder)
    assert list(project.interviews.values_list("title", flat=True)) == ["TWEEDE"]
    assert not Segment.objects.exists()
