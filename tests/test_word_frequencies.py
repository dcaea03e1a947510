"""Word frequencies on lemmas (interviews/word_frequencies.py): counted by hand on a small interview, and the
keyness statistic against published figures."""

import math
from importlib import import_module

import pytest
from conftest import code_phrase
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from round_study import *  # noqa: F403 (the fixtures blind and coby)

from interviews import word_frequencies as words
from interviews.models import Interview
from interviews.selection import Selection
from interviews.textsearch import index_interview

# The lookup lemmatizer gives: kinderen → kind, verloskundigen → verloskundige; de, en, het, over, in are
# spaCy stop words; 2021 has no letter; "Wethouder:" is a speaker label, not counted; the words below are.
TEXT = (
    "Wethouder: De kinderen en het kind krijgen zorg. De verloskundigen bellen de verloskundige over de zorg in 2021."
)


@pytest.fixture
def talk(project, owner):
    interview = Interview.objects.create(project=project, title="Klein gesprek", text=TEXT, created_by=owner)
    index_interview(interview)
    return interview


def span(interview, phrase):
    start = TEXT.index(phrase)
    return (interview.pk, start, start + len(phrase))


def counts(result):
    return {row.lemma: row.count for row in result.rows}


def test_the_whole_text_counts_lemmas_without_stop_words_or_numbers(talk):
    result = words.frequencies([(talk.pk, 0, len(TEXT))], words.stop_words())
    # By hand: 17 words (punctuation and the speaker label are not counted), of which de ×4, en, het, over, in
    # (stop words) and 2021 (no letter) are left out: 8 counted. Most frequent first, ties alphabetical.
    assert result.words == 17 and result.counted == 8
    assert [(row.lemma, row.count) for row in result.rows] == [
        ("kind", 2),
        ("verloskundige", 2),
        ("zorg", 2),
        ("bellen", 1),
        ("krijgen", 1),
    ]
    assert result.rows[0].share == pytest.approx(100 * 2 / 8)


def test_a_lemma_shows_its_most_frequent_form_the_first_alphabetically_on_a_tie(talk):
    rows = {row.lemma: row for row in words.frequencies([(talk.pk, 0, len(TEXT))], set()).rows}
    assert rows["kind"].form == "kind"  # kinderen 1, kind 1: a tie
    assert rows["verloskundige"].form == "verloskundige"  # verloskundigen 1, verloskundige 1
    assert rows["de"].count == 4 and rows["de"].form == "de"  # without stop words "de" counts


def test_overlapping_spans_count_each_word_once(talk):
    one = span(talk, "De kinderen en het kind krijgen zorg")
    other = span(talk, "kind krijgen zorg. De verloskundigen")
    result = words.frequencies([one, other, one], words.stop_words())
    assert counts(result) == {"kind": 2, "krijgen": 1, "zorg": 1, "verloskundige": 1}


def test_a_span_that_cuts_a_word_leaves_that_word_out(talk):
    start = TEXT.index("kinderen") + 3
    result = words.frequencies([(talk.pk, start, TEXT.index("zorg") + 2)], words.stop_words())
    assert counts(result) == {"kind": 1, "krijgen": 1}  # "deren" and "zo" are no words of the index


def test_the_project_list_adds_and_removes_stop_words(talk):
    stop = words.stop_words(added="zorg\nBellen, wethouder", removed="de")
    assert "zorg" in stop and "bellen" in stop and "de" not in stop
    result = words.frequencies([(talk.pk, 0, len(TEXT))], stop)
    assert counts(result) == {"de": 4, "kind": 2, "verloskundige": 2, "krijgen": 1}


def test_spans_of_two_interviews_add_up(talk, project, owner):
    other = Interview.objects.create(project=project, title="Tweede", text="Zorg voor kinderen.", created_by=owner)
    index_interview(other)
    result = words.frequencies([(talk.pk, 0, len(TEXT)), (other.pk, 0, 19)], words.stop_words())
    assert counts(result)["kind"] == 3 and counts(result)["zorg"] == 3


def test_a_theme_counts_the_passages_of_its_subthemes(talk, coder, themes):
    code_phrase(talk, coder, "De kinderen en het kind", themes["knelpunten"])
    code_phrase(talk, coder, "de verloskundige over de zorg", themes["personeelstekort"])
    code_phrase(talk, coder, "krijgen zorg", themes["financiering"])
    corpus, everything = words.theme_corpora(Selection(talk.project), themes["knelpunten"])
    found = counts(words.frequencies(corpus.span_list(), words.stop_words()))
    assert found == {"kind": 2, "verloskundige": 1, "zorg": 1}
    result = words.analyse(corpus, everything, words.stop_words(), compare=True)
    assert counts(result.rest) == {"krijgen": 1, "zorg": 1}


def test_a_stakeholder_group_counts_its_coded_passages_or_its_whole_texts(talk, coder, themes):
    Interview.objects.filter(pk=talk.pk).update(stakeholder_group="gemeente")
    code_phrase(talk, coder, "krijgen zorg", themes["financiering"])
    passages, _ = words.group_corpora(Selection(talk.project), "gemeente", "gemeente")
    whole, _ = words.group_corpora(Selection(talk.project), "gemeente", "gemeente", whole_text=True)
    assert counts(words.table(passages.forms(), words.stop_words())) == {"krijgen": 1, "zorg": 1}
    assert words.table(whole.forms(), words.stop_words()).counted == 8


