"""The query pages: build, bad input, save, code the hits, delete; a saved query as a filter of the analyses."""

import pytest
from conftest import code_phrase
from django.urls import reverse

from interviews.code_queries import Definition, ThemeSet
from interviews.models import Action, CodeQuery, Coding, Origin, Passage, Subject
from interviews.selection import Selection

pytestmark = pytest.mark.django_db

FUNDING = "Er is te weinig geld voor de coördinator"
SHORTAGE = "Er zijn te weinig verloskundigen"


@pytest.fixture
def coded(interview, coder, themes):
    """In one turn: funding, then a staff shortage (a subtheme of knelpunten); elsewhere only funding."""
    text = (
        f"Wethouder: {FUNDING}. En ook: {SHORTAGE}.\n"
        "Interviewer: En verder?\n"
        "Wethouder: Het geld voor de wijkteams is ook op.\n"
    )
    interview.text = text
    interview.save()
    offset, turns = 0, []
    for line in text.split("\n"):
        if line:
            turns.append((offset, offset + len(line), line.split(":")[0], None, None))
        offset += len(line) + 1
    interview.add_segments(turns, [])
    code_phrase(interview, coder, FUNDING, themes["financiering"])
    code_phrase(interview, coder, SHORTAGE, themes["personeelstekort"])
    code_phrase(interview, coder, "Het geld voor de wijkteams is ook op.", themes["financiering"])
    return interview


def builder(project):
    return reverse("interviews:query_builder", args=[project.slug])


def same_turn(themes):
    return {
        "left_themes": [themes["financiering"].pk],
        "relation": "same_turn",
        "right_themes": [themes["knelpunten"].pk],
    }


def test_the_builder_finds_funding_and_a_bottleneck_in_one_turn_with_the_exact_text(client, coder, coded, themes):
    client.force_login(coder)
    response = client.get(builder(coded.project), same_turn(themes))
    assert response.status_code == 200
    hits = response.context["hits"]
    assert len(hits) == 1
    hit = response.context["shown"][0]
    assert hit.text == coded.text[hit.start : hit.end] == f"{FUNDING}. En ook: {SHORTAGE}"
    assert "1 treffer in 1 interview(s)" in response.content.decode()
    assert "financiering — in dezelfde sprekersbeurt als — knelpunten" in response.content.decode()


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({}, None, None),  # an unbound form: no hits, no error
        ({"left_combine": "all"}, "left_themes", "Kies minstens één thema"),
        ({"left_themes": ["F"], "relation": "same_turn", "right_themes": ["F"]}, "right_themes", "zichzelf"),
        ({"left_themes": ["F"], "relation": "near", "right_themes": ["K"], "distance": "999"}, "distance", "200"),
        ({"left_themes": ["F"], "relation": "near", "right_themes": ["K"], "distance": "-1"}, "distance", "0"),
        ({"left_themes": ["F"], "relation": "near", "right_themes": ["K"]}, "distance", "aantal woorden"),
        ({"left_themes": ["F"], "relation": "overlap"}, "right_themes", "tweede set"),
        ({"left_themes": ["F"], "right_themes": ["K"]}, "relation", "Kies hoe de twee sets"),
        ({"left_themes": ["F"], "left_exclude": ["F"]}, "left_exclude", "tegelijk gezocht en uitgesloten"),
        ({"left_themes": ["999999"]}, "left_themes", "geen beschikbare keuze"),
        ({"left_themes": ["F"], "indicator_from": "1"}, "indicator", "Kies de indicator"),
        ({"left_themes": ["F"], "distance": "tien"}, "distance", "geheel getal"),
    ],
)
def test_bad_queries_get_a_message_in_words_and_no_hits(client, coder, coded, themes, params, field, words):
    ids = {"F": str(themes["financiering"].pk), "K": str(themes["knelpunten"].pk)}
    params = {
        key: [ids.get(v, v) for v in value] if isinstance(value, list) else value for key, value in params.items()
    }
    client.force_login(coder)
    response = client.get(builder(coded.project), params)
    assert "hits" not in response.context
    if field is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors[field])
    assert words in response.content.decode()


