"""A recording beside the transcript (issue 18): uploaded and judged by its contents, served to members only with
byte ranges, replaced and removed with its file, and a turn's time set in order."""

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.forms.interviews import delete_interview
from interviews.models import Action, Recording, Segment, TextVersion
from interviews.recordings import byte_range, check_times
from interviews.transcripts import corrections
from interviews.transcripts.pipeline import create_interview
from interviews.transcripts.readers import read_transcript

OPUS = (Path(__file__).resolve().parent.parent / "interviews/demo/recordings/ede_wijkteam_2024.opus").read_bytes()


def url(name, interview):
    return reverse(f"interviews:{name}", args=[interview.project.slug, interview.pk])


def upload(client, interview, data=OPUS, name="opname.opus"):
    return client.post(url("recording_upload", interview), {"file": SimpleUploadedFile(name, data)})


def test_a_coder_puts_a_recording_beside_the_text_and_the_page_plays_it(client, coder, viewer, interview):
    client.force_login(coder)
    assert upload(client, interview).status_code == 302
    recording = Recording.objects.get(interview=interview)
    assert (recording.mime, recording.kind, recording.size, recording.uploaded_by) == (
        "audio/ogg",
        "audio",
        len(OPUS),
        coder,
    )
    assert default_storage.open(recording.file.name).read() == OPUS
    assert Action.objects.get(verb="update").after == {"recording": "opname.opus"}
    client.force_login(viewer)
    page = client.get(interview.get_absolute_url()).content.decode()
    assert 'id="wb-media"' in page and 'id="recording-data"' in page and '"sync": null' in page


@pytest.mark.parametrize(
    "data, name, said",
    [
        (b"Interviewer: dit is tekst, geen geluid.\n" * 50, "opname.mp3", "geen geluids- of video-opname"),
        (b"%PDF-1.7\n" + b"0" * 2000, "opname.wav", "het lijkt een pdf-bestand"),
        (b"", "leeg.ogg", "leeg"),
    ],
)
def test_a_file_that_is_not_a_recording_is_refused_in_words_and_nothing_is_stored(
    client, coder, interview, data, name, said
):
    client.force_login(coder)
    response = upload(client, interview, data, name)
    assert response.status_code == 400 and said in response.content.decode()
    assert not Recording.objects.exists()


def test_a_recording_over_the_limit_is_refused(client, coder, interview, settings):
    settings.MAX_RECORDING_BYTES = len(OPUS) - 1
    client.force_login(coder)
    response = upload(client, interview)
    assert response.status_code == 400 and "groter dan" in response.content.decode()
    assert not Recording.objects.exists()


def test_the_file_is_served_to_members_with_byte_ranges_and_to_no_one_else(client, coder, viewer, outsider, interview):
    client.force_login(coder)
    upload(client, interview)
    client.force_login(viewer)
    whole = client.get(url("recording_file", interview))
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == OPUS
    assert whole["Accept-Ranges"] == "bytes" and whole["Cache-Control"].startswith("private")
    part = client.get(url("recording_file", interview), HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{len(OPUS)}"
    assert b"".join(part.streaming_content) == OPUS[100:200]
    tail = client.get(url("recording_file", interview), HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == OPUS[-10:]
    beyond = client.get(url("recording_file", interview), HTTP_RANGE=f"bytes={len(OPUS)}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(OPUS)}"
    client.force_login(outsider)
    assert client.get(url("recording_file", interview)).status_code == 404
    client.logout()
    assert client.get(url("recording_file", interview)).status_code == 302


def test_byte_ranges_of_every_form():
    assert byte_range(None, 100) is None and byte_range("bytes=0-9,20-29", 100) is None
    assert byte_range("bytes=10-", 100) == (10, 99) and byte_range("bytes=90-500", 100) == (90, 99)
    with pytest.raises(ValueError):
        byte_range("bytes=50-40", 100)


def test_a_new_recording_replaces_the_old_file_and_removing_the_interview_removes_its_file(
    client, coder, owner, interview, django_capture_on_commit_callbacks
):
    client.force_login(coder)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, interview)
    first = Recording.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, interview, name="tweede.opus")
    second = Recording.objects.get().file.name
    assert not default_storage.exists(first) and default_storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        delete_interview(interview, owner)
    assert not default_storage.exists(second) and not Recording.objects.exists()


def test_a_turn_time_set_while_listening_must_keep_the_order(client, coder, interview):
    turns = [
        Segment.objects.create(interview=interview, kind="turn", start=a, end=b, speaker="x", time_start=t)
        for a, b, t in [(0, 10, 0), (11, 20, None), (21, 30, 9000)]
    ]
    client.force_login(coder)
    post = lambda turn, ms: client.post(url("turn_time", interview), {"turn": turn, "ms": ms})  # noqa: E731
    assert post(turns[1].pk, 4000).json()["ms"] == 4000
    assert Segment.objects.get(pk=turns[1].pk).time_start == 4000
    assert Action.objects.get(verb="update").after == {"turn_time": [11, 4000]}
    late = post(turns[1].pk, 9500)
    assert late.status_code == 400 and "na die van een latere beurt" in late.json()["error"]
    early = post(turns[2].pk, 3000)
    assert early.status_code == 400 and "vóór die van een eerdere beurt" in early.json()["error"]
    assert post(turns[1].pk, -5).status_code == 400 and post(turns[1].pk, "tien").status_code == 400
    assert post(10**9, 100).status_code == 400


def test_turn_times_in_the_text_that_go_back_or_run_past_the_recording_refuse_it(client, coder, interview):
    for start, ms in [(0, 0), (11, 70_000), (21, 65_000)]:
        Segment.objects.create(
            interview=interview, kind="turn", start=start, end=start + 9, speaker="Wethouder", time_start=ms
        )
    client.force_login(coder)
    back = upload(client, interview)
    assert back.status_code == 400 and "lopen niet op" in back.content.decode() and "00:01:05" in back.content.decode()
    Segment.objects.filter(interview=interview, start=21).update(time_start=75_000)
    past = upload(client, interview).content.decode()
    assert "staat op 00:01:15, maar de opname duurt 00:01:00" in past and not Recording.objects.exists()
    assert check_times([("a", 0), ("b", None), ("c", 5)], None) is None


def test_the_length_is_kept_and_a_turn_time_past_the_end_is_refused(client, coder, interview):
    turn = Segment.objects.create(interview=interview, kind="turn", start=0, end=10, speaker="x")
    client.force_login(coder)
    upload(client, interview)
    assert Recording.objects.get().duration_ms == 60_249
    past = client.post(url("turn_time", interview), {"turn": turn.pk, "ms": 62_000})
    assert past.status_code == 400 and "na het einde van de opname" in past.json()["error"]
    assert client.get(url("recording_file", interview), HTTP_RANGE="bytes=" + "9" * 40 + "-").status_code == 200


def test_a_corrected_time_stamp_in_the_text_becomes_its_turns_time(owner, project):
    text = "[00:00:00] Interviewer: Hoe gaat het?\n[00:00:04] Wijkcoach: Goed.\n[00:00:09] Interviewer: Mooi."
    transcript = read_transcript("t.txt", io.BytesIO(text.encode()))
    interview = create_interview(project, "Tijden", transcript.text, turns=transcript.turns, created_by=owner)
    edit, segments = corrections.prepare(interview, interview.text.replace("[00:00:04]", "[00:00:05]"))
    TextVersion.correct(interview, edit, segments, owner, "tijd")
    times = list(interview.segments.filter(kind="turn").order_by("start").values_list("time_start", flat=True))
    assert times == [0, 5000, 9000]
