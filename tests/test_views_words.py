"""The word-frequency pages: access, the table and its downloads, the cloud as real PNG and SVG, keyness named,
bad input answered with a message, and the stop-word list with its history."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from conftest import code_phrase
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image
from round_study import coby  # noqa: F401 (a fixture: a second coder)

from interviews.models import Action, Interview, Subject, WordList
from interviews.textsearch import index_interview

READERS = {"anonymous": 302, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200}


@pytest.fixture
def coded(interview, coder, themes):
    """The cast's interview indexed, with passages of knelpunten (one via its subtheme) and samenwerking."""
    index_interview(interview)
    code_phrase(interview, coder, "Dat blijft een knelpunt", themes["knelpunten"])
    code_phrase(interview, coder, "personeelstekort bij de jeugdgezondheidszorg", themes["personeelstekort"])
    code_phrase(interview, coder, "De coördinatie met de verloskundigen", themes["samenwerking"])
    return interview


def url(name, project, *args, query=""):
    return reverse(f"interviews:{name}", args=[project.slug, *args]) + (f"?{query}" if query else "")


def theme_query(themes, name="knelpunten", extra=""):
    return f"source=theme&word_theme={themes[name].pk}{extra}"


def test_members_read_the_pages_and_outsiders_do_not(project, check_access):
    check_access("get", url("analysis_words", project), READERS)
    check_access("get", url("analysis_stop_words", project), READERS)


def test_the_page_counts_a_themes_lemmas_with_its_subthemes(project, themes, coded, as_user, viewer):
    response = as_user(viewer).get(url("analysis_words", project, query=theme_query(themes)))
    page = response.content.decode()
    assert response.status_code == 200
    for lemma in ("knelpunt", "personeelstekort", "jeugdgezondheidszorg", "blijft"):
        assert f'<th scope="row">{lemma}</th>' in page
    assert '<th scope="row">verloskundige</th>' not in page  # samenwerking's passage is not counted
    assert "wolk.png?" in page and "Woordwolk van de 4 meest voorkomende lemma" in page


def test_compare_with_the_rest_names_the_test_and_the_effect_size(project, themes, coded, as_user, viewer):
    page = as_user(viewer).get(url("analysis_words", project, query=theme_query(themes, extra="&compare=on")))
    text = page.content.decode()
    assert "log-likelihood G²" in text and "Rayson &amp; Garside 2000" in text and "log ratio" in text
    assert '<th scope="row">verloskundige</th>' in text  # in the rest, so in the keyness table


def test_a_stakeholder_group_can_count_the_whole_text(project, coded, as_user, viewer):
    query = "source=group&group=gemeente&whole_text=on"
    page = as_user(viewer).get(url("analysis_words", project, query=query)).content.decode()
    assert '<th scope="row">financiering</th>' in page  # in no passage, but in the text


def test_csv_and_xlsx_hold_the_table_and_the_test(project, themes, coded, as_user, viewer):
    client = as_user(viewer)
    response = client.get(url("analysis_words", project, query=theme_query(themes, extra="&compare=on&format=csv")))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["lemma", "meest voorkomende vorm", "aantal", "% van de getelde woorden"]
    assert {row[0] for row in rows[1:]} == {"knelpunt", "personeelstekort", "jeugdgezondheidszorg", "blijft"}
    response = client.get(url("analysis_words", project, query=theme_query(themes, extra="&compare=on&format=xlsx")))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["woordfrequenties", "keyness", "toelichting"]
    assert book["keyness"]["D1"].value == "G²"
    notes = " ".join(str(cell.value) for cell in book["toelichting"]["A"])
    assert "Rayson & Garside 2000" in notes and "Hardie 2014" in notes


