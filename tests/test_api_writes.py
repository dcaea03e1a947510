"""The API's writes (interviews/views/api/passages.py): bulk coding, all or nothing, checked as the browser's."""

import pytest
from api_client import bearer, make_token
from conftest import code_phrase

from interviews.models import Action, Coding, Interview, Passage, Scope, Source
from interviews.spans import Offsets

API = "/api/v1"


def post(client, project, body, header):
    return client.post(f"{API}/projects/{project.slug}/passages", body, content_type="application/json", **header)


def span(interview, phrase):
    start = interview.text.index(phrase)
    return start, start + len(phrase)


def item(interview, phrase, *themes, **more):
    start, end = span(interview, phrase)
    return {"interview": interview.pk, "start": start, "end": end, "themes": [t.pk for t in themes], **more}


def test_a_coder_codes_passages_in_bulk_and_each_leaves_an_api_action_naming_the_token(
    client, project, interview, themes, coder
):
    token, secret = make_token(coder, name="woordenboek")
    body = {
        "passages": [
            item(interview, "samenwerking", themes["samenwerking"]),
            item(interview, "knelpunt", themes["knelpunten"]),
        ]
    }
    response = post(client, project, body, {"HTTP_AUTHORIZATION": f"Bearer {secret}"})
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 2
    for row in response.json()["passages"]:
        assert interview.text[row["start"] : row["end"]] == row["text"] and row["coder"] == "cees"
    actions = Action.objects.filter(subject="passage")
    assert actions.count() == 2
    assert {(a.source, a.api_token_id, a.user_id, a.verb) for a in actions} == {
        (Source.API, token.pk, coder.pk, "create")
    }


def test_offsets_in_utf16_units_land_on_the_same_words(client, project, interview, themes, coder):
    start, end = span(interview, "loopt sinds")  # after an emoji: UTF-16 counts it twice
    offsets = Offsets(interview.text)
    body = {
        "unit": "utf16",
        "passages": [
            {
                "interview": interview.pk,
                "start": offsets.to_utf16(start),
                "end": offsets.to_utf16(end),
                "themes": [themes["samenwerking"].pk],
            }
        ],
    }
    response = post(client, project, body, bearer(coder))
    assert response.status_code == 201
    assert response.json()["passages"][0]["text"] == "loopt sinds"
    assert Passage.objects.get().text == "loopt sinds"


def test_one_bad_passage_in_a_list_stores_none_and_says_which(client, project, interview, themes, coder, outsider):
    other = project.__class__.create_for(outsider, "Ander", slug="ander")
    theirs = other.themes.create(name="vreemd")
    good = item(interview, "samenwerking", themes["samenwerking"])
    body = {
        "passages": [
            good,
            {**good, "start": 5, "end": 5},  # empty
            {**good, "end": len(interview.text) + 1},  # past the end
            {**good, "themes": [theirs.pk]},  # a theme of another project
            {**good, "themes": []},  # no theme at all
            {**good, "interview": 999999},  # no such interview here
            {**good, "memo": "x" * 20000},  # longer than a memo may be
        ]
    }
    response = post(client, project, body, bearer(coder))
    assert response.status_code == 400
    errors = response.json()
    assert "6 van de 7" in errors["error"] and "niets opgeslagen" in errors["error"]
    assert [e["index"] for e in errors["items"]] == [1, 2, 3, 4, 5, 6]
    assert all(e["error"] for e in errors["items"])
    assert not Passage.objects.exists() and not Action.objects.exists()


