"""The search page (keyword in context) and search-and-code, for every member of the cast."""

import re

import pytest
from django.urls import reverse

from interviews.models import Coding, Origin, Passage, Project
from interviews.textsearch import index_interview
from interviews.transcripts.pipeline import create_interview

TEXT = "Interviewer: En de gemeenten?\nJGZ: De gemeente betaalt. <script>alert(1)</script> Gemeenten twijfelen."


@pytest.fixture
def talk(project):
    return create_interview(project, "Groningen <script>", TEXT, year=2021, stakeholder_group="jgz")


def search_url(project, query=""):
    return reverse("interviews:text_search", args=[project.slug]) + query


def code_url(project, query="?q=gemeente"):
    return reverse("interviews:text_search_code", args=[project.slug]) + query


def test_search_page_access(check_access, project, talk):
    check_access(
        "get",
        search_url(project, "?q=gemeente"),
        {"anonymous": None, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200},
    )


def test_search_and_code_access(check_access, project, talk, themes):
    data = {"theme": themes["financiering"].pk, "unit": "match", "all": "on"}
    check_access(
        "post", code_url(project), {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 302, "owner": 302}, data
    )
    assert Passage.objects.filter(coder__username="cees").count() == 3
    assert Passage.objects.filter(coder__username="olga").count() == 3


def test_lemma_search_shows_keyword_in_context_lines_linking_to_their_place(as_user, viewer, project, talk):
    page = as_user(viewer).get(search_url(project, "?q=gemeente")).content.decode()
    assert "3 treffers" in page
    assert '<td class="kwic-match" lang="nl"><a href="/p/ks-test/interviews/' in page
    assert f"?at={TEXT.index('gemeente ')}-{TEXT.index('gemeente ') + 8}" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "Groningen &lt;script&gt;" in page
    assert 'name="hit"' not in page  # a viewer cannot code


def test_word_search_and_filters_narrow_the_results(as_user, coder, project, talk, interview):
    index_interview(interview)
    client = as_user(coder)
    assert "2 treffers" in client.get(search_url(project, "?q=gemeenten&mode=word")).content.decode()
    assert "0 treffers" in client.get(search_url(project, "?q=gemeente&year=2022")).content.decode()
    assert "3 treffers" in client.get(search_url(project, "?q=gemeente&stakeholder_group=jgz")).content.decode()
    assert "1 treffer " in client.get(search_url(project, "?q=verloskundige")).content.decode()


def test_results_sort_by_right_context(as_user, coder, project, talk):
    page = as_user(coder).get(search_url(project, "?q=gemeente&sort=right")).content.decode()
    matches = [chunk.split("</a>")[0].rsplit(">", 1)[1] for chunk in page.split('class="kwic-match"')[1:]]
    assert matches == ["gemeenten", "gemeente", "Gemeenten"]  # "?", "betaalt", "twijfelen"


def test_coded_filter_needs_a_theme_and_finds_uncoded_hits(as_user, coder, project, talk, themes):
    start = TEXT.index("gemeente ")
    Passage.code_span(talk, coder, start, start + 8, [themes["financiering"]])
    client = as_user(coder)
    page = client.get(search_url(project, f"?q=gemeente&theme={themes['financiering'].pk}&coded=no")).content.decode()
    assert "2 treffers" in page
    assert "Kies het thema" in client.get(search_url(project, "?q=gemeente&coded=yes")).content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("?q=", "Typ een woord"),
        ("?q=de+het", "stopwoorden"),
        ("?q=gem*", "jokertekens"),
        ("?q=%5Ba-z%5D%2B", "jokertekens"),
    ],
)
def test_bad_queries_show_a_message_and_no_results(as_user, coder, project, talk, query, message):
    page = as_user(coder).get(search_url(project, query)).content.decode()
    assert message in page and "treffer" not in page.split("</form>", 2)[-1]


def test_a_project_without_interviews_says_so(as_user, owner):
    empty = Project.objects.create(name="Leeg", slug="leeg")
    empty.memberships.create(user=owner, role="owner")
    page = as_user(owner).get(search_url(empty, "?q=gemeente")).content.decode()
    assert "nog geen interviews" in page and "0 treffers" in page


