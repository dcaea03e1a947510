"""The speaker list of an interview: rename, merge, mark the interviewer."""

import pytest
from django.urls import reverse

from interviews.models import Interview, Segment, Speaker
from interviews.transcripts.pipeline import create_interview

TEXT = "I: Hoe gaat het?\nR1: Goed. Heel goed.\nI: En verder?\nR2: Ook goed.\nR1: Zeker."


@pytest.fixture
def talk(project, owner):
    return create_interview(project, "Gesprek", TEXT, created_by=owner)


@pytest.fixture
def url(talk):
    return reverse("interviews:speaker_list", args=[talk.project.slug, talk.pk])


def speaker(talk, name):
    return talk.speakers.get(name=name)


def test_everyone_in_the_project_sees_the_speakers_and_only_writers_change_them(check_access, talk, url):
    check_access("get", url, {"anonymous": 302, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200})
    data = {"speaker": speaker(talk, "R1").pk, f"speaker{speaker(talk, 'R1').pk}-name": "Wethouder"}
    check_access("post", url, {"anonymous": 302, "outsider": 404, "viewer": 403}, data=data)
    assert speaker(talk, "R1")


def test_the_list_shows_speakers_with_their_turns_and_the_interviewer(as_user, viewer, talk, url):
    page = as_user(viewer).get(url).content.decode()
    assert [(s.name, s.is_interviewer) for s in talk.speaker_list()] == [("I", True), ("R1", False), ("R2", False)]
    assert [s.turn_count for s in talk.speaker_list()] == [2, 2, 1]
    assert "<td>R1</td>\n      <td>2</td>" in page and "Opslaan" not in page


def test_renaming_a_speaker_renames_its_turns_and_sentences(as_user, coder, talk, url):
    r1 = speaker(talk, "R1")
    response = as_user(coder).post(url, {"speaker": r1.pk, f"speaker{r1.pk}-name": " Wethouder  Jansen "}, follow=True)
    assert "Spreker “Wethouder Jansen” is opgeslagen." in response.content.decode()
    assert talk.segments.filter(speaker="Wethouder Jansen").count() == 5  # 2 turns, 3 sentences
    assert not talk.segments.filter(speaker="R1").exists() and talk.text == TEXT


def test_renaming_to_another_speakers_name_merges_them(as_user, coder, talk, url):
    r2 = speaker(talk, "R2")
    response = as_user(coder).post(url, {"speaker": r2.pk, f"speaker{r2.pk}-name": "R1"}, follow=True)
    assert "“R2” is samengevoegd met “R1”." in response.content.decode()
    assert list(talk.speakers.values_list("name", flat=True)) == ["I", "R1"]
    assert talk.segments.filter(kind=Segment.Kind.TURN, speaker="R1").count() == 3


def test_marking_the_interviewer(as_user, coder, talk, url):
    r1, i = speaker(talk, "R1"), speaker(talk, "I")
    client = as_user(coder)
    client.post(url, {"speaker": r1.pk, f"speaker{r1.pk}-name": "R1", f"speaker{r1.pk}-is_interviewer": "on"})
    client.post(url, {"speaker": i.pk, f"speaker{i.pk}-name": "I"})
    assert list(Speaker.objects.filter(is_interviewer=True).values_list("name", flat=True)) == ["R1"]


def test_an_empty_name_is_refused_and_nothing_changes(as_user, coder, talk, url):
    r1 = speaker(talk, "R1")
    response = as_user(coder).post(url, {"speaker": r1.pk, f"speaker{r1.pk}-name": "   "})
    assert response.status_code == 400 and "Dit veld is verplicht." in response.content.decode()
    assert speaker(talk, "R1") and talk.segments.filter(speaker="R1").count() == 5


def test_a_speaker_of_another_interview_is_not_found(as_user, coder, project, talk, url):
    other = create_interview(project, "Ander", "X: ja")
    response = as_user(coder).post(url, {"speaker": speaker(other, "X").pk})
    assert response.status_code == 404


def test_a_speaker_name_with_a_script_is_shown_as_text(as_user, coder, talk, url):
    r1 = speaker(talk, "R1")
    client = as_user(coder)
    client.post(url, {"speaker": r1.pk, f"speaker{r1.pk}-name": "<script>x</script>"})
    page = client.get(url).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_an_interview_made_before_speakers_existed_gets_its_list(as_user, coder, project, url):
    old = Interview.objects.create(project=project, title="Oud", text="A: ja\nB: nee")
    Segment.objects.create(interview=old, kind=Segment.Kind.TURN, start=0, end=5, speaker="A")
    page = as_user(coder).get(reverse("interviews:speaker_list", args=[project.slug, old.pk])).content.decode()
    assert "<td>A</td>" in page and old.speakers.get().name == "A"