def test_a_thousand_passages_go_in_at_once_and_1001_are_refused(client, project, interview, themes, coder):
    one = item(interview, "samenwerking", themes["samenwerking"])
    many = [{**one, "start": i % 50, "end": i % 50 + 1 + i // 50} for i in range(1000)]
    response = post(client, project, {"passages": many}, bearer(coder))
    assert response.status_code == 201 and response.json()["created"] == 1000
    assert Passage.objects.count() == 1000 and Action.objects.filter(source=Source.API).count() == 1000
    assert all(interview.text[p.start : p.end] == p.text for p in Passage.objects.all())
    refused = post(client, project, {"passages": many + [one]}, bearer(coder))
    assert refused.status_code == 422 and "passages" in refused.json()["error"]


def test_a_failure_while_storing_rolls_every_passage_back(client, project, interview, themes, coder, monkeypatch):
    """The history is written last, after the passages and their codings: when it fails, none of them stay."""

    def fail(actions):
        assert Passage.objects.count() == 3  # stored, inside the transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(Action, "store", fail)
    client.raise_request_exception = False
    body = {"passages": [item(interview, w, themes["samenwerking"]) for w in ["samenwerking", "coalitie", "knelpunt"]]}
    assert post(client, project, body, bearer(coder)).status_code == 500
    assert not Passage.objects.exists() and not Coding.objects.exists()


def test_a_span_given_twice_or_coded_before_is_one_passage_with_all_its_themes(
    client, project, interview, themes, coder
):
    earlier = code_phrase(interview, coder, "samenwerking", themes["samenwerking"])
    body = {
        "passages": [
            item(interview, "samenwerking", themes["financiering"], memo="eerder gezien"),
            item(interview, "knelpunt", themes["knelpunten"]),
            item(interview, "knelpunt", themes["personeelstekort"]),
        ]
    }
    response = post(client, project, body, bearer(coder))
    assert response.status_code == 201 and response.json()["created"] == 1
    rows = response.json()["passages"]
    assert rows[0]["id"] == earlier.pk and rows[0]["memo"] == "eerder gezien"
    assert set(rows[0]["themes"]) == {themes["samenwerking"].pk, themes["financiering"].pk}
    assert set(rows[1]["themes"]) == {themes["knelpunten"].pk, themes["personeelstekort"].pk}
    recode = Action.objects.get(verb="recode")
    assert recode.before["themes"] != recode.after["themes"] and recode.source == Source.API


def test_a_new_theme_by_name_is_made_once(client, project, interview, coder):
    body = {"passages": [item(interview, w, new_theme="Regie") for w in ["samenwerking", "knelpunt"]]}
    assert post(client, project, body, bearer(coder)).status_code == 201
    assert project.themes.filter(name="Regie").count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"passages": []},
        {"passages": "x"},
        {"passages": [{"interview": "a"}]},
        {"unit": "bytes", "passages": [{}]},
        [],
    ],
)
def test_bodies_that_do_not_fit_the_schema_get_422_in_dutch(client, project, coder, body):
    response = post(client, project, body, bearer(coder))
    assert response.status_code == 422 and "De invoer klopt niet" in response.json()["error"]


def test_broken_json_gets_an_error_not_a_500(client, project, coder):
    response = client.post(
        f"{API}/projects/{project.slug}/passages", "{", content_type="application/json", **bearer(coder)
    )
    assert 400 <= response.status_code < 500


def test_a_viewer_and_a_read_only_token_cannot_write(client, project, interview, themes, viewer, coder):
    body = {"passages": [item(interview, "samenwerking", themes["samenwerking"])]}
    response = post(client, project, body, bearer(viewer))
    assert response.status_code == 403 and "lezer" in response.json()["error"]
    response = post(client, project, body, bearer(coder, scope=Scope.READ))
    assert response.status_code == 403 and "alleen lezen" in response.json()["error"]
    assert not Passage.objects.exists()


def test_a_coder_deletes_their_own_passage_not_anothers(client, project, interview, themes, coder, owner):
    mine = code_phrase(interview, coder, "samenwerking", themes["samenwerking"])
    theirs = code_phrase(interview, owner, "knelpunt", themes["knelpunten"])
    header = bearer(coder)
    response = client.delete(f"{API}/projects/{project.slug}/passages/{theirs.pk}", **header)
    assert response.status_code == 403 and "eigen passages" in response.json()["error"]
    response = client.delete(f"{API}/projects/{project.slug}/passages/{mine.pk}", **header)
    assert response.status_code == 200 and response.json() == {"deleted": mine.pk}
    assert not Passage.objects.filter(pk=mine.pk).exists()
    action = Action.objects.get(verb="delete")
    assert action.source == Source.API and action.before["text"] == "samenwerking"
    assert client.delete(f"{API}/projects/{project.slug}/passages/{mine.pk}", **header).status_code == 404
    owner_header = bearer(owner)
    assert client.delete(f"{API}/projects/{project.slug}/passages/{theirs.pk}", **owner_header).status_code == 200


def test_an_outsider_cannot_write_or_delete(client, project, interview, themes, coder, outsider):
    mine = code_phrase(interview, coder, "samenwerking", themes["samenwerking"])
    header = bearer(outsider)
    body = {"passages": [item(interview, "knelpunt", themes["knelpunten"])]}
    assert post(client, project, body, header).status_code == 404
    assert client.delete(f"{API}/projects/{project.slug}/passages/{mine.pk}", **header).status_code == 404
    assert Passage.objects.count() == 1


def test_a_text_corrected_meanwhile_stores_nothing_and_answers_409(
    client, project, interview, themes, coder, monkeypatch
):
    monkeypatch.setattr(Interview, "text_still_current", lambda self: False)
    response = post(
        client, project, {"passages": [item(interview, "samenwerking", themes["samenwerking"])]}, bearer(coder)
    )
    assert response.status_code == 409 and "gecorrigeerd" in response.json()["error"]
    assert not Passage.objects.exists() and not Action.objects.exists()


def test_the_activity_page_names_the_token_a_change_came_through(client, project, interview, themes, coder, owner):
    post(client, project, {"passages": [item(interview, "samenwerking", themes["samenwerking"])]}, bearer(coder))
    client.force_login(owner)
    page = client.get(f"/p/{project.slug}/activiteit/").content.decode()
    assert "API" in page and "sleutel “script”" in page