def test_search_and_code_codes_the_selected_sentences_for_the_coder(as_user, coder, project, talk, themes):
    client = as_user(coder)
    first = TEXT.index("gemeente ")
    key = f"{talk.pk}:{first}:{first + 8}"
    response = client.post(code_url(project), {"theme": themes["samenwerking"].pk, "unit": "sentence", "hit": key})
    assert response.status_code == 302 and response["Location"].endswith("?q=gemeente")
    passage = Passage.objects.get()
    assert (passage.text, passage.coder) == ("De gemeente betaalt.", coder)
    assert passage.codings.get().origin == Origin.SEARCH
    assert "1 passage(s) gecodeerd met ‘samenwerking’" in client.get(response["Location"]).content.decode()


def test_search_and_code_a_whole_turn(as_user, coder, project, talk, themes):
    as_user(coder).post(code_url(project), {"theme": themes["samenwerking"].pk, "unit": "turn", "all": "on"})
    assert sorted(Passage.objects.values_list("text", flat=True)) == [
        "Interviewer: En de gemeenten?",
        TEXT.split("\n")[1],
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"unit": "match", "all": "on"}, "Kies het thema"),
        ({"unit": "match"}, "Selecteer een of meer treffers"),
        ({"unit": "match", "hit": "999:0:5"}, "horen niet (meer) bij deze zoekopdracht"),
        ({"unit": "alles", "all": "on"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_search_and_code_stores_nothing(as_user, coder, project, talk, themes, data, message):
    data.setdefault("theme", themes["samenwerking"].pk) if "Kies" not in message else None
    response = as_user(coder).post(code_url(project), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Passage.objects.exists() and not Coding.objects.exists()


def test_search_and_code_with_an_invalid_query_stores_nothing(as_user, coder, project, talk, themes):
    response = as_user(coder).post(
        code_url(project, "?q=de"), {"theme": themes["samenwerking"].pk, "unit": "match", "all": "on"}
    )
    assert response.status_code == 400 and "zoek opnieuw" in response.content.decode()
    assert not Passage.objects.exists()


def test_project_nav_links_to_search_and_suggestions(as_user, viewer, project):
    page = as_user(viewer).get(reverse("interviews:project_detail", args=[project.slug])).content.decode()
    assert search_url(project) in page and reverse("interviews:suggestion_queue", args=[project.slug]) in page


def test_interviews_made_without_the_index_are_indexed_when_searching(as_user, coder, project, interview):
    assert not interview.tokens.exists()
    assert "1 treffer " in as_user(coder).get(search_url(project, "?q=verloskundige")).content.decode()
    assert interview.tokens.exists()


def test_each_theme_select_has_its_own_id_and_label(as_user, coder, project, talk, themes):
    page = as_user(coder).get(search_url(project, "?q=gemeente")).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids on the search page are unique"
    assert '<label for="zc_theme">Thema:</label> <select name="theme"' in page
    assert page.count('id="id_theme"') == 1 and 'for="id_theme"' in page


@pytest.mark.parametrize("query, ticked", [("?q=gemeente", "lemma"), ("?q=gemeente&mode=word", "word")])
def test_the_search_mode_stays_ticked_after_search_and_code(as_user, coder, project, talk, themes, query, ticked):
    data = {"theme": themes["samenwerking"].pk, "unit": "turn", "all": "on"}
    page = as_user(coder).post(code_url(project, query), data, follow=True).content.decode()
    assert "gecodeerd met" in page
    assert re.findall(r'<input type="radio" name="mode" value="(\w+)"[^>]* checked>', page) == [ticked]


def test_a_text_corrected_while_searching_is_not_coded(as_user, coder, owner, project, talk, themes, monkeypatch):
    from interviews.models import TextVersion
    from interviews.transcripts import corrections
    from interviews.views import textsearch as view

    searched = view._search

    def then_corrected(request, project):
        found = searched(request, project)
        fresh = type(talk).objects.get(pk=talk.pk)
        edit, segments = corrections.prepare(fresh, "Inleiding: een nieuwe eerste zin.\n" + fresh.text)
        TextVersion.correct(fresh, edit, segments, owner, "tussendoor")
        return found

    monkeypatch.setattr(view, "_search", then_corrected)
    data = {"theme": themes["samenwerking"].pk, "unit": "match", "all": "on"}
    response = as_user(coder).post(code_url(project), data)
    assert response.status_code == 409 and "Een tekst is intussen gecorrigeerd" in response.content.decode()
    assert not Passage.objects.exists()
