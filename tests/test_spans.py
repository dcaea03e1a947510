import pytest

from interviews.spans import EMPTY_SELECTION, Offsets, word_context

BABY = "Zorg voor 👶 en 🤝 samen."  # two astral characters, each two UTF-16 units
FLAG_FAMILY = "Vlag 🇳🇱 en gezin 👨‍👩‍👧 hier."  # a flag is 2 code points, the ZWJ family 5


def utf16_len(text):
    return len(text.encode("utf-16-le")) // 2


def test_utf16_offsets_agree_with_an_utf16_encoding_at_every_code_point():
    for text in (BABY, FLAG_FAMILY, "e\u0301n café", "a\n\nb 👶\n🤝"):
        offsets = Offsets(text)
        for cp in range(len(text) + 1):
            assert offsets.to_utf16(cp) == utf16_len(text[:cp]), (text, cp)


def test_code_points_round_trip_through_utf16():
    offsets = Offsets(FLAG_FAMILY)
    for cp in range(len(FLAG_FAMILY) + 1):
        for side in ("start", "end"):
            assert offsets.to_codepoint(offsets.to_utf16(cp), side) == cp


def test_an_offset_inside_a_surrogate_pair_snaps_outward():
    offsets, baby = Offsets(BABY), BABY.index("👶")
    inside = offsets.to_utf16(baby) + 1
    assert offsets.to_codepoint(inside, "start") == baby
    assert offsets.to_codepoint(inside, "end") == baby + 1


def test_a_selection_cutting_both_emoji_in_half_keeps_them_whole():
    offsets = Offsets(BABY)
    start16, end16 = offsets.to_utf16(BABY.index("👶")) + 1, offsets.to_utf16(BABY.index("🤝")) + 1
    start, end = offsets.span_from_utf16(start16, end16)
    assert BABY[start:end] == "👶 en 🤝"


def test_offsets_before_and_after_the_text_clamp_to_it():
    offsets = Offsets(BABY)
    assert offsets.to_codepoint(-7, "start") == 0
    assert offsets.to_codepoint(10_000, "end") == len(BABY)
    assert offsets.to_utf16(10_000) == utf16_len(BABY)
    assert offsets.span_from_utf16(-3, 4) == (0, 4)


def test_an_empty_or_reversed_selection_is_refused_in_dutch():
    offsets = Offsets(BABY)
    for start16, end16 in [(5, 5), (8, 3), (500, 600)]:
        with pytest.raises(ValueError, match=EMPTY_SELECTION):
            offsets.span_from_utf16(start16, end16)


def test_half_of_one_emoji_still_selects_the_whole_emoji():
    offsets, baby = Offsets(BABY), BABY.index("👶")
    first = offsets.to_utf16(baby)
    assert offsets.span_from_utf16(first, first + 1) == (baby, baby + 1)
    assert offsets.span_from_utf16(first + 1, first + 2) == (baby, baby + 1)


def test_combining_accents_stay_separate_code_points():
    text = "Cafe\u0301 en coo\u0308rdinatie"  # NFD: the accents are their own code points
    offsets = Offsets(text)
    start, end = offsets.span_from_utf16(0, 5)
    assert text[start:end] == "Cafe\u0301" and end == 5


def test_a_selection_over_paragraphs_keeps_its_newlines():
    text = "Interviewer: Hoe?\n\nWethouder: Goed 👶!\nEn verder."
    offsets = Offsets(text)
    start = text.index("Hoe")
    end = text.index("verder") + len("verder")
    assert offsets.span_from_utf16(offsets.to_utf16(start), offsets.to_utf16(end)) == (start, end)
    assert text[start:end].count("\n") == 3


def test_flags_and_zwj_sequences_keep_exact_offsets():
    offsets = Offsets(FLAG_FAMILY)
    family = FLAG_FAMILY.index("👨")
    start16 = offsets.to_utf16(family)
    end16 = start16 + utf16_len("👨‍👩‍👧")
    start, end = offsets.span_from_utf16(start16, end16)
    assert FLAG_FAMILY[start:end] == "👨‍👩‍👧"


def test_side_must_be_start_or_end():
    with pytest.raises(ValueError):
        Offsets(BABY).to_codepoint(1, "middle")


def test_context_drops_words_cut_by_the_window():
    before, after, before_cut, after_cut = word_context("xxmiddel woorden ", " na afloop", 16)
    assert (before, before_cut) == ("woorden ", True)
    assert (after, after_cut) == (" na afloop", False)
    before, after, _, after_cut = word_context("", " een lang woord", 11)
    assert (after, after_cut) == (" een lang", True)


def test_context_keeps_a_window_that_starts_on_a_word_boundary():
    assert word_context(" heel woord", "", 10)[0] == "heel woord"
    assert word_context("zonderspaties", "", 5)[0] == ""