def test_saving_keeps_the_query_by_name_and_records_it(client, coder, coded, themes):
    client.force_login(coder)
    data = {**same_turn(themes), "name": "Geld en knelpunt", "stakeholder_group": "gemeente"}
    response = client.post(reverse("interviews:query_save", args=[coded.project.slug]), data)
    query = CodeQuery.objects.get(project=coded.project)
    assert response.status_code == 302 and response["Location"].endswith(f"/zoekvragen/{query.pk}/")
    definition = Definition.from_json(query.definition)
    assert definition.relation == "same_turn" and definition.left == ThemeSet((themes["financiering"].pk,))
    assert definition.filters == "stakeholder_group=gemeente"
    action = Action.objects.get(subject=Subject.QUERY)
    assert action.user == coder and action.after["name"] == "Geld en knelpunt"
    detail = client.get(response["Location"])
    assert len(detail.context["hits"]) == 1 and "stakeholdergroep: gemeente" in detail.content.decode()
    again = client.post(
        reverse("interviews:query_save", args=[coded.project.slug]), {**data, "name": "geld EN knelpunt"}
    )
    assert again.status_code == 400 and "al een zoekvraag met deze naam" in again.content.decode()
    empty = client.post(reverse("interviews:query_save", args=[coded.project.slug]), {"name": "Leeg"})
    assert empty.status_code == 400 and CodeQuery.objects.count() == 1


def saved(project, themes, owner, **extra):
    definition = Definition(ThemeSet((themes["financiering"].pk,)), "same_turn", ThemeSet((themes["knelpunten"].pk,)))
    for name, value in extra.items():
        definition = Definition(**{**definition.__dict__, name: value})
    return CodeQuery.objects.create(project=project, name="Q", definition=definition.as_json(), created_by=owner)


def test_coding_the_hits_makes_passages_with_the_exact_text_once(client, coder, owner, coded, themes):
    query = saved(coded.project, themes, owner)
    client.force_login(coder)
    url = reverse("interviews:query_code", args=[coded.project.slug, query.pk])
    response = client.post(url, {"new_theme": "geld en knelpunt"}, follow=True)
    assert "1 treffer gecodeerd met ‘geld en knelpunt’" in response.content.decode()
    theme = coded.project.themes.get(name="geld en knelpunt")
    passage = Passage.objects.get(codings__tag=theme)
    assert passage.coder == coder and coded.text[passage.start : passage.end] == passage.text
    assert passage.text == f"{FUNDING}. En ook: {SHORTAGE}"
    assert Coding.objects.get(tag=theme).origin == Origin.QUERY
    assert Action.objects.filter(subject=Subject.THEME, verb="create", subject_id=theme.pk).exists()
    assert Action.objects.get(subject=Subject.PASSAGE, subject_id=passage.pk).source == "query"
    client.post(url, {"theme": theme.pk})
    assert Passage.objects.filter(codings__tag=theme).count() == 1  # coded again: the same passage, no copy


def test_a_text_corrected_while_the_hits_were_found_is_not_coded(client, coder, owner, coded, themes, monkeypatch):
    from interviews.models import TextVersion
    from interviews.transcripts import corrections
    from interviews.views import code_queries as view

    found = view.query_hits

    def then_corrected(*args):
        hits = found(*args)
        fresh = type(coded).objects.get(pk=coded.pk)
        edit, segments = corrections.prepare(fresh, "Inleiding: een nieuwe eerste zin.\n" + fresh.text)
        TextVersion.correct(fresh, edit, segments, owner, "tussendoor")
        return hits

    monkeypatch.setattr(view, "query_hits", then_corrected)
    query = saved(coded.project, themes, owner)
    client.force_login(coder)
    url = reverse("interviews:query_code", args=[coded.project.slug, query.pk])
    response = client.post(url, {"new_theme": "geld en knelpunt"}, follow=True)
    page = response.content.decode()
    assert "Een tekst is intussen gecorrigeerd; er is niets gecodeerd" in page, page[page.find("<main") :][:1500]
    assert not coded.project.themes.filter(name="geld en knelpunt").exists()
    assert not Action.objects.filter(source="query").exists()


def test_coding_needs_one_theme_new_or_existing_and_codes_nothing_otherwise(client, coder, owner, coded, themes):
    query = saved(coded.project, themes, owner)
    client.force_login(coder)
    url = reverse("interviews:query_code", args=[coded.project.slug, query.pk])
    before = Passage.objects.count()
    for data, words in [
        ({}, "niet allebei"),
        ({"theme": themes["samenwerking"].pk, "new_theme": "nieuw"}, "niet allebei"),
        ({"theme": "abc"}, "geldige keuze"),
    ]:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200 and words in response.content.decode()
    assert Passage.objects.count() == before and not coded.project.themes.filter(name="nieuw").exists()


