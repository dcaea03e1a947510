"""Every count on the codebook and the analyses links to the passages behind it: the number in the cell is
the number of passages (or interviews) the link shows. One test per table type, on the hand-worked study."""

import html
import re

import pytest
from analysis_study import build
from django.urls import reverse

LINK = re.compile(r'<a href="([^"]+)" class="count-link"[^>]*>([^<]*)</a>')
SHOWN = re.compile(r'id="retrieval-count" data-passages="(\d+)" data-interviews="(\d+)"')


@pytest.fixture
def study(project, themes, coder, owner):
    return build(project, themes, coder, owner)


def page(client, name, project, query=""):
    response = client.get(reverse(name, args=[project.slug]) + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response.content.decode()


def followed(client, content):
    """[(link text, passages shown, interviews shown)] for every count link on the page."""
    out = []
    for href, text in LINK.findall(content):
        response = client.get(html.unescape(href))
        assert response.status_code == 200, href
        passages, interviews = SHOWN.search(response.content.decode()).groups()
        out.append((html.unescape(text), int(passages), int(interviews)))
    assert out, "no count links on the page"
    return out


def counts(text):
    """'3 int.; 18 pass.' → (3, 18); '(3 int.)' → (3, None); '5 passages in 2 interviews' → (2, 5)."""
    if m := re.search(r"(\d+) passages? in (\d+) interviews?", text):
        return int(m[2]), int(m[1])
    interviews = re.search(r"(\d+) int\.", text)
    passages = re.search(r"(\d+) pass\.", text)
    return int(interviews[1]), int(passages[1]) if passages else None


def assert_each_link_shows_its_count(client, content):
    for text, passages, interviews in followed(client, content):
        want_interviews, want_passages = counts(text)
        assert interviews == want_interviews, text
        assert want_passages is None or passages == want_passages, text


def test_codebook_counts_link_to_exactly_their_passages(as_user, viewer, project, study):
    client = as_user(viewer)
    content = page(client, "interviews:codebook", project)
    assert len(LINK.findall(content)) == 5  # four themes, and knelpunten also with its subtheme
    assert_each_link_shows_its_count(client, content)


@pytest.mark.parametrize(
    "query",
    [
        "by=stakeholder_group",
        "by=year",
        "by=municipality",
        "by=year&coder={coder}",
        "by=municipality&stakeholder_group=jgz",
    ],
)
def test_themes_by_characteristic_cells_link_to_exactly_their_passages(as_user, viewer, project, coder, study, query):
    client = as_user(viewer)
    content = page(client, "interviews:analysis_attribute", project, query.format(coder=coder.pk))
    assert_each_link_shows_its_count(client, content)


def test_the_missing_group_links_to_the_interviews_without_a_value(as_user, viewer, project, study):
    client = as_user(viewer)
    content = page(client, "interviews:analysis_attribute", project, "by=year")
    unknown = [href for href, _ in LINK.findall(content) if "group=onbekend" in href]
    assert unknown  # interview E (no year) has personeelstekort
    response = client.get(html.unescape(unknown[0]))
    assert [p.interview.title for p in response.context["passages"]] == ["Interview E"]


@pytest.mark.parametrize("query", ["indicator=coalitie-t", "indicator=gewicht-t", "indicator=gewicht-t&thresholds=5,5"])
def test_themes_by_indicator_cells_link_to_exactly_their_passages(as_user, viewer, project, study, query):
    client = as_user(viewer)
    assert_each_link_shows_its_count(client, page(client, "interviews:analysis_indicator", project, query))


def test_trend_cells_link_to_exactly_their_passages(as_user, viewer, project, study):
    client = as_user(viewer)
    assert_each_link_shows_its_count(client, page(client, "interviews:analysis_trends", project, "indicator=gewicht-t"))


@pytest.mark.parametrize("per", ["municipality", "interview"])
def test_joint_display_cells_link_to_exactly_their_passages(as_user, viewer, project, study, per):
    client = as_user(viewer)
    content = page(client, "interviews:analysis_joint", project, f"per={per}&level=alle")
    assert_each_link_shows_its_count(client, content)


def test_cooccurrence_cells_link_to_exactly_their_passages(as_user, viewer, project, study):
    """Same interview: the cell counts interviews; overlap: pairs of passages, which in this study (no
    passage overlaps two others) is the number of passages of the row's theme the link shows."""
    client = as_user(viewer)
    content = page(client, "interviews:analysis_cooccurrence", project)
    tables = content.split("<caption>")
    overlap, same = followed(client, tables[1]), followed(client, tables[2])
    assert [(int(text), passages) for text, passages, _ in overlap] == [(p, p) for _, p, _ in overlap]
    assert [(int(text), interviews) for text, _, interviews in same] == [(i, i) for _, _, i in same]


@pytest.mark.parametrize(
    "query",
    [
        "interview=0",
        "interview=99999999999999999999999",
        "interview=abc",
        "with_theme=-1",
        "with_theme=99999999999999999999",
        "together=<script>",
        "by=variable:999",
        "group=" + "x" * 300,
        "indicator=bestaat-niet&group=ja",
        "thresholds=abc&indicator=gewicht-t&group=x",
        "quantiles=7",
    ],
)
def test_bad_count_filters_are_said_and_ignored_never_a_500(as_user, viewer, themes, study, query):
    response = as_user(viewer).get(
        reverse("interviews:theme_passages", args=["ks-test", themes["samenwerking"].pk]) + "?" + query
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
