"""The API's reads (interviews/views/api/reads.py, passages.py, exports.py) against the cast, with tokens."""

import csv
import io
import json

import pytest
from api_client import bearer, make_token
from conftest import code_phrase
from django.utils import timezone

from interviews.models import CodingRound, Scope
from monitor.models import Indicator, Observation

API = "/api/v1"


def test_the_schema_and_the_documentation_page_are_served_to_anyone(client):
    schema = client.get(f"{API}/openapi.json")
    assert schema.status_code == 200 and "/api/v1/projects/{slug}/passages" in schema.json()["paths"]
    page = client.get(f"{API}/docs")
    assert page.status_code == 200 and b"swagger" in page.content.lower()


@pytest.mark.parametrize("header", [None, "Bearer ", "Bearer im_nietbestaand", "Token abc", "Basic b2xnYTpwdw=="])
def test_without_a_usable_token_the_api_answers_401_in_dutch_json(client, project, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get(f"{API}/projects/{project.slug}/themes", **extra)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert "API-sleutel" in response.json()["error"]


def test_a_logged_in_browser_session_is_no_token(client, project, owner):
    client.force_login(owner)
    assert client.get(f"{API}/projects").status_code == 401


def test_revoked_and_expired_tokens_get_401(client, project, owner):
    token, secret = make_token(owner)
    token.revoke()
    assert client.get(f"{API}/projects", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    token, secret = make_token(owner)
    token.expires_at = timezone.now() - timezone.timedelta(seconds=1)
    token.save()
    assert client.get(f"{API}/projects", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_only_a_hash_of_the_secret_is_stored(owner):
    token, secret = make_token(owner)
    assert secret.startswith("im_") and secret not in (token.key_hash, token.key_prefix)
    assert secret.startswith(token.key_prefix) and len(token.key_hash) == 64


def test_a_token_lists_its_users_projects_with_the_role(client, project, viewer, outsider):
    rows = client.get(f"{API}/projects", **bearer(viewer)).json()
    assert rows == [{"slug": "ks-test", "name": project.name, "description": "", "role": "viewer"}]
    assert client.get(f"{API}/projects", **bearer(outsider)).json() == []


def test_an_outsider_gets_404_for_every_project_route(client, project, interview, passage, outsider):
    header = bearer(outsider)
    for path in ["", "/members", "/interviews", f"/interviews/{interview.pk}", "/themes", "/passages", "/memos"]:
        response = client.get(f"{API}/projects/{project.slug}{path}", **header)
        assert response.status_code == 404 and "project" in response.json()["error"], path
    assert client.get(f"{API}/projects/{project.slug}/codings.csv", **header).status_code == 404


def test_a_token_for_one_project_reaches_no_other(client, project, owner):
    other = project.__class__.create_for(owner, "Tweede studie", slug="tweede")
    header = bearer(owner, project=other)
    assert client.get(f"{API}/projects/{project.slug}/themes", **header).status_code == 404
    assert client.get(f"{API}/projects/tweede/themes", **header).status_code == 200
    assert [row["slug"] for row in client.get(f"{API}/projects", **header).json()] == ["tweede"]


def test_members_interviews_and_themes_read_as_json(client, project, interview, themes, viewer):
    header = bearer(viewer)
    members = client.get(f"{API}/projects/{project.slug}/members", **header).json()
    assert {(m["username"], m["role"]) for m in members} == {("olga", "owner"), ("cees", "coder"), ("vera", "viewer")}
    rows = client.get(f"{API}/projects/{project.slug}/interviews", **header).json()
    assert rows[0]["municipality"] == "GM0344" and rows[0]["length"] == len(interview.text)
    tree = client.get(f"{API}/projects/{project.slug}/themes", **header).json()
    by_name = {t["name"]: t for t in tree}
    assert by_name["personeelstekort"]["parent"] == by_name["knelpunten"]["id"]
    assert by_name["personeelstekort"]["depth"] == 1


def test_an_interview_comes_with_its_text_turns_and_sentences(client, project, interview, viewer):
    interview.segments.create(kind="turn", start=0, end=10, speaker="Interviewer")
    detail = client.get(f"{API}/projects/{project.slug}/interviews/{interview.pk}", **bearer(viewer)).json()
    assert detail["text"] == interview.text and detail["turns"] == [{"start": 0, "end": 10, "speaker": "Interviewer"}]
    for bad in ["999999", str(2**70), "abc"]:
        url = f"{API}/projects/{project.slug}/interviews/{bad}"
        assert client.get(url, **bearer(viewer)).status_code == 404


def test_passages_page_by_cursor_and_keep_text_equal_to_the_span(client, project, interview, themes, coder):
    for phrase in ["samenwerking", "coördinatie", "verloskundigen 🤝", "financiering", "knelpunt"]:
        code_phrase(interview, coder, phrase, themes["samenwerking"])
    header, seen, cursor = bearer(coder), [], 0
    while cursor is not None:
        page = client.get(f"{API}/projects/{project.slug}/passages?limit=2&cursor={cursor}", **header).json()
        seen += page["results"]
        cursor = page["next_cursor"]
    assert len(seen) == 5 and len({p["id"] for p in seen}) == 5
    assert all(interview.text[p["start"] : p["end"]] == p["text"] for p in seen)
    assert all(p["themes"] == [themes["samenwerking"].pk] for p in seen)


def test_passages_filter_as_the_analyses_do(client, project, interview, themes, coder, owner):
    code_phrase(interview, coder, "samenwerking", themes["samenwerking"])
    code_phrase(interview, owner, "personeelstekort", themes["personeelstekort"])
    header, url = bearer(owner), f"{API}/projects/{project.slug}/passages"
    by_theme = client.get(f"{url}?theme={themes['knelpunten'].pk}", **header).json()["results"]
    assert [p["text"] for p in by_theme] == ["personeelstekort"]  # a theme brings its subthemes
    by_coder = client.get(f"{url}?coder={coder.pk}", **header).json()["results"]
    assert [p["coder"] for p in by_coder] == ["cees"]
    wrong = client.get(f"{url}?theme=999999", **header)
    assert wrong.status_code == 400 and "filter" in wrong.json()["error"]
    for query in ["limit=0", "limit=5001", "cursor=-1", f"cursor={2**70}", "year=1800"]:
        assert client.get(f"{url}?{query}", **header).status_code == 422, query


def test_a_blind_round_hides_other_coders_passages_from_a_coders_token(
    client, project, interview, themes, coder, owner
):
    code_phrase(interview, owner, "samenwerking", themes["samenwerking"])
    code_phrase(interview, coder, "financiering", themes["financiering"])
    coding_round = CodingRound.objects.create(
        project=project, name="Blind", deadline="2030-01-01", created_by=owner, consensus_coder=owner
    )
    coding_round.interviews.set([interview])
    coding_round.coders.set([owner, coder])
    rows = client.get(f"{API}/projects/{project.slug}/passages", **bearer(coder)).json()["results"]
    assert [p["coder"] for p in rows] == ["cees"]
    lines = client.get(f"{API}/projects/{project.slug}/codings.jsonl", **bearer(coder)).getvalue().decode()
    assert [json.loads(line)["coder"] for line in lines.splitlines()] == ["cees"]


def test_all_codings_stream_as_csv_and_json_lines(client, project, interview, themes, coder):
    code_phrase(interview, coder, "samenwerking", themes["samenwerking"], themes["financiering"])
    header = bearer(coder, scope=Scope.READ)
    response = client.get(f"{API}/projects/{project.slug}/codings.csv", **header)
    assert response.status_code == 200 and response.streaming and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert sorted(r["theme_name"] for r in rows) == ["financiering", "samenwerking"]
    assert {r["text"] for r in rows} == {"samenwerking"}
    lines = client.get(f"{API}/projects/{project.slug}/codings.jsonl", **header).getvalue().decode().splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["coder"] == "cees"
    assert client.get(f"{API}/projects/{project.slug}/codings.xlsx", **header).status_code == 404


def test_memos_indicators_and_observations(client, project, coder, viewer):
    project.memos.create(title="Eerste indruk", text="Veel over samenwerking.", author=coder)
    header = bearer(viewer)
    memos = client.get(f"{API}/projects/{project.slug}/memos", **header).json()
    assert [(m["title"], m["author"]) for m in memos] == [("Eerste indruk", "cees")]
    indicator = Indicator.objects.create(code="lgg", name="Laag geboortegewicht", value_type="percentage")
    Observation.objects.create(indicator=indicator, municipality=None, year=2022, value="6.1")
    assert [i["code"] for i in client.get(f"{API}/indicators", **header).json()] == ["lgg"]
    values = client.get(f"{API}/indicators/lgg/observations", **header).json()
    assert values == [{"municipality": None, "year": 2022, "value": "6.1000", "synthetic": False}]
    assert client.get(f"{API}/indicators/onbekend/observations", **header).status_code == 404


def test_a_token_notes_when_it_was_last_used(client, project, viewer):
    token, secret = make_token(viewer)
    assert token.last_used_at is None
    client.get(f"{API}/projects", HTTP_AUTHORIZATION=f"Bearer {secret}")
    token.refresh_from_db()
    assert token.last_used_at is not None