def test_a_query_whose_coder_is_gone_finds_nothing_and_says_why(client, coder, owner, coded, themes, django_user_model):
    gone = django_user_model.objects.create_user("weg")
    query = saved(coded.project, themes, owner, filters=f"coder={gone.pk}")
    gone.delete()
    client.force_login(coder)
    response = client.get(reverse("interviews:query_detail", args=[coded.project.slug, query.pk]))
    assert response.status_code == 200 and response.context["hits"] == []
    assert "verwijderd" in response.content.decode()


def test_deleting_a_query_records_it(client, coder, owner, coded, themes):
    query = saved(coded.project, themes, owner)
    client.force_login(coder)
    client.post(reverse("interviews:query_delete", args=[coded.project.slug, query.pk]))
    assert not CodeQuery.objects.exists()
    assert Action.objects.get(subject=Subject.QUERY, verb="delete").before["name"] == "Q"


def test_a_saved_query_filters_the_selection_to_the_passages_touching_its_hits(coded, owner, themes, coder):
    query = saved(coded.project, themes, owner)
    everything = Selection(coded.project).seen_by(coder)
    narrowed = Selection(coded.project, query=query).seen_by(coder)
    assert everything.all_passages().count() == 3
    assert sorted(p.text for p in narrowed.all_passages()) == sorted([FUNDING, SHORTAGE])
    assert narrowed.codings().count() == 2 and "zoekvraag: Q" in narrowed.describe()
    assert narrowed.visible(Coding.objects.all()).count() == 2  # what crosstabs and the grids read through
    assert [case[0] for case in narrowed.cases()] == [coded.pk]


def test_the_summary_page_takes_a_saved_query_as_its_filter(client, coder, owner, coded, themes):
    query = saved(coded.project, themes, owner)
    client.force_login(coder)
    unfiltered = client.get(reverse("interviews:reports", args=[coded.project.slug]), {"quotes": 5})
    assert "Het geld voor de wijkteams is ook op." in unfiltered.content.decode()
    response = client.get(reverse("interviews:reports", args=[coded.project.slug]), {"query": query.pk, "quotes": 5})
    assert response.status_code == 200
    page = response.content.decode()
    assert "zoekvraag: Q" in page
    assert "Het geld voor de wijkteams is ook op." not in page
    other = client.get(reverse("interviews:reports", args=[coded.project.slug]), {"query": 10**9, "quotes": 5})
    assert "geldige keuze" in other.content.decode()  # an unknown query: said, and left out of the filters


def test_a_query_in_words_names_its_distance(project, themes, owner):
    from interviews.code_queries import describe

    near = Definition(ThemeSet((themes["financiering"].pk,)), "near", ThemeSet((themes["knelpunten"].pk,)), 12)
    assert describe(near, project) == "financiering — binnen 12 woorden van — knelpunten"
    turn = Definition(ThemeSet((themes["financiering"].pk,)), "same_turn", ThemeSet((themes["knelpunten"].pk,)))
    assert describe(turn, project) == "financiering — in dezelfde sprekersbeurt als — knelpunten"


def test_a_query_a_grid_filters_on_is_kept_until_the_grid_goes(client, coder, owner, coded, themes):
    from interviews.models import SummaryGrid

    query = saved(coded.project, themes, owner)
    client.force_login(coder)
    grids = reverse("interviews:grid_list", args=[coded.project.slug])
    data = {"name": "Gefilterd", "rows": "interview", "themes": [themes["financiering"].pk], "query": query.pk}
    assert client.post(grids, data).status_code == 302
    grid = SummaryGrid.objects.get(name="Gefilterd")
    assert grid.query == query and grid.filters == f"query={query.pk}"
    page = client.get(reverse("interviews:query_detail", args=[coded.project.slug, query.pk])).content.decode()
    assert "Filter van de samenvattingstabel(len):" in page and "Gefilterd</a>" in page
    assert "Zoekvraag verwijderen" not in page
    response = client.post(reverse("interviews:query_delete", args=[coded.project.slug, query.pk]), follow=True)
    assert "is een filter van de samenvattingstabel(len) ‘Gefilterd’" in response.content.decode()
    assert CodeQuery.objects.filter(pk=query.pk).exists() and not Action.objects.filter(subject=Subject.QUERY).exists()
    client.post(reverse("interviews:grid_delete", args=[coded.project.slug, grid.pk]))
    client.post(reverse("interviews:query_delete", args=[coded.project.slug, query.pk]))
    assert not CodeQuery.objects.exists() and not SummaryGrid.objects.exists()
