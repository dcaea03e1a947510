import json

import pytest
from django.urls import reverse

from interviews.models import Coding, Interview, Passage, Project, Segment, Theme
from interviews.spans import Offsets
from interviews.transcripts.text import find_turns

JSON = {"HTTP_ACCEPT": "application/json"}


def create_url(interview):
    return reverse("interviews:passage_create", args=[interview.project.slug, interview.pk])


def passage_url(name, passage, *extra):
    return reverse(name, args=[passage.interview.project.slug, passage.pk, *extra])


def span_of(interview, phrase):
    start = interview.text.index(phrase)
    return start, start + len(phrase)


def stored():
    return Passage.objects.count(), Coding.objects.count(), Theme.objects.count()


def owners_passage(interview, owner, themes):
    passage = Passage.select(interview, owner, *span_of(interview, "Dat blijft een knelpunt"))
    passage.save()
    passage.code([themes["knelpunten"]])
    return passage


def test_coders_and_owners_code_passages_viewers_and_outsiders_may_not(check_access, interview, themes):
    data = {"start": 0, "end": 11, "theme": themes["samenwerking"].pk}
    check_access("post", create_url(interview), {"anonymous": None, "outsider": 404, "viewer": 403}, data)
    assert not Passage.objects.exists()
    check_access("post", create_url(interview), {"coder": 302, "owner": 302}, data)
    assert sorted(Passage.objects.values_list("coder__username", flat=True)) == ["cees", "olga"]
    check_access("get", create_url(interview), {"coder": 405})


def test_every_passage_endpoint_lets_only_its_coder_or_an_owner_change_it(check_access, passage, themes):
    cast = {"anonymous": None, "outsider": 404, "viewer": 403, "owner": 302, "coder": 302}
    remove = ("interviews:passage_remove_theme", themes["samenwerking"].pk)
    for name, *extra in [("interviews:passage_update",), ("interviews:passage_add_themes",), remove]:
        data = {"memo": "m", "theme": themes["financiering"].pk}
        check_access("post", passage_url(name, passage, *extra), cast, data)
    passage.refresh_from_db()
    assert passage.memo == "m" and list(passage.themes.values_list("name", flat=True)) == ["financiering"]
    second = Passage.select(passage.interview, passage.coder, 0, 11)
    second.save()
    check_access("post", passage_url("interviews:passage_delete", passage), {**cast, "owner": 302, "coder": 404})
    check_access("post", passage_url("interviews:passage_delete", second), {"coder": 302})
    assert not Passage.objects.exists()


def test_a_page_whose_session_ended_gets_a_dutch_401_as_json(client, interview, themes):
    response = client.post(create_url(interview), {"start": 0, "end": 11, "theme": themes["samenwerking"].pk}, **JSON)
    assert response.status_code == 401 and "niet (meer) ingelogd" in response.json()["error"]
    assert not Passage.objects.exists()


def test_a_viewer_trying_to_code_gets_a_dutch_403_as_json(as_user, viewer, interview, themes):
    response = as_user(viewer).post(
        create_url(interview), {"start": 0, "end": 11, "theme": themes["samenwerking"].pk}, **JSON
    )
    assert response.status_code == 403 and "lezer" in response.json()["error"]
    assert stored() == (0, 0, 4)


def test_a_utf16_selection_cutting_an_emoji_in_half_stores_the_whole_emoji(as_user, coder, interview, themes):
    offsets = Offsets(interview.text)
    start, _ = span_of(interview, "verloskundigen 🤝")
    emoji = interview.text.index("🤝")
    data = {
        "start": offsets.to_utf16(start),
        "end": offsets.to_utf16(emoji) + 1,
        "unit": "utf16",
        "theme": [themes["samenwerking"].pk, themes["personeelstekort"].pk],
        "memo": "let op",
    }
    response = as_user(coder).post(create_url(interview), data, **JSON)
    assert response.status_code == 201, response.content
    answer, passage = response.json()["passage"], Passage.objects.get()
    assert passage.text == interview.text[passage.start : passage.end] == "verloskundigen 🤝"
    assert (answer["start"], answer["end"], answer["text"]) == (passage.start, passage.end, passage.text)
    assert (answer["start16"], answer["end16"]) == (offsets.to_utf16(start), offsets.to_utf16(emoji) + 2)
    assert answer["themes"] == [themes["samenwerking"].pk, themes["personeelstekort"].pk], "codebook order"
    assert answer["coder"] == "cees" and answer["mine"] and answer["editable"] and answer["memo"] == "let op"
    assert response.json()["created_theme"] is None


