"""Undo and redo in the workbench: each kind of coding action taken back and done again, exactly."""

import pytest
from django.urls import reverse

from interviews.models import Action, Passage

JSON = {"HTTP_ACCEPT": "application/json"}


def url(name, interview, *args):
    return reverse(f"interviews:{name}", args=[interview.project.slug, *(args or [interview.pk])])


def span(interview, phrase):
    start = interview.text.index(phrase)
    return start, start + len(phrase)


def state(interview):
    """Everything stored about the interview's passages, with their codings' origin and time."""
    rows = []
    for p in Passage.objects.filter(interview=interview).order_by("pk"):
        assert interview.text[p.start : p.end] == p.text  # offsets are sacred
        rows.append(p.snapshot())
    return rows


def undo(client, interview, status=200):
    response = client.post(url("passage_undo", interview), **JSON)
    assert response.status_code == status, response.content.decode()
    return response.json()


def redo(client, interview, status=200):
    response = client.post(url("passage_redo", interview), **JSON)
    assert response.status_code == status, response.content.decode()
    return response.json()


def test_undo_of_a_new_passage_removes_it_and_redo_brings_it_back_under_its_id(as_user, coder, interview, themes):
    client = as_user(coder)
    start, end = span(interview, "verloskundigen 🤝 loopt")
    data = {"start": start, "end": end, "theme": [themes["samenwerking"].pk], "memo": "mooi"}
    created = client.post(url("passage_create", interview), data, **JSON).json()["passage"]
    coded = state(interview)
    answer = undo(client, interview)
    assert answer["deleted"] == created["id"] and answer["passage"] is None
    assert answer["message"].startswith("Ongedaan gemaakt: passage ‘verloskundigen 🤝 loopt’ gecodeerd met")
    assert state(interview) == []
    answer = redo(client, interview)
    assert answer["passage"]["id"] == created["id"] and answer["message"].startswith("Opnieuw gedaan: passage")
    assert state(interview) == coded


@pytest.mark.parametrize(
    "change",
    [
        ("passage_add_themes", lambda t: {"theme": [t["financiering"].pk, t["personeelstekort"].pk]}),
        ("passage_add_themes", lambda t: {"new_theme": "coalitie"}),
        ("passage_update", lambda t: {"start": 24, "end": 60}),
        ("passage_update", lambda t: {"memo": "kern van het interview"}),
        ("passage_set_star", lambda t: {"starred": "1"}),
        ("passage_delete", lambda t: {}),
    ],
    ids=["recode", "new-theme", "move", "memo", "star", "delete"],
)
def test_undo_restores_exactly_what_was_stored_and_redo_does_it_again(as_user, coder, passage, themes, change):
    interview = passage.interview
    passage.memo, passage.starred = "eerste memo", False
    passage.save()
    name, fields = change
    client = as_user(coder)
    before = state(interview)
    response = client.post(url(name, interview, passage.pk), fields(themes), **JSON)
    assert response.status_code == 200, response.content.decode()
    after = state(interview)
    assert after != before
    undo(client, interview)
    assert state(interview) == before
    redo(client, interview)
    assert state(interview) == after
    undo(client, interview)
    assert state(interview) == before


def test_removing_a_theme_is_undone_with_its_coding_as_it_was(as_user, coder, passage, themes):
    interview = passage.interview
    before = state(interview)
    client = as_user(coder)
    remove = url("passage_remove_theme", interview, passage.pk, themes["samenwerking"].pk)
    assert client.post(remove, **JSON).status_code == 200
    assert state(interview)[0]["themes"] == []
    answer = undo(client, interview)
    assert answer["message"] == "Ongedaan gemaakt: thema ‘samenwerking’ verwijderd van ‘samenwerking in de coalitie’."
    assert state(interview) == before  # the same origin and coded_at, not a new coding


