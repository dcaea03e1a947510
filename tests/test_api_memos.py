"""Memos through the API (interviews/views/api/memos.py): written with the browser's memo form and history."""

from api_client import bearer

from interviews.models import Action, Memo, Scope, Source

API = "/api/v1"


def post(client, project, body, header):
    return client.post(f"{API}/projects/{project.slug}/memos", body, content_type="application/json", **header)


def test_a_coder_writes_a_memo_on_an_interview_and_it_is_in_the_history_with_the_token(
    client, project, interview, coder
):
    response = post(
        client,
        project,
        {"title": "Model", "text": "Het model vindt 12 knelpunten.", "interview": interview.pk},
        bearer(coder),
    )
    assert response.status_code == 201
    memo = Memo.objects.get()
    assert (memo.author, memo.interview, memo.text) == (coder, interview, "Het model vindt 12 knelpunten.")
    assert response.json()["id"] == memo.pk and response.json()["author"] == "cees"
    action = Action.objects.get(subject="memo")
    assert action.verb == "create" and action.source == Source.API and action.api_token is not None
    listed = client.get(f"{API}/projects/{project.slug}/memos", **bearer(coder)).json()
    assert [m["title"] for m in listed] == ["Model"]


def test_a_memo_on_a_theme_of_the_project_or_on_the_project_itself(client, project, themes, coder):
    header = bearer(coder)
    assert (
        post(
            client,
            project,
            {"title": "Thema", "text": "Over financiering.", "theme": themes["financiering"].pk},
            header,
        ).status_code
        == 201
    )
    assert post(client, project, {"title": "Project", "text": "Algemeen."}, header).status_code == 201
    assert {(m.title, m.theme_id) for m in Memo.objects.all()} == {
        ("Thema", themes["financiering"].pk),
        ("Project", None),
    }


def test_bad_memos_are_refused_in_dutch_and_nothing_is_stored(
    client, project, interview, themes, coder, outsider, settings
):
    settings.MEMO_MAX_CHARS = 50
    other = project.__class__.create_for(outsider, "Ander", slug="ander")
    theirs = other.themes.create(name="vreemd")
    header = bearer(coder)
    cases = [
        ({"title": "", "text": "Tekst"}, 400, "titel"),
        ({"title": "Leeg", "text": ""}, 400, "tekst"),
        ({"title": "Lang", "text": "x" * 51}, 400, ""),
        (
            {"title": "Beide", "text": "Tekst", "interview": interview.pk, "theme": themes["financiering"].pk},
            400,
            "niet bij beide",
        ),
        ({"title": "Elders", "text": "Tekst", "theme": theirs.pk}, 404, ""),
        ({"title": "Geen", "text": "Tekst", "interview": 999999}, 404, ""),
        ({"title": "x" * 201, "text": "Tekst"}, 422, ""),
    ]
    for body, status, words in cases:
        response = post(client, project, body, header)
        assert response.status_code == status, (body, response.content)
        assert words in response.json()["error"]
    assert not Memo.objects.exists() and not Action.objects.exists()


def test_a_viewer_a_read_only_token_and_an_outsider_cannot_write_memos(client, project, viewer, coder, outsider):
    body = {"title": "Nee", "text": "Mag niet."}
    assert post(client, project, body, bearer(viewer)).status_code == 403
    assert post(client, project, body, bearer(coder, scope=Scope.READ)).status_code == 403
    assert post(client, project, body, bearer(outsider)).status_code == 404
    assert post(client, project, body, {}).status_code == 401
    assert not Memo.objects.exists()
