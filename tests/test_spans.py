import pytest

from interviews.spans import EMPTY_SELECTION, MISSING_SIDE, Offsets, word_context

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
    start, end = offsets.span(start16, end16, "utf16")
    assert BABY[start:end] == "👶 en 🤝"


def test_offsets_before_and_after_the_text_clamp_to_it():
    offsets = Offsets(BABY)
    assert offsets.to_codepoint(-7, "start") == 0
    assert offsets.to_codepoint(10_000, "end") == len(BABY)
    assert offsets.to_utf16(10_000) == utf16_len(BABY)


@pytest.mark.parametrize("unit", ["codepoint", "utf16"])
def test_a_selection_outside_the_text_is_refused_in_dutch_never_clamped(unit):
    offsets = Offsets(BABY)
    length = len(BABY) if unit == "codepoint" else utf16_len(BABY)
    for start, end in [(-3, 4), (4, length + 1), (500, 600)]:
        with pytest.raises(ValueError, match=f"De selectie {start}–{end} valt buiten de tekst \\(0–{length}\\)"):
            offsets.span(start, end, unit)
    assert offsets.span(0, length, unit) == (0, len(BABY))


@pytest.mark.parametrize("unit", ["codepoint", "utf16"])
def test_an_empty_or_reversed_selection_is_refused_in_dutch(unit):
    offsets = Offsets(BABY)
    for start, end in [(5, 5), (8, 3), (0, 0)]:
        with pytest.raises(ValueError, match=EMPTY_SELECTION):
            offsets.span(start, end, unit)


def test_an_empty_selection_inside_an_emoji_is_refused_not_widened_to_the_emoji():
    offsets, baby = Offsets(BABY), BABY.index("👶")
    inside = offsets.to_utf16(baby) + 1
    with pytest.raises(ValueError, match=EMPTY_SELECTION):
        offsets.span(inside, inside, "utf16")


def test_a_side_left_out_stays_where_the_passage_has_it():
    offsets, baby = Offsets(BABY), BABY.index("👶")
    assert offsets.span(None, 12, "codepoint", current=(2, 8)) == (2, 12)
    assert offsets.span(offsets.to_utf16(baby) + 1, None, "utf16", current=(2, 16)) == (baby, 16)
    with pytest.raises(ValueError, match=EMPTY_SELECTION):
        offsets.span(None, 2, "codepoint", current=(2, 8))  # the end moved onto the start
    with pytest.raises(ValueError, match=MISSING_SIDE):
        offsets.span(3, None, "utf16")


def test_the_unit_must_be_codepoint_or_utf16():
    with pytest.raises(ValueError):
        Offsets(BABY).span(1, 3, "bytes")


def test_without_astral_characters_both_units_agree_across_accents_and_paragraphs():
    text = "Cafe\u0301 en coo\u0308rdinatie.\n\nWethouder: goed."
    offsets = Offsets(text)
    for start, end in [(0, 5), (3, 4), (4, 5), (10, len(text)), (0, len(text))]:
        assert offsets.span(start, end, "utf16") == offsets.span(start, end, "codepoint") == (start, end)


def test_half_of_one_emoji_still_selects_the_whole_emoji():
    offsets, baby = Offsets(BABY), BABY.index("👶")
    first = offsets.to_utf16(baby)
    assert offsets.span(first, first + 1, "utf16") == (baby, baby + 1)
    assert offsets.span(first + 1, first + 2, "utf16") == (baby, baby + 1)


def test_combining_accents_stay_separate_code_points():
    text = "Cafe\u0301 en coo\u0308rdinatie"  # NFD: the accents are their own code points
    offsets = Offsets(text)
    start, end = offsets.span(0, 5, "utf16")
    assert text[start:end] == "Cafe\u0301" and end == 5


def test_a_selection_over_paragraphs_keeps_its_newlines():
    text = "Interviewer: Hoe?\n\nWethouder: Goed 👶!\nEn verder."
    offsets = Offsets(text)
    start = text.index("Hoe")
    end = text.index("verder") + len("verder")
    assert offsets.span(offsets.to_utf16(start), offsets.to_utf16(end), "utf16") == (start, end)
    assert text[start:end].count("\n") == 3


def test_flags_and_zwj_sequences_keep_exact_offsets():
    offsets = Offsets(FLAG_FAMILY)
    family = FLAG_FAMILY.index("👨")
    start16 = offsets.to_utf16(family)
    end16 = start16 + utf16_len("👨‍👩‍👧")
    start, end = offsets.span(start16, end16, "utf16")
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
