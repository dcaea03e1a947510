"""Lemma search over the token index, keyword in context, and coding hits by match, sentence or turn."""

import pytest

from interviews.models import Coding, Interview, Origin, Passage
from interviews.tasks import analyse_later
from interviews.textsearch import (
    Hit,
    SearchError,
    add_context,
    code_hits,
    filter_coded,
    find,
    index_interview,
    index_missing,
    interviews_to_search,
    parse_query,
    place_url,
    sort_hits,
)
from interviews.textsearch import search as run_search
from interviews.transcripts.pipeline import create_interview


@pytest.fixture
def indexed(interview):
    index_interview(interview)
    return interview


@pytest.fixture
def second(project):
    """An interview made as uploads make them: turns come with it, tokens from the task it leaves."""
    interview = create_interview(
        project,
        "Groningen, JGZ",
        "Interviewer: En de gemeenten?\nJGZ: De gemeente betaalt. Gemeenten twijfelen.",
        year=2021,
        stakeholder_group="jgz",
    )
    analyse_later([interview])
    return interview


def search(text, interviews, by_lemma=True):
    return find(parse_query(text, by_lemma), interviews)


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "Typ een woord"),
        ("   ", "Typ een woord"),
        ("de het en", "stopwoorden"),
        ("gemeente*", "jokertekens"),
        ("^gem.+$", "reguliere expressies"),
        ("[a-z]+", "jokertekens"),
        ("?!", "geen woorden"),
        ("gem.?", "jokertekens"),
        ("een twee drie vier vijf zes zeven acht negen", "hoogstens 8"),
    ],
)
def test_bad_queries_get_a_clear_message(query, message):
    with pytest.raises(SearchError, match="(?i)" + message):
        parse_query(query)


def test_query_words_are_lemmas_or_lower_case_forms():
    assert parse_query("Gemeenten").words == ("gemeente",)
    assert parse_query("Gemeenten", by_lemma=False).words == ("gemeenten",)
    assert parse_query("de gemeente").words == ("de", "gemeente")  # a stop word inside a phrase is fine


def test_the_analysis_of_a_new_interview_builds_the_token_index(second):
    tokens = list(second.tokens.values_list("lower", "lemma"))
    assert ("gemeenten", "gemeente") in tokens and ("betaalt", "betalen") in tokens
    assert not any(lower in {".", "?", ":"} for lower, _ in tokens)  # punctuation is not indexed


def test_index_missing_indexes_only_interviews_without_tokens(indexed, second, project):
    bare = Interview.objects.create(project=project, title="Zonder index", text="Gemeenten overleggen.")
    assert index_missing(project.interviews.all()) == 1
    assert bare.tokens.count() == 2 and indexed.tokens.count() > 10


def test_lemma_search_finds_every_form(indexed, second, project):
    hits = search("gemeente", project.interviews.all())
    assert [second.text[h.start : h.end] for h in hits] == ["gemeenten", "gemeente", "Gemeenten"]
    assert [indexed.text[h.start : h.end] for h in search("verloskundige", project.interviews.all())] == [
        "verloskundigen"
    ]


def test_word_search_finds_only_that_form(second, project):
    hits = search("gemeenten", project.interviews.all(), by_lemma=False)
    assert [second.text[h.start : h.end] for h in hits] == ["gemeenten", "Gemeenten"]


def test_phrase_search_needs_the_words_in_a_row_within_a_sentence(indexed, project):
    hits = search("de financiering", project.interviews.all())
    assert [indexed.text[h.start : h.end] for h in hits] == ["de financiering"]
    assert search("financiering dat", project.interviews.all()) == []  # "financiering?\nWethouder: Dat"
    assert search("samenwerking coalitie", project.interviews.all()) == []


def test_search_is_limited_to_the_chosen_interviews(indexed, second, project):
    assert {h.interview_id for h in search("gemeente", project.interviews.filter(year=2021))} == {second.pk}


def test_keyword_in_context_lines_and_sorting(indexed, second, project):
    interviews = project.interviews.all()
    hits = add_context(search("gemeente", interviews), interviews, width=12)
    assert (hits[1].left, hits[1].match, hits[1].right) == ("… De ", "gemeente", " betaalt. …")
    assert hits[0].title == "Groningen, JGZ"
    assert [h.match for h in sort_hits(hits, "right")] == ["gemeenten", "gemeente", "Gemeenten"]
    assert [h.match for h in sort_hits(hits, "left")][0] == "Gemeenten"  # left of it: "betaalt."