def test_the_same_span_again_adds_themes_to_the_coders_passage(as_user, coder, passage, themes):
    data = {"start": passage.start, "end": passage.end, "theme": themes["financiering"].pk}
    response = as_user(coder).post(create_url(passage.interview), data, **JSON)
    assert response.status_code == 200 and response.json()["passage"]["id"] == passage.pk
    assert Passage.objects.count() == 1
    assert set(passage.themes.values_list("name", flat=True)) == {"samenwerking", "financiering"}


def test_a_new_theme_is_created_once_and_then_reused_ignoring_case(as_user, coder, interview, project, themes):
    client = as_user(coder)
    first = client.post(create_url(interview), {"start": 0, "end": 11, "new_theme": "  Regie  gemeente "}, **JSON)
    again = client.post(create_url(interview), {"start": 13, "end": 16, "new_theme": "regie GEMEENTE"}, **JSON)
    created = first.json()["created_theme"]
    assert first.status_code == again.status_code == 201
    assert created["name"] == "Regie gemeente" and created["parent"] is None and created["depth"] == 0
    assert created["colour"].startswith("#") and again.json()["created_theme"]["id"] == created["id"]
    assert project.themes.filter(name__iexact="regie gemeente").count() == 1
    assert Coding.objects.filter(tag_id=created["id"]).count() == 2


def test_in_vivo_coding_names_a_theme_after_the_selected_words(as_user, coder, interview, project, themes):
    start, end = span_of(interview, " 2021 beter.\nInterviewer: En ")
    response = as_user(coder).post(create_url(interview), {"start": start, "end": end, "in_vivo": "1"}, **JSON)
    assert response.status_code == 201
    assert response.json()["created_theme"]["name"] == "2021 beter. Interviewer: En"
    assert Passage.objects.get().themes.get().name == "2021 beter. Interviewer: En"


BAD_INPUT = [
    ({"start": 20, "end": 20}, 400, "De selectie is leeg"),
    ({"start": 30, "end": 20}, 400, "De selectie is leeg"),
    ({"start": 5, "end": 100_000}, 400, "valt buiten de tekst"),
    ({"start": -1, "end": 10}, 400, "valt buiten de tekst"),
    ({"start": 5000, "end": 6000, "unit": "utf16"}, 400, "valt buiten de tekst"),  # refused, no longer clamped
    ({"start": 20, "end": 20, "unit": "utf16"}, 400, "De selectie is leeg"),
    ({"start": "twaalf", "end": 20}, 400, "moet een geheel getal zijn"),
    ({"start": 12, "end": "20.5"}, 400, "moet een geheel getal zijn"),
    ({"start": 12}, 400, "Geef het begin en het einde"),
    ({"start": 12, "end": 20, "unit": "bytes"}, 400, "Onbekende eenheid"),
    ({"start": 12, "end": 20, "theme": None}, 400, "Kies minstens één thema"),
    ({"start": 12, "end": 20, "theme": "samenwerking"}, 400, "Kies een thema uit het codeboek"),
    ({"start": 12, "end": 20, "theme": "foreign"}, 404, "bestaat niet (meer) in dit project"),
    ({"start": 12, "end": 20, "theme": "deleted"}, 404, "bestaat niet (meer) in dit project"),
    ({"start": 12, "end": 13, "theme": None, "in_vivo": "1"}, 400, "In vivo coderen kan alleen"),
    ({"start": 12, "end": 20, "new_theme": "x" * 101}, 400, "hoogstens 100 tekens"),
]


@pytest.mark.parametrize("data, status, message", BAD_INPUT)
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_is_stored(
    as_user, coder, interview, project, themes, data, status, message
):
    foreign = Theme.objects.create(project=Project.objects.create(name="Ander", slug="ander"), name="vreemd")
    deleted = Theme.objects.create(project=project, name="weg")
    ids = {"foreign": foreign.pk, "deleted": deleted.pk, None: ""}
    deleted.delete()
    data = {"theme": themes["samenwerking"].pk, **data}
    data["theme"] = ids.get(data["theme"], data["theme"])
    before = stored()
    response = as_user(coder).post(create_url(interview), data, **JSON)
    assert response.status_code == status and message in response.json()["error"], response.content.decode()
    assert stored() == before


