"""Transcript files → canonical text and speaker turns (pure functions, no database)."""

import codecs
import hashlib
import io
import unicodedata

import pytest

from interviews.transcripts.text import TURN_LABEL, TranscriptError, decode, find_turns, normalise, read_text

WORD = "coördinatie"


@pytest.mark.parametrize(
    "data",
    [
        WORD.encode("utf-8"),
        codecs.BOM_UTF8 + WORD.encode("utf-8"),
        WORD.encode("cp1252"),
        WORD.encode("utf-16"),  # Word's "Unicode text" (with a BOM)
    ],
)
def test_coordinatie_survives_every_accepted_encoding(data):
    assert normalise(decode(data)) == WORD


def test_windows_1252_punctuation_is_read_as_such():
    assert decode("‘zorg’ – “kraam” €5".encode("cp1252")) == "‘zorg’ – “kraam” €5"


def test_utf8_with_a_broken_byte_is_refused_rather_than_garbled():
    with pytest.raises(TranscriptError, match="UTF-8"):
        decode(WORD.encode("utf-8") + b" \xff einde")


def test_bytes_undefined_in_windows_1252_are_refused():
    with pytest.raises(TranscriptError, match="niet te lezen"):
        decode(b"co\x81rdinatie")


@pytest.mark.parametrize("data", [b"", b"  \r\n\t "])
def test_empty_file_is_refused(data):
    with pytest.raises(TranscriptError, match="leeg"):
        decode(data)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",  # a .docx is a zip
    ],
)
def test_binary_file_is_refused(data):
    with pytest.raises(TranscriptError, match="binaire inhoud"):
        decode(data)


def test_line_endings_become_newlines():
    assert normalise("a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_word_line_and_page_breaks_become_newlines_not_a_binary_verdict():
    data = "I: Eén\x0btwee\x0c\n".encode("cp1252") * 12
    assert normalise(decode(data)).startswith("I: Eén\ntwee\n\nI: Eén")


def test_unicode_line_separators_become_newlines():
    assert normalise("a\u2028b\u2029c") == "a\nb\nc"


def test_decomposed_accent_becomes_composed():
    decomposed = unicodedata.normalize("NFD", WORD)
    assert len(decomposed) == len(WORD) + 1
    assert normalise(decomposed) == WORD


def test_bom_and_trailing_white_space_are_dropped():
    assert normalise("\ufeffInterviewer: Hallo \n\n") == "Interviewer: Hallo"


def test_text_of_only_a_bom_is_refused():
    with pytest.raises(TranscriptError, match="geen tekst"):
        normalise(decode(codecs.BOM_UTF8 + b"\r\n"))


def test_read_text_gives_canonical_text_and_hash_of_the_bytes():
    data = codecs.BOM_UTF8 + "I: Hoe gaat de coo\u0308rdinatie?\r\nR1: Goed.\r\n".encode("utf-8")
    text, sha256 = read_text(io.BytesIO(data))
    assert text == "I: Hoe gaat de coördinatie?\nR1: Goed."
    assert sha256 == hashlib.sha256(data).hexdigest()


def assert_turns(text, expected):
    turns = find_turns(text)
    assert [(speaker, text[start:end]) for start, end, speaker in turns] == expected
    assert all(text[start:end].startswith(f"{speaker}:") for start, end, speaker in turns)


def test_turns_with_full_labels():
    text = "Interviewer: Hoe gaat het?\nWethouder: Goed.\nDe coördinatie loopt.\n\nInterviewer: Mooi."
    assert_turns(
        text,
        [
            ("Interviewer", "Interviewer: Hoe gaat het?"),
            ("Wethouder", "Wethouder: Goed.\nDe coördinatie loopt."),
            ("Interviewer", "Interviewer: Mooi."),
        ],
    )


def test_turns_with_short_labels_and_numbered_respondents():
    text = "I: Wie bent u?\nR1: Verloskundige.\nR2: Jeugdarts.\nI: Dank u."
    assert_turns(
        text, [("I", "I: Wie bent u?"), ("R1", "R1: Verloskundige."), ("R2", "R2: Jeugdarts."), ("I", "I: Dank u.")]
    )


def test_turns_with_time_stamps_start_at_the_stamp():
    text = "[00:12:03] Anna de Vries: Welkom.\n[00:12:09] Piet: Dank je.\n(00:13) Anna de Vries: Eerste vraag."
    turns = find_turns(text)
    assert [speaker for _, _, speaker in turns] == ["Anna de Vries", "Piet", "Anna de Vries"]
    assert [text[start:end] for start, end, _ in turns] == text.split("\n")
    assert text[turns[1][0] :].startswith("[00:12:09] Piet:")
    assert all(TURN_LABEL.match(text, start) for start, _, _ in turns)


def test_text_before_the_first_label_is_not_a_turn():
    text = "Transcript interview 3, Utrecht\n\nI: Eerste vraag?\nR: Antwoord."
    assert [text[s:e] for s, e, _ in find_turns(text)] == ["I: Eerste vraag?", "R: Antwoord."]


def test_a_sentence_with_a_colon_is_not_a_speaker():
    text = "I: Wat is het knelpunt?\nR: Het probleem is: geld.\nHet grootste probleem is: personeel.\nI: Dank u."
    assert [speaker for _, _, speaker in find_turns(text)] == ["I", "R", "I"]


def test_a_recurring_name_of_several_words_is_a_speaker():
    text = "Jan de Vries: Hallo.\nInterviewer: Dag.\nJan de Vries: Tot ziens."
    assert [speaker for _, _, speaker in find_turns(text)] == ["Jan de Vries", "Interviewer", "Jan de Vries"]


def test_offsets_are_code_points_with_emoji_and_accents():
    text = "I: 🤝 coördinatie?\nR: Ja 👍"
    (s1, e1, _), (s2, e2, _) = find_turns(text)
    assert text[s1:e1] == "I: 🤝 coördinatie?" and text[s2:e2] == "R: Ja 👍"


def test_text_without_labels_has_no_turns():
    assert find_turns("Een verslag zonder sprekers.\nTweede regel.") == []