def test_place_url_points_at_the_hit(second, project):
    hit = add_context(search("betalen", project.interviews.all()), project.interviews.all())[0]
    url = place_url(project.slug, hit)
    assert url.startswith(f"/p/{project.slug}/interviews/{second.pk}/?at={hit.start}-{hit.end}#:~:text=")
    assert url.endswith(",betaalt")


def test_filter_coded_keeps_hits_inside_or_outside_coded_passages(indexed, passage, project):
    hits = search("coalitie", project.interviews.all()) + search("financiering", project.interviews.all())
    coded = Passage.objects.coded_with([passage.codings.get().tag_id])
    assert [indexed.text[h.start : h.end] for h in filter_coded(hits, coded, True)] == ["coalitie"]
    assert [indexed.text[h.start : h.end] for h in filter_coded(hits, coded, False)] == ["financiering"]


@pytest.mark.parametrize(
    "unit, expected",
    [
        ("match", ["gemeente", "Gemeenten"]),
        ("sentence", ["De gemeente betaalt.", "Gemeenten twijfelen."]),
        ("turn", ["JGZ: De gemeente betaalt. Gemeenten twijfelen."]),
    ],
)
def test_code_hits_codes_the_chosen_unit_for_the_coder(second, project, coder, themes, unit, expected):
    interviews = project.interviews.all()
    hits = [h for h in search("gemeente", interviews) if h.start > second.text.index("JGZ:")]
    assert code_hits(hits, interviews, themes["financiering"], coder, unit) == len(expected)
    passages = Passage.objects.filter(interview=second).order_by("start")
    assert [p.text for p in passages] == expected
    assert all(p.coder == coder for p in passages)
    assert set(Coding.objects.filter(content_object__in=passages).values_list("origin", "tag")) == {
        (Origin.SEARCH, themes["financiering"].pk)
    }


def test_coding_a_hit_twice_makes_no_second_passage(second, project, coder, themes):
    interviews = project.interviews.all()
    hits = search("gemeente", interviews)
    code_hits(hits, interviews, themes["financiering"], coder, "turn")
    code_hits(hits, interviews, themes["financiering"], coder, "turn")
    assert Passage.objects.filter(interview=second).count() == 2  # the question's turn and the answer's
    assert Coding.objects.filter(content_object__interview=second).count() == 2


def test_a_turnless_text_codes_the_sentence_for_turn(project, coder, themes):
    plain = create_interview(project, "Zonder sprekers", "Eerst dit. Dan de gemeenten hier.")
    analyse_later([plain])
    hits = search("gemeente", project.interviews.all())
    code_hits(hits, project.interviews.all(), themes["samenwerking"], coder, "turn")
    assert list(plain.passages.values_list("text", flat=True)) == ["Dan de gemeenten hier."]


def test_hit_key_names_interview_and_span():
    assert Hit(3, 10, 18, 0).key == "3:10:18"


def test_a_sentence_unit_leaves_out_a_timed_speaker_label(project, coder, themes):
    timed = create_interview(project, "Met tijden", "[00:00:12] Verloskundige: Gemeenten betalen mee.")
    analyse_later([timed])
    code_hits(
        search("gemeente", project.interviews.all()),
        project.interviews.all(),
        themes["financiering"],
        coder,
        "sentence",
    )
    assert list(timed.passages.values_list("text", flat=True)) == ["Gemeenten betalen mee."]


def test_code_hits_codes_only_the_hits_whose_keys_are_given(second, project, coder, themes):
    interviews = project.interviews.all()
    hits = search("gemeente", interviews)
    chosen = {hits[-1].key, "999:1:2"}  # a key that is no hit of this search codes nothing
    assert code_hits(hits, interviews, themes["financiering"], coder, "match", keys=chosen) == 1
    assert list(Passage.objects.filter(interview=second).values_list("text", flat=True)) == ["Gemeenten"]


def test_search_reads_the_filtered_interviews_and_sorts_by_title(second, indexed, project):
    query = parse_query("gemeente")
    assert {h.interview_id for h in run_search(query, interviews_to_search(project, year=2021))} == {second.pk}
    assert interviews_to_search(project, label="geen-label").count() == 0
    hits = run_search(query, project.interviews.all())
    assert [h.title for h in hits] == sorted((h.title for h in hits), key=str.casefold) and hits[0].title