def test_the_cloud_is_a_real_png_and_a_real_svg(project, themes, coded, as_user, viewer):
    client = as_user(viewer)
    png = client.get(url("analysis_word_cloud", project, "png", query=theme_query(themes)))
    assert png["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.format == "PNG" and image.size == (1000, 560)
    svg = client.get(url("analysis_word_cloud", project, "svg", query=theme_query(themes)))
    root = ET.fromstring(svg.content)
    assert svg["Content-Type"] == "image/svg+xml" and root.tag.endswith("svg")
    assert "knelpunt" in {"".join(node.itertext()) for node in root.iter() if node.tag.endswith("text")}
    again = client.get(url("analysis_word_cloud", project, "png", query=theme_query(themes)))
    assert again.content == png.content  # a fixed layout


@pytest.mark.parametrize(
    "query, message",
    [
        ("source=theme&word_theme=999999&top=50", "Onbekend thema"),
        ("source=theme&word_theme=abc", "Onbekend thema"),
        ("source=theme", "Kies het thema"),
        ("source=group&group=nergens", "Onbekende stakeholdergroep"),
        ("source=theme&word_theme={theme}&top=5", "Kies een aantal woorden van 10 tot en met 500"),
        ("source=theme&word_theme={theme}&top=501", "Kies een aantal woorden van 10 tot en met 500"),
        ("source=theme&word_theme={theme}&top=2e9", "Kies een aantal woorden van 10 tot en met 500"),
    ],
)
def test_bad_choices_get_a_message_not_a_500(project, themes, coded, as_user, viewer, query, message):
    client = as_user(viewer)
    query = query.format(theme=themes["knelpunten"].pk)
    response = client.get(url("analysis_words", project, query=query))
    assert response.status_code == 400 and message in response.content.decode()
    image = client.get(url("analysis_word_cloud", project, "png", query=query))
    assert image.status_code == 400 and message in image.content.decode()


def test_an_unknown_image_format_is_not_found(project, themes, as_user, viewer):
    assert as_user(viewer).get(url("analysis_word_cloud", project, "gif")).status_code == 404


def test_a_stop_word_change_counts_and_is_in_the_history(project, themes, coded, as_user, coder):
    client = as_user(coder)
    response = client.post(url("analysis_stop_words", project), {"added": "knelpunt\nBlijven", "removed": "de"})
    assert response.status_code == 302
    word_list = WordList.objects.get(project=project)
    assert word_list.added == "knelpunt\nblijven" and word_list.removed == "de" and word_list.updated_by == coder
    action = Action.objects.get(project=project, subject=Subject.WORD_LIST)
    assert action.user == coder and action.source == "browser"
    assert action.before == {"added": "", "removed": ""} and action.after["added"] == "knelpunt\nblijven"
    page = client.get(url("analysis_words", project, query=theme_query(themes))).content.decode()
    assert '<th scope="row">knelpunt</th>' not in page and '<th scope="row">de</th>' in page


@pytest.mark.parametrize(
    "added, message",
    [
        (" ".join("w" + "".join(chr(97 + int(d)) for d in str(n)) for n in range(2001)), "Hoogstens 2000 woorden"),
        ("a" * 51, "hoogstens 50 tekens"),
        ("=SOM(A1)", "Alleen letters"),
        ("zorg2", "Alleen letters"),
    ],
)
def test_a_bad_stop_word_list_gets_a_message_and_nothing_is_saved(project, as_user, coder, added, message):
    response = as_user(coder).post(url("analysis_stop_words", project), {"added": added})
    assert response.status_code == 400 and message in response.content.decode()
    assert not WordList.objects.filter(project=project).exists()
    assert not Action.objects.filter(project=project, subject=Subject.WORD_LIST).exists()


def test_a_viewer_reads_the_stop_words_but_cannot_change_them(project, as_user, viewer):
    client = as_user(viewer)
    assert "De standaardlijst van spaCy" in client.get(url("analysis_stop_words", project)).content.decode()
    assert client.post(url("analysis_stop_words", project), {"added": "zorg"}).status_code == 403


def test_the_analysis_index_links_the_page(project, as_user, viewer):
    page = as_user(viewer).get(url("analysis_index", project)).content.decode()
    assert url("analysis_words", project) in page


def test_the_hits_of_a_saved_query_are_counted(project, themes, coded, as_user, viewer, owner):
    from interviews.code_queries import Definition, ThemeSet
    from interviews.models import CodeQuery

    definition = Definition(ThemeSet((themes["knelpunten"].pk,)))  # knelpunten with its subtheme, no relation
    query = CodeQuery.objects.create(
        project=project, name="Knelpunten", definition=definition.as_json(), created_by=owner
    )
    response = as_user(viewer).get(url("analysis_words", project, query=f"source=query&query={query.pk}&compare=on"))
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "treffers van zoekvraag ‘Knelpunten’" in page
    rows = page.split("Keyness")[0]
    for lemma in ("knelpunt", "personeelstekort", "blijft"):
        assert f'<th scope="row">{lemma}</th>' in rows
    assert '<th scope="row">verloskundige</th>' not in rows  # samenwerking's passage is no hit
    assert '<th scope="row">verloskundige</th>' in page  # but it is in the rest the hits are compared with


def test_a_querys_hits_follow_the_pages_other_filters(project, themes, coded, as_user, viewer, owner, coby):  # noqa: F811
    from interviews.code_queries import Definition, ThemeSet
    from interviews.models import CodeQuery

    other = Interview.objects.create(
        project=project,
        title="JGZ",
        text="Een probleemgeval bij de jeugdzorg.",
        stakeholder_group="jgz",
        created_by=owner,
    )
    index_interview(other)
    code_phrase(other, coby, "Een probleemgeval", themes["knelpunten"])
    definition = Definition(ThemeSet((themes["knelpunten"].pk,)))
    query = CodeQuery.objects.create(project=project, name="K", definition=definition.as_json(), created_by=owner)
    base = f"source=query&query={query.pk}"
    every = as_user(viewer).get(url("analysis_words", project, query=base)).content.decode()
    assert '<th scope="row">probleemgeval</th>' in every and '<th scope="row">knelpunt</th>' in every
    group = as_user(viewer).get(url("analysis_words", project, query=base + "&stakeholder_group=gemeente"))
    assert '<th scope="row">probleemgeval</th>' not in group.content.decode()  # a jgz interview
    assert '<th scope="row">knelpunt</th>' in group.content.decode()
    by_coby = as_user(viewer).get(url("analysis_words", project, query=base + f"&coder={coby.pk}")).content.decode()
    assert '<th scope="row">probleemgeval</th>' in by_coby and '<th scope="row">knelpunt</th>' not in by_coby
    bad_year = as_user(viewer).get(url("analysis_words", project, query=base + "&year=abc")).content.decode()
    assert "Kies bij de filters een bewaarde zoekvraag" not in bad_year  # the query was chosen: no such message


def test_counting_a_query_without_choosing_one_says_so(project, coded, as_user, viewer):
    response = as_user(viewer).get(url("analysis_words", project, query="source=query"))
    assert response.status_code == 400
    assert "Kies bij de filters een bewaarde zoekvraag" in response.content.decode()
