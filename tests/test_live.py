"""The workbench's live question (views/live.py): 304 until a colleague changes something, then the state;
presence; the change counters every recorded action raises; the stale-write check of the coding endpoints."""

import datetime
import json
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Clock, Membership, Presence, Project, Role
from interviews.models.live import REFRESH_AFTER, interview_clock, project_clock

JSON = {"HTTP_ACCEPT": "application/json"}


def live_url(project, interview):
    return reverse("interviews:interview_live", args=[project.slug, interview.pk])


def code(client, project, interview, theme, words):
    start = interview.text.index(words)
    url = reverse("interviews:passage_create", args=[project.slug, interview.pk])
    response = client.post(url, {"start": start, "end": start + len(words), "theme": theme.pk}, **JSON)
    assert response.status_code == 201, response.content
    return response.json()["passage"]


def test_the_live_question_follows_the_role_matrix(check_access, project, interview):
    expected = {"anonymous": "login", "outsider": 404, "viewer": 200, "coder": 200, "owner": 200}
    check_access("get", live_url(project, interview), expected)


def test_nothing_changed_is_304_and_a_colleagues_coding_changes_the_answer(
    client, as_user, project, interview, themes, coder, owner
):
    as_user(owner)
    first = client.get(live_url(project, interview))
    assert first.status_code == 200 and first.json()["passages"] == []
    etag = first["ETag"]
    assert client.get(live_url(project, interview), HTTP_IF_NONE_MATCH=etag).status_code == 304
    as_user(coder)
    coded = code(client, project, interview, themes["samenwerking"], "samenwerking in de coalitie")
    as_user(owner)
    after = client.get(live_url(project, interview), HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    [passage] = after.json()["passages"]
    assert passage["id"] == coded["id"] and passage["themes"] == [themes["samenwerking"].pk]
    assert passage["v"] == coded["v"]  # the page and the coding endpoints agree on the version


def test_a_theme_renamed_in_the_codebook_changes_every_interviews_answer(
    client, as_user, project, interview, themes, owner
):
    as_user(owner)
    etag = client.get(live_url(project, interview))["ETag"]
    theme = themes["financiering"]
    url = reverse("interviews:theme_edit", args=[project.slug, theme.pk])
    response = client.post(url, {"name": "geld", "colour": theme.colour, "definition": "", "order": 3})
    assert response.status_code in (200, 302)
    assert Clock.read([project_clock(project.pk)])[project_clock(project.pk)] >= 1
    after = client.get(live_url(project, interview), HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    assert "geld" in [t["name"] for t in after.json()["themes"]]


def test_presence_shows_who_else_has_the_interview_open_and_leaving_ends_it(
    client, as_user, project, interview, coder, owner
):
    as_user(coder)
    client.get(live_url(project, interview))
    as_user(owner)
    answer = client.get(live_url(project, interview)).json()
    assert {p["username"] for p in answer["present"]} == {coder.username, owner.username}
    etag = client.get(live_url(project, interview))["ETag"]
    as_user(coder)
    assert client.post(live_url(project, interview)).status_code == 204
    as_user(owner)
    after = client.get(live_url(project, interview), HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200  # who is here changed, so the answer did
    assert [p["username"] for p in after.json()["present"]] == [owner.username]
    assert Presence.objects.filter(user=coder).count() == 0


def test_with_colleagues_present_an_unchanged_interview_is_still_304(
    client, as_user, project, interview, coder, owner, viewer
):
    """The ETag names who is here; a comma in it made Django read it as a list of ETags that never matched, so
    every question with two or more people present was answered with the whole drawing instead of 304."""
    for user in (coder, viewer, owner):
        as_user(user)
        client.get(live_url(project, interview))
    etag = client.get(live_url(project, interview))["ETag"]
    assert client.get(live_url(project, interview), HTTP_IF_NONE_MATCH=etag).status_code == 304
    as_user(viewer)
    assert client.post(live_url(project, interview)).status_code == 204
    as_user(owner)
    assert client.get(live_url(project, interview), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_unchanged_interview_costs_five_reads_and_no_write_per_question(
    client, as_user, project, interview, coder, owner
):
    """Session, user, membership, presence (which proves the interview is the project's), the counters; the
    page's presence row is written on its first question and then only every REFRESH_AFTER."""
    as_user(coder)
    etag = client.get(live_url(project, interview))["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(live_url(project, interview), HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) == 5, [q["sql"] for q in queries]
    assert not [q for q in queries if not q["sql"].startswith("SELECT")]
    seen = Presence.objects.get(user=coder).seen_at
    later = seen + REFRESH_AFTER + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(live_url(project, interview), HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert Presence.objects.get(user=coder).seen_at == later


def test_a_colleague_who_opens_the_interview_is_in_the_next_answer_within_two_seconds(
    client, as_user, project, interview, coder, owner
):
    as_user(owner)
    etag = client.get(live_url(project, interview))["ETag"]
    as_user(coder)
    client.get(live_url(project, interview))
    as_user(owner)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(seconds=2)):
        after = client.get(live_url(project, interview), HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    assert {p["username"] for p in after.json()["present"]} == {coder.username, owner.username}


def test_an_interview_of_another_project_is_404_and_notes_no_presence(
    client, as_user, project, interview, owner, coder
):
    other = Project.objects.create(name="Ander project", slug="ander")
    Membership.objects.create(project=other, user=coder, role=Role.CODER)
    as_user(coder)
    url = reverse("interviews:interview_live", args=[other.slug, interview.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Presence.objects.exists()


def test_a_coder_filter_that_is_too_long_is_refused_in_words(client, as_user, project, interview, owner):
    as_user(owner)
    response = client.get(live_url(project, interview), {"coder": "x" * 200})
    assert response.status_code == 400 and "150" in response.json()["error"]


def test_every_coding_raises_the_interviews_counter(client, as_user, project, interview, themes, coder):
    as_user(coder)
    name = interview_clock(interview.pk)
    code(client, project, interview, themes["samenwerking"], "samenwerking in de coalitie")
    assert Clock.read([name])[name] == 1


def test_moving_a_passage_a_colleague_changed_meanwhile_is_refused_with_409_and_the_current_state(
    client, as_user, project, interview, themes, owner, coder, passage
):
    passage.load_theme_list()
    seen = passage.version()
    as_user(owner)  # the owner recodes the coder's passage meanwhile
    url = reverse("interviews:passage_add_themes", args=[project.slug, passage.pk])
    assert client.post(url, {"theme": themes["knelpunten"].pk, "version": seen}, **JSON).status_code == 200
    as_user(coder)
    move = reverse("interviews:passage_update", args=[project.slug, passage.pk])
    response = client.post(move, {"start": passage.start + 1, "version": seen}, **JSON)
    assert response.status_code == 409
    body = response.json()
    assert "intussen gewijzigd" in body["error"] and owner.username in body["error"]
    assert set(body["passage"]["themes"]) == {themes["samenwerking"].pk, themes["knelpunten"].pk}
    passage.refresh_from_db()
    assert passage.start == body["passage"]["start"]  # nothing moved
    ok = client.post(move, {"start": passage.start + 1, "version": body["passage"]["v"]}, **JSON)
    assert ok.status_code == 200


@pytest.mark.parametrize("version", ["abc", "x" * 500, "0123456789ABCDEF"])
def test_a_version_that_is_no_version_is_400(client, as_user, project, passage, coder, version):
    as_user(coder)
    move = reverse("interviews:passage_update", args=[project.slug, passage.pk])
    response = client.post(move, {"start": passage.start + 1, "version": version}, **JSON)
    assert response.status_code == 400 and "versie" in response.json()["error"]


def test_a_stale_plain_form_gets_a_message_not_a_500(client, as_user, project, passage, coder):
    as_user(coder)
    move = reverse("interviews:passage_update", args=[project.slug, passage.pk])
    response = client.post(move, {"start": passage.start + 1, "version": "0" * 16}, follow=True)
    assert response.status_code == 200
    assert any("intussen gewijzigd" in str(m) for m in response.context["messages"])
    assert json.loads(json.dumps(response.redirect_chain))


def test_a_plain_form_with_a_version_that_is_no_version_gets_a_message_not_a_500(
    client, as_user, project, passage, coder
):
    as_user(coder)
    move = reverse("interviews:passage_update", args=[project.slug, passage.pk])
    response = client.post(move, {"start": passage.start + 1, "version": "abc"}, follow=True)
    assert response.status_code == 200
    assert any("versie van de passage is ongeldig" in str(m) for m in response.context["messages"])
    start = passage.start
    passage.refresh_from_db()
    assert passage.start == start  # nothing moved
