"""The theme summary's counts and quote choice, and its Markdown, on the study of tests/report_study.py."""

import pytest
from django.http import QueryDict
from report_study import build

from interviews.forms.analysis import AnalysisFilterForm
from interviews.forms.reports import SummaryForm
from interviews.models import PseudonymName
from interviews.summary import Quote, build_summary, choose_quotes, letters, spread
from interviews.summary_files import summary_markdown


@pytest.fixture
def study(project, themes, coder, owner):
    return build(project, themes, coder, owner)


def summarise(project, query=""):
    filters = AnalysisFilterForm(QueryDict(query), project=project)
    options = SummaryForm(QueryDict(query), project=project)
    assert filters.is_valid() and options.is_valid(), (filters.errors, options.errors)
    return build_summary(options.selection(filters), options.cleaned_data["quotes"])


def by_name(summary):
    return {item.theme.name: item for item in summary.themes}


def test_summary_counts_passages_and_interviews_per_group_and_year(project, study):
    item = by_name(summarise(project))["samenwerking"]
    assert (item.passages, item.interviews) == (5, 3)
    assert item.by_group == [("gemeente", 2, 1), ("verloskundige", 1, 1), ("jeugdgezondheidszorg", 2, 1)]
    assert item.by_year == [(2021, 4, 2), (2022, 1, 1)]
    assert item.counts_text == "5 passages in 3 interviews."


def test_summary_lists_themes_in_codebook_order_with_subtree_counts(project, study):
    summary = summarise(project)
    assert [t.theme.name for t in summary.themes] == ["samenwerking", "knelpunten", "personeelstekort", "financiering"]
    knelpunten = by_name(summary)["knelpunten"]
    assert (knelpunten.passages, knelpunten.tree_passages, knelpunten.tree_interviews) == (0, 1, 1)
    assert by_name(summary)["samenwerking"].tree_passages is None  # no subthemes: no subtree counts
    assert summary.interview_count == 4


def test_starred_quotes_come_first_then_one_per_group(project, study):
    cases, passages = study
    quotes = by_name(summarise(project, "quotes=3"))["samenwerking"].quotes
    assert [q.passage_id for q in quotes] == [passages[4].pk, passages[0].pk, passages[5].pk]
    assert quotes[0].starred and not quotes[1].starred
    assert quotes[1].attribution == "Interview A · gemeente · Utrecht · 2021"
    assert quotes[1].text == "De coördinatie met de verloskundigen loopt goed."


def test_every_starred_passage_is_quoted_even_beyond_the_number_asked(project, study):
    cases, passages = study
    quotes = by_name(summarise(project, "quotes=0"))["samenwerking"].quotes
    assert [q.passage_id for q in quotes] == [passages[4].pk]


def test_quote_choice_is_the_same_every_time_and_spreads_over_interviews_within_a_group():
    groups = {1: "gemeente", 2: "gemeente", 3: "jgz"}
    candidates = [(10, 1, 0, 0), (11, 1, 0, 50), (12, 2, 1, 0), (13, 3, 2, 0)]  # interviews A, B, C by title
    assert spread(candidates, groups, 3) == [10, 13, 12]  # gemeente, jgz, then B before A's second
    assert spread(list(reversed(candidates)), groups, 3) == [10, 13, 12]
    labels = {1: ("A", "gemeente", "", 2021), 2: ("B", "gemeente", "", 2021), 3: ("C", "jgz", "", 2021)}
    assert choose_quotes([(11, 1, True, 50), (10, 1, False, 0), (13, 3, False, 0)], labels, 2) == [11, 10]


def test_filters_and_chosen_themes_narrow_the_summary(project, study, themes):
    summary = summarise(project, f"stakeholder_group=jgz&themes={themes['samenwerking'].pk}")
    assert [t.theme.name for t in summary.themes] == ["samenwerking"]
    item = summary.themes[0]
    assert (item.passages, item.interviews, item.by_group) == (2, 1, [("jeugdgezondheidszorg", 2, 1)])
    assert summary.filters == "stakeholdergroep: jeugdgezondheidszorg"


def test_coder_filter_counts_only_that_coders_passages(project, study, owner):
    item = by_name(summarise(project, f"coder={owner.pk}"))["samenwerking"]
    assert (item.passages, [q.text for q in item.quotes]) == (1, ["Het budget <script>alert(1)</script> is op."])


def test_pseudonyms_hide_titles_and_places_using_the_projects_list(project, study):
    PseudonymName.objects.create(project=project, name="Utrecht", replacement="[Gemeente A]")
    quotes = by_name(summarise(project, "pseudonymise=on&quotes=5"))["samenwerking"].quotes
    attributions = {q.attribution for q in quotes}
    assert "Interview 1 · gemeente · [Gemeente A] · 2021" in attributions
    # the others by CBS code, skipping the list's letter: Groningen (GM0014) B, Amsterdam (GM0363) C
    assert "Interview 3 · verloskundige · Gemeente B · 2022" in attributions
    assert "Interview 2 · jeugdgezondheidszorg · Gemeente C · 2021" in attributions
    assert not any("Utrecht" in a or "Amsterdam" in a for a in attributions)
    filtered = by_name(summarise(project, "pseudonymise=on&stakeholder_group=jgz"))["samenwerking"].quotes
    assert {q.attribution for q in filtered} == {"Interview 2 · jeugdgezondheidszorg · Gemeente C · 2021"}


def test_theme_memos_are_in_the_summary(project, study):
    assert [m.title for m in by_name(summarise(project))["samenwerking"].memos] == ["Rode draad"]


def test_markdown_escapes_markup_and_keeps_accents(project, study):
    text = summary_markdown(summarise(project))
    assert "> Het budget \\<script\\>alert(1)\\</script\\> is op." in text
    assert "De coördinatie" in text and "## samenwerking" in text and "### personeelstekort" in text
    assert "| jeugdgezondheidszorg | 2 | 1 |" in text
    assert "Zonder filters. 4 interviews." in text


def test_letters_count_like_spreadsheet_columns():
    assert [letters(n) for n in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_an_attribution_says_each_part_once():
    def attribution(title, group="verloskundige", place="Amsterdam", year=2022):
        return Quote(1, "tekst", title, group, place, year, "cees", False).attribution

    assert attribution("Amsterdam — verloskundige") == "Amsterdam — verloskundige · 2022"
    assert attribution("Interview 3") == "Interview 3 · verloskundige · Amsterdam · 2022"
    assert attribution("Amsterdam-Noord gesprek") == "Amsterdam-Noord gesprek · verloskundige · Amsterdam · 2022"
    assert (
        attribution("Gesprek 2022 verloskundigen", place="", year=None) == "Gesprek 2022 verloskundigen · verloskundige"
    )
