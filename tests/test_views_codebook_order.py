"""Reordering the codebook (issue 15): a theme moves among its siblings up, down, to the end or before another;
the history keeps its place before and after; who may do it follows the codebook policy; bad input changes
nothing and is answered in words (JSON for the page's script)."""

from html import unescape

import pytest
from django.urls import reverse

from interviews.models import Action, Project, Theme

JSON = {"HTTP_ACCEPT": "application/json"}


def url(project):
    return reverse("interviews:theme_order", args=[project.slug])


def roots(project):
    return [t.name for t in project.themes.in_tree_order() if t.parent_id is None]


def test_the_owner_moves_a_theme_up_down_to_the_end_and_before_another(client, owner, project, themes):
    client.force_login(owner)
    assert roots(project) == ["samenwerking", "knelpunten", "financiering"]
    answer = client.post(url(project), {"theme": themes["financiering"].pk, "move": "up"}, **JSON)
    assert answer.status_code == 200
    assert answer.json() == {"message": "“financiering” staat nu op plaats 2.", "place": 2}
    assert roots(project) == ["samenwerking", "financiering", "knelpunten"]
    client.post(url(project), {"theme": themes["samenwerking"].pk, "move": "last"}, **JSON)
    assert roots(project) == ["financiering", "knelpunten", "samenwerking"]
    client.post(url(project), {"theme": themes["samenwerking"].pk, "before": themes["financiering"].pk}, **JSON)
    assert roots(project) == ["samenwerking", "financiering", "knelpunten"]
    client.post(url(project), {"theme": themes["samenwerking"].pk, "move": "down"}, **JSON)
    assert roots(project) == ["financiering", "samenwerking", "knelpunten"]
    assert [t.order for t in Theme.objects.filter(parent=None).order_by("order")] == [1, 2, 3]

    action = Action.objects.filter(project=project).first()
    assert (action.user, action.subject, action.verb, action.label) == (owner, "theme", "update", "samenwerking")
    assert (action.before, action.after, action.source) == ({"order": 1}, {"order": 2}, "browser")
    assert action.changes() == [("volgorde", "1", "2")]
    assert Action.objects.filter(project=project).count() == 4


def test_without_script_the_buttons_redirect_to_the_theme_and_a_move_in_place_records_nothing(
    client, owner, project, themes
):
    client.force_login(owner)
    response = client.post(url(project), {"theme": themes["samenwerking"].pk, "move": "up"})
    theme_id = themes["samenwerking"].pk
    assert response.status_code == 302 and response["Location"].endswith(f"/codeboek/#thema-{theme_id}")
    page = client.get(response["Location"]).content.decode()
    assert "“samenwerking” staat al op plaats 1." in page
    assert not Action.objects.filter(project=project).exists()
    assert f'id="thema-{themes["samenwerking"].pk}"' in page and 'aria-label="samenwerking omlaag"' in page


@pytest.mark.parametrize(
    "data, error",
    [
        ({}, "Dit veld is verplicht."),
        ({"theme": "2147483647", "move": "up"}, "Dit thema bestaat niet (meer)."),
        ({"theme": "abc", "move": "up"}, "Dit thema bestaat niet (meer)."),
        ({"theme": "THEME", "move": "sideways"}, "Selecteer een geldige keuze."),
        ({"theme": "THEME"}, "Kies één plaats"),
        ({"theme": "THEME", "move": "up", "before": "OTHER"}, "Kies één plaats"),
        ({"theme": "THEME", "before": "CHILD"}, "alleen tussen de thema's onder hetzelfde bovenliggende thema"),
        ({"theme": "THEME", "before": "THEME"}, "alleen tussen de thema's onder hetzelfde bovenliggende thema"),
        ({"theme": "THEME", "before": "ELSEWHERE"}, "Het thema om vóór te zetten bestaat niet (meer)."),
    ],
)
def test_bad_input_is_answered_in_words_and_changes_nothing(client, owner, outsider, project, themes, data, error):
    elsewhere = Theme.objects.create(project=Project.create_for(outsider, "Ander"), name="samenwerking")
    ids = {
        "THEME": themes["samenwerking"].pk,
        "OTHER": themes["financiering"].pk,
        "CHILD": themes["personeelstekort"].pk,
        "ELSEWHERE": elsewhere.pk,
    }
    data = {key: str(ids.get(value, value)) for key, value in data.items()}
    client.force_login(owner)
    answer = client.post(url(project), data, **JSON)
    assert answer.status_code == 400 and error in answer.json()["error"]
    assert roots(project) == ["samenwerking", "knelpunten", "financiering"]
    assert not Action.objects.filter(project=project).exists()
    response = client.post(url(project), data)  # the form without script: back to the codebook with the message
    assert response.status_code == 302 and error in unescape(client.get(response["Location"]).content.decode())


def test_who_may_reorder_follows_the_codebook_policy(as_user, cast, project, themes, check_access):
    data = {"theme": themes["financiering"].pk, "move": "up"}
    check_access("post", url(project), {"anonymous": 302, "outsider": 404, "viewer": 403, "coder": 403}, data)
    answer = as_user(cast["coder"]).post(url(project), data, **JSON)
    assert answer.status_code == 403 and "Alleen een eigenaar" in answer.json()["error"]
    assert roots(project) == ["samenwerking", "knelpunten", "financiering"]
    project.codebook_policy = "team"
    project.save(update_fields=["codebook_policy"])
    check_access("post", url(project), {"coder": 302}, data)  # saved, back to the codebook
    assert roots(project) == ["samenwerking", "financiering", "knelpunten"]
    assert Action.objects.get(project=project).user == cast["coder"]
    assert as_user(cast["viewer"]).get(url(project)).status_code == 405
