"""The Dutch pipeline: sentences in code points, and lemmas with the fallback for what the lookup misses."""

import pytest

from interviews import nlp

# (form, expected lemma): plurals, inflections and compounds the lookup table alone gets wrong.
EXPECTED_LEMMAS = [
    ("gemeenten", "gemeente"),
    ("verloskundigen", "verloskundige"),
    ("jeugdverpleegkundigen", "jeugdverpleegkundige"),
    ("kraamverzorgenden", "kraamverzorgende"),
    ("huisartsen", "huisarts"),
    ("wethouders", "wethouder"),
    ("partners", "partner"),
    ("medewerkers", "medewerker"),
    ("wijkteams", "wijkteam"),
    ("kraamzorgorganisaties", "kraamzorgorganisatie"),
    ("financieringen", "financiering"),
    ("impulsgelden", "impulsgeld"),
    ("zorgtaken", "zorgtaak"),
    ("jeugdverpleegkundige", "jeugdverpleegkundige"),
    ("budgetten", "budget"),
    ("gemeentelijke", "gemeentelijk"),
    ("samengewerkt", "samenwerken"),
    ("kinderen", "kind"),
    ("baby's", "baby"),
    # what the lookup table knows stays as it says
    ("gefinancierd", "financieren"),
    ("subsidies", "subsidie"),
    ("ging", "gaan"),
    # lemmas and words without a known lemma stay as they are
    ("gemeente", "gemeente"),
    ("financiering", "financiering"),
    ("xyzzyen", "xyzzyen"),
]


@pytest.mark.parametrize("form, lemma", EXPECTED_LEMMAS)
def test_dutch_lemma_reaches_the_lemma(form, lemma):
    assert nlp.dutch_lemma(form) == lemma


@pytest.mark.parametrize("form, lemma", EXPECTED_LEMMAS)
def test_a_lemma_is_its_own_lemma(form, lemma):
    assert nlp.dutch_lemma(lemma) == lemma


def test_fallback_only_accepts_words_in_the_lookup_vocabulary():
    lexicon = nlp.lexicon()
    assert not lexicon.knows("gemeenten") and lexicon.knows("gemeente")
    assert nlp.dutch_lemma("blorpen") == "blorpen"  # "blorp" is no Dutch word, so nothing is cut off


def test_pipeline_is_built_once_and_lemmatizes_in_context():
    assert nlp.pipeline() is nlp.pipeline()
    assert "lemmatizer" in nlp.pipeline().pipe_names
    assert [t.lemma_ for t in nlp.pipeline()("De gemeenten werkten samen.")] == [
        "de",
        "gemeente",
        "werken",
        "samen",
        ".",
    ]


def test_sentence_spans_are_code_points_and_never_cross_a_line():
    text = "Interviewer: Hoe gaat het? 🤝 Goed!\n\nWethouder: De coördinatie loopt. Ja"
    spans = nlp.sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Interviewer: Hoe gaat het?",
        "🤝 Goed!",
        "Wethouder: De coördinatie loopt.",
        "Ja",
    ]


def test_sentence_spans_of_empty_text():
    assert nlp.sentence_spans("") == [] and nlp.sentence_spans("\n \n") == []


def test_tokens_point_into_the_text_with_emoji_and_accents():
    text = "🤝 De coördinatie met verloskundigen.\nZij zorgen."
    rows = list(nlp.tokens(text))
    assert all(text[start:end].lower() == lower for start, end, lower, _lemma, _s in rows)
    by_word = {lower: (lemma, sentence) for _s, _e, lower, lemma, sentence in rows}
    assert by_word["verloskundigen"] == ("verloskundige", 0)
    assert by_word["zij"][1] == 1