def test_a_coder_in_a_blind_round_counts_only_what_they_may_see(project, coder, blind, themes):
    index_interview(blind["cees"].interview)
    selection = Selection(project)
    seen, _ = words.theme_corpora(selection.seen_by(coder), themes["samenwerking"])
    everything, _ = words.theme_corpora(selection, themes["samenwerking"])
    assert "coby" not in counts(words.frequencies(seen.span_list(), words.stop_words()))
    assert counts(words.frequencies(everything.span_list(), words.stop_words()))["coby"] == 1


# --- keyness ---


def test_log_likelihood_matches_the_ucrel_calculators_worked_example():
    """Lancaster University's UCREL log-likelihood wizard (Rayson; ucrel.lancs.ac.uk/llwizard.html) explains its
    output with a word seen 52 times in a corpus of 50,000 words and 57 times in one of 75,000: "Word 52 0.10
    57 0.08 + 2.65" (LL to two decimals, more frequent in corpus 1), not significant (< 3.84)."""
    (key,) = words.keyness({"word": 52}, {"word": 57}, 50_000, 75_000)
    assert round(key.g2, 2) == 2.65 and key.more_in_group
    assert round(100 * 52 / 50_000, 2) == 0.10 and round(100 * 57 / 75_000, 2) == 0.08
    # p: the χ²(1) upper tail of 2.6528, just above 0.10 (whose critical value is 2.706), so not significant
    assert key.p == pytest.approx(0.1034, abs=5e-5) and key.p > 0.05
    # Hardie's log ratio by hand: log2((52/50000) / (57/75000)) = log2(1.3684) = 0.4525
    assert key.log_ratio == pytest.approx(0.4525, abs=1e-4)


def test_a_word_absent_from_the_rest_gets_a_finite_g2_and_log_ratio():
    # By hand: E1 = 1000·10/2000 = 5, G² = 2·10·ln(10/5) = 13.863 (the b·ln(b/E2) term of a zero count is 0);
    # log ratio with 0.5 for the zero: log2((10/1000) / (0.5/1000)) = log2(20) = 4.3219.
    (key,) = words.keyness({"wachtlijst": 10}, {}, 1000, 1000)
    assert key.g2 == pytest.approx(20 * math.log(2)) and key.rest == 0
    assert key.log_ratio == pytest.approx(math.log2(20))
    assert key.p < 0.001


def test_keys_are_sorted_by_g2_and_say_where_a_word_is_more_frequent():
    keys = words.keyness({"kind": 40, "zorg": 10, "geld": 1}, {"kind": 40, "zorg": 10, "geld": 60})
    assert [k.lemma for k in keys][0] == "geld" and not keys[0].more_in_group
    assert all(a.g2 >= b.g2 for a, b in zip(keys, keys[1:]))
    assert words.keyness({"kind": 1}, {}) == []  # an empty rest: nothing to compare with


def test_stop_word_lists_are_checked_for_size_length_and_letters():
    assert words.parse_words("Zorg\nzorg, geld;  kind") == ["zorg", "geld", "kind"]
    assert words.word_problems(["zo’n", "'t", "twee-delig"]) == []
    assert words.word_problems([f"w{n}" for n in range(2001)])  # too many (and digits)
    assert words.word_problems(["a" * 51])
    assert words.word_problems(["=som()"])


def test_kept_counts_follow_a_corrected_and_reindexed_text(talk, owner):
    from interviews.models import TextVersion
    from interviews.transcripts import corrections

    whole = [(talk.pk, 0, len(TEXT))]
    assert words.form_counts(whole)["kind", "kinderen"] == 1
    with CaptureQueriesContext(connection) as queries:
        assert words.form_counts(whole)["kind", "kinderen"] == 1  # the same, from the cache
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]], "the words are not counted again"
    edit, segments = corrections.prepare(talk, TEXT.replace("De kinderen", "De zwangere"))  # as long: same span
    TextVersion.correct(talk, edit, segments, owner, "kinderen waren zwangeren")
    talk.refresh_from_db()
    index_interview(talk)
    again = words.form_counts(whole)
    assert again["kind", "kinderen"] == 0 and sum(n for (_lemma, form), n in again.items() if form == "zwangere") == 1


def test_speaker_labels_are_not_words_of_the_text_but_a_speakers_name_in_a_sentence_is(project, owner):
    from interviews.models import Token

    text = "[00:00:05] Interviewer: Wat doet de wethouder?\n\n[00:00:09] Wethouder: De wethouder betaalt."
    interview = Interview.objects.create(project=project, title="Labels", text=text, created_by=owner)
    index_interview(interview)
    labelled = list(Token.objects.filter(interview=interview, label=True).values_list("lower", flat=True))
    assert labelled == ["00:00:05", "interviewer", "00:00:09", "wethouder"]
    result = words.frequencies([(interview.pk, 0, len(text))], words.stop_words())
    assert counts(result) == {"wethouder": 2, "betalen": 1}
    # An index built before labels were marked gets them from migration 0015.
    Token.objects.filter(interview=interview).update(label=False)
    mark_labels = import_module("interviews.migrations.0015_word_index_start_and_grid_query").mark_labels
    mark_labels(django_apps, None)
    assert list(Token.objects.filter(interview=interview, label=True).values_list("lower", flat=True)) == labelled