def test_an_empty_utf16_selection_inside_an_emoji_is_refused(as_user, coder, interview, themes):
    inside = Offsets(interview.text).to_utf16(interview.text.index("🤝")) + 1
    data = {"start": inside, "end": inside, "unit": "utf16", "theme": themes["samenwerking"].pk}
    response = as_user(coder).post(create_url(interview), data, **JSON)
    assert response.status_code == 400 and "De selectie is leeg" in response.json()["error"]
    assert not Passage.objects.exists()


def test_a_stale_page_whose_interview_was_deleted_gets_a_404_in_dutch(as_user, coder, interview, themes):
    url = create_url(interview)
    interview.delete()
    response = as_user(coder).post(url, {"start": 0, "end": 5, "theme": themes["samenwerking"].pk}, **JSON)
    assert response.status_code == 404 and "bestaat niet (meer)" in response.json()["error"]
    assert not Passage.objects.exists()


def test_a_coder_cannot_change_a_colleagues_passage(as_user, coder, interview, owner, themes):
    theirs = owners_passage(interview, owner, themes)
    client = as_user(coder)
    for name, *extra in [
        ("interviews:passage_update",),
        ("interviews:passage_add_themes",),
        ("interviews:passage_remove_theme", themes["knelpunten"].pk),
        ("interviews:passage_delete",),
    ]:
        data = {"start": 0, "end": 5, "memo": "van mij", "theme": themes["financiering"].pk}
        response = client.post(passage_url(name, theirs, *extra), data, **JSON)
        assert response.status_code == 403 and "eigen passages" in response.json()["error"], name
    theirs.refresh_from_db()
    assert (theirs.memo, theirs.text, list(theirs.themes.values_list("name", flat=True))) == (
        "",
        "Dat blijft een knelpunt",
        ["knelpunten"],
    )


def test_an_owner_may_change_a_coders_passage_and_sees_it_is_not_hers(as_user, owner, passage):
    response = as_user(owner).post(passage_url("interviews:passage_update", passage), {"memo": "nagekeken"}, **JSON)
    answer = response.json()["passage"]
    assert response.status_code == 200 and answer["memo"] == "nagekeken"
    assert not answer["mine"] and answer["editable"] and answer["coder"] == "cees"


def test_moving_a_passage_copies_its_text_again(as_user, coder, passage):
    offsets, interview = Offsets(passage.interview.text), passage.interview
    end16 = offsets.to_utf16(interview.text.index("🤝")) + 1  # inside the emoji: snaps to after it
    response = as_user(coder).post(
        passage_url("interviews:passage_update", passage), {"end": end16, "unit": "utf16"}, **JSON
    )
    assert response.status_code == 200
    passage.refresh_from_db()
    assert passage.text == interview.text[passage.start : passage.end]
    assert passage.text.startswith("samenwerking in de coalitie") and passage.text.endswith("verloskundigen 🤝")
    assert response.json()["passage"]["text"] == passage.text


def test_a_bad_move_is_refused_and_the_passage_stays(as_user, coder, passage):
    before = (passage.start, passage.end, passage.text)
    for data in [{"start": passage.end}, {"end": 10**6}, {"start": "x"}, {"end": 5, "unit": "kilometers"}]:
        response = as_user(coder).post(passage_url("interviews:passage_update", passage), data, **JSON)
        assert response.status_code == 400 and response.json()["error"], data
    passage.refresh_from_db()
    assert (passage.start, passage.end, passage.text) == before


def test_a_memo_is_saved_and_can_be_cleared(as_user, coder, passage):
    client = as_user(coder)
    client.post(passage_url("interviews:passage_update", passage), {"memo": "Wethouder is positief."}, **JSON)
    passage.refresh_from_db()
    assert passage.memo == "Wethouder is positief."
    client.post(passage_url("interviews:passage_update", passage), {"memo": ""}, **JSON)
    passage.refresh_from_db()
    assert passage.memo == ""


def test_themes_are_added_to_a_passage_and_a_new_one_comes_back(as_user, coder, passage, themes):
    data = {"theme": themes["financiering"].pk, "new_theme": "Coalitie"}
    response = as_user(coder).post(passage_url("interviews:passage_add_themes", passage), data, **JSON)
    coalitie = Theme.objects.get(name="Coalitie")
    assert response.status_code == 200 and response.json()["created_theme"]["id"] == coalitie.pk
    assert response.json()["passage"]["themes"] == [themes["samenwerking"].pk, themes["financiering"].pk, coalitie.pk]
    response = as_user(coder).post(passage_url("interviews:passage_add_themes", passage), {}, **JSON)
    assert response.status_code == 400 and "Kies minstens één thema" in response.json()["error"]