def test_three_undos_and_a_redo_walk_back_in_order_and_a_new_action_ends_the_redo_chain(
    as_user, coder, interview, themes
):
    client = as_user(coder)
    start, end = span(interview, "personeelstekort")
    created = client.post(
        url("passage_create", interview), {"start": start, "end": end, "theme": themes["knelpunten"].pk}, **JSON
    )
    pk = created.json()["passage"]["id"]
    states = [[], state(interview)]
    client.post(url("passage_add_themes", interview, pk), {"theme": themes["personeelstekort"].pk}, **JSON)
    states.append(state(interview))
    client.post(url("passage_delete", interview, pk), **JSON)
    states.append(state(interview))
    for expected in reversed(states[:3]):
        undo(client, interview)
        assert state(interview) == expected
    assert undo(client, interview, status=409)["error"] == "Er is niets (meer) om ongedaan te maken."
    redo(client, interview)
    assert state(interview) == states[1]
    client.post(url("passage_set_star", interview, pk), {"starred": "1"}, **JSON)
    assert redo(client, interview, status=409)["error"] == "Er is niets om opnieuw te doen."
    verbs = list(Action.objects.filter(user=coder).order_by("pk").values_list("verb", flat=True))
    assert verbs == ["create", "recode", "delete", "undo", "undo", "undo", "redo", "star"]


def test_another_users_action_is_never_undone(as_user, owner, coder, passage, themes):
    interview = passage.interview
    as_user(owner).post(url("passage_add_themes", interview, passage.pk), {"theme": themes["financiering"].pk}, **JSON)
    after = state(interview)
    assert undo(as_user(coder), interview, status=409)["error"] == "Er is niets (meer) om ongedaan te maken."
    assert state(interview) == after


def test_a_passage_changed_by_an_owner_since_is_not_overwritten_409(as_user, owner, coder, interview, themes):
    client = as_user(coder)
    start, end = span(interview, "financiering")
    client.post(
        url("passage_create", interview), {"start": start, "end": end, "theme": themes["financiering"].pk}, **JSON
    )
    pk = Passage.objects.get().pk
    as_user(owner).post(url("passage_update", interview, pk), {"memo": "door de eigenaar"}, **JSON)
    changed = state(interview)
    answer = undo(as_user(coder), interview, status=409)
    assert "intussen gewijzigd" in answer["error"]
    assert state(interview) == changed
    assert not Action.objects.filter(verb="undo").exists()
    assert Action.objects.get(verb="create").undone_at is None


def test_undo_redo_need_a_writer_of_the_project(check_access, as_user, cast, coder, passage):
    interview = passage.interview
    for name in ("passage_undo", "passage_redo"):
        check_access("post", url(name, interview), {"anonymous": None, "outsider": 404, "viewer": 403})
        for who, status in (("anonymous", 401), ("outsider", 404), ("viewer", 403)):
            response = as_user(cast[who]).post(url(name, interview), **JSON)
            assert response.status_code == status and response.json()["error"], who
        assert as_user(coder).get(url(name, interview)).status_code == 405


def test_a_plain_form_undo_returns_to_the_interview_with_the_message(as_user, coder, passage, themes):
    interview = passage.interview
    client = as_user(coder)
    client.post(url("passage_set_star", interview, passage.pk), {"starred": "1"})
    response = client.post(url("passage_undo", interview), follow=True)
    assert response.redirect_chain[-1][0].startswith(url("interview_detail", interview))
    assert "Ongedaan gemaakt: ster gegeven aan passage ‘samenwerking in de coalitie’." in response.content.decode()
    assert Passage.objects.get().starred is False


def test_coding_from_search_is_not_taken_back_by_the_workbench_undo(as_user, coder, passage, themes):
    interview = passage.interview
    client = as_user(coder)
    client.post(url("passage_set_star", interview, passage.pk), {"starred": "1"}, **JSON)
    Action.record(interview.project, coder, "passage", "create", label="x", interview=interview, source="search")
    assert undo(client, interview)["message"].startswith("Ongedaan gemaakt: ster gegeven aan passage")
    assert Passage.objects.get().starred is False


def test_a_plain_form_undo_with_nothing_to_undo_says_so(as_user, coder, passage):
    response = as_user(coder).post(url("passage_undo", passage.interview), follow=True)
    assert response.status_code == 200 and "Er is niets (meer) om ongedaan te maken." in response.content.decode()


def test_the_page_has_undo_and_redo_forms_for_writers_only(as_user, coder, viewer, passage):
    interview = passage.interview
    page = as_user(coder).get(url("interview_detail", interview)).content.decode()
    for name in ("passage_undo", "passage_redo"):
        assert f'<form method="post" action="{url(name, interview)}">' in page
    page = as_user(viewer).get(url("interview_detail", interview)).content.decode()
    assert f'action="{url("passage_undo", interview)}"' not in page and 'id="wb-undo"' not in page
