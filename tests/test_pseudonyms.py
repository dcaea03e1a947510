"""Pseudonymisation proposals and their application to the text and its turns."""

import pytest

from interviews.pseudonyms import apply, key_lines, passes_eleven_test, passes_mod97, propose

TEXT = (
    "Jansen: Mail me op piet.jansen@ggd.nl of bel 06-12345678 of +31 30 123 4567.\n"
    "R1: Ik woon op 3511 AB, BSN 111222333, IBAN NL91 ABNA 0417 1643 00. Ook 123456789 en NL91ABNA0417164301."
)


def found(text, names=()):
    return [(p["kind"], p["original"], p["replacement"]) for p in propose(text, names)]


@pytest.mark.parametrize(
    "digits, valid",
    [("111222333", True), ("123456782", True), ("123456789", False), ("000000000", False), ("12345678", False)],
)
def test_the_eleven_test_decides_what_is_a_bsn(digits, valid):
    assert passes_eleven_test(digits) is valid


@pytest.mark.parametrize(
    "iban, valid",
    [
        ("NL91ABNA0417164300", True),
        ("NL91 ABNA 0417 1643 00", True),
        ("NL91ABNA0417164301", False),
        ("DE89370400440532013000", True),
    ],
)
def test_mod97_decides_what_is_an_iban(iban, valid):
    assert passes_mod97(iban) is valid


def test_everything_detected_is_proposed_in_order_and_invalid_numbers_are_not():
    assert found(TEXT, [("Jansen", "[R2]")]) == [
        ("name", "Jansen", "[R2]"),
        ("email", "piet.jansen@ggd.nl", "[e-mail]"),
        ("phone", "06-12345678", "[telefoon]"),
        ("phone", "+31 30 123 4567", "[telefoon]"),
        ("postcode", "3511 AB", "[postcode]"),
        ("bsn", "111222333", "[BSN]"),
        ("iban", "NL91 ABNA 0417 1643 00", "[IBAN]"),
    ]


def test_names_match_whole_words_ignoring_case_and_the_longest_wins():
    text = "Piet Jansen en mevrouw jansen, niet Jansenius."
    assert found(text, [("Jansen", "[R2]"), ("Piet Jansen", "[R1]")]) == [
        ("name", "Piet Jansen", "[R1]"),
        ("name", "jansen", "[R2]"),
    ]


def test_applying_replaces_accepted_proposals_and_moves_turns_along():
    proposals = propose(TEXT, [("Jansen", "[R2]")])
    proposals[2]["skip"] = True  # keep the first phone number
    proposals[1]["replacement"] = "[mail R2]"
    first_line = TEXT.index("\n")
    new, turns = apply(TEXT, proposals, [(0, first_line, "Jansen"), (first_line + 1, len(TEXT), "R1")])
    assert new == (
        "[R2]: Mail me op [mail R2] of bel 06-12345678 of [telefoon].\n"
        "R1: Ik woon op [postcode], BSN [BSN], IBAN [IBAN]. Ook 123456789 en NL91ABNA0417164301."
    )
    assert [new[start:end] for start, end, _ in turns] == new.split("\n")


def test_a_span_boundary_inside_a_replacement_moves_to_its_edge():
    text = "Zeg Piet Jansen maar."
    proposals = propose(text, [("Piet Jansen", "[R1]")])
    new, spans = apply(text, proposals, [(4, 8, "inside"), (9, 21, "from inside")])
    assert new == "Zeg [R1] maar." and spans == [(4, 8, "inside"), (4, 14, "from inside")]


def test_the_key_lists_each_accepted_replacement_once():
    proposals = propose("Jansen en Jansen, 06-12345678", [("Jansen", "[R2]")])
    proposals[-1]["skip"] = True
    assert key_lines(proposals) == [("Jansen", "[R2]", "name")]