def test_removing_the_last_theme_keeps_the_passage_and_a_deleted_theme_is_404(as_user, coder, passage, themes):
    client = as_user(coder)
    response = client.post(passage_url("interviews:passage_remove_theme", passage, themes["samenwerking"].pk), **JSON)
    assert response.status_code == 200 and response.json()["passage"]["themes"] == []
    assert Passage.objects.filter(pk=passage.pk).exists() and not Coding.objects.exists()
    gone = passage_url("interviews:passage_remove_theme", passage, 999_999)
    assert client.post(gone, **JSON).status_code == 404


def test_deleting_a_passage_deletes_its_codings_and_a_second_delete_is_404(as_user, coder, passage):
    client = as_user(coder)
    response = client.post(passage_url("interviews:passage_delete", passage), **JSON)
    assert response.status_code == 200 and response.json() == {"deleted": passage.pk}
    assert stored()[:2] == (0, 0)
    again = client.post(passage_url("interviews:passage_delete", passage), **JSON)
    assert again.status_code == 404 and "bestaat niet (meer)" in again.json()["error"]


def test_a_plain_form_codes_and_returns_to_the_passage_with_a_message(as_user, coder, interview, themes):
    client = as_user(coder)
    start, end = span_of(interview, "personeelstekort")
    response = client.post(create_url(interview), {"start": start, "end": end, "theme": themes["personeelstekort"].pk})
    passage = Passage.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/interviews/{interview.pk}/#p{passage.pk}")
    assert "Passage gecodeerd." in client.get(response["Location"]).content.decode()
    refused = client.post(create_url(interview), {"start": end, "end": start, "theme": themes["financiering"].pk})
    assert refused.status_code == 302 and Passage.objects.count() == 1
    assert "De selectie is leeg" in client.get(refused["Location"]).content.decode()


@pytest.mark.parametrize("existing", [0, 300])
def test_coding_takes_the_same_few_queries_however_many_passages_there_are(
    as_user, coder, interview, themes, existing, django_assert_max_num_queries
):
    Passage.objects.bulk_create(Passage.select(interview, coder, i % 100, i % 100 + 20) for i in range(existing))
    client = as_user(coder)
    data = {"start": 30, "end": 60, "unit": "utf16", "theme": [themes["samenwerking"].pk, themes["financiering"].pk]}
    # 9, raising the interview's live change counter, and locking its row to check no correction came between
    with django_assert_max_num_queries(11) as captured:
        assert client.post(create_url(interview), data, **JSON).status_code == 201
    assert len(captured) == 11, "the same count with 0 and with 300 passages"


def test_the_interview_page_hands_the_script_its_coding_data(as_user, viewer, passage, themes, owner):
    interview = passage.interview
    for start, end, speaker in find_turns(interview.text):
        Segment.objects.create(interview=interview, kind="turn", start=start, end=end, speaker=speaker)
    page = (
        as_user(viewer)
        .get(reverse("interviews:interview_detail", args=[interview.project.slug, interview.pk]))
        .content.decode()
    )
    data = json.loads(page.split('<script id="coding-data" type="application/json">')[1].split("</script>")[0])
    assert [t["name"] for t in data["themes"]] == ["samenwerking", "knelpunten", "personeelstekort", "financiering"]
    assert [t["depth"] for t in data["themes"]] == [0, 0, 1, 0]
    offsets = Offsets(interview.text)
    passage.load_theme_list()
    assert data["passages"] == [
        {
            "id": passage.pk,
            "start16": offsets.to_utf16(passage.start),
            "starred": False,
            "end16": offsets.to_utf16(passage.end),
            "themes": [themes["samenwerking"].pk],
            "coder": "cees",
            "memo": "",
            "v": passage.version(),  # sent back with a move or recode: the stale-write check
        }
    ], "no text: the script cuts it from the transcript"
    assert data["coders"] == {"cees": "cees"}
    assert (data["me"], data["can_write"], data["is_owner"]) == ("vera", False, False)
    assert data["urls"]["remove"] == "/p/ks-test/passages/__P__/themas/__T__/verwijderen/"
    assert data["urls"]["passage"] == "/p/ks-test/passages/__P__/" and "__P__/verwijderen/" in data["urls"]["delete"]
    second = find_turns(interview.text)[1]
    assert (
        f'data-turn-start="{second[0]}" data-turn-end="{second[1]}" data-turn-start16="{second[0]}" '
        f'data-turn-end16="{second[1] + 1}">Wethouder:</span>'
    ) in page, "the turn has an emoji: 2 UTF-16 units"
    assert isinstance(Interview.objects.get().text, str)
