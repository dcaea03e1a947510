"""Person names found without a model: Faker's Dutch first names, tussenvoegsels, a capitalised surname."""

import pytest

from interviews.pseudonyms import person_names, propose

PLACES = ["Den Haag", "Utrecht", "Ede", "Den Helder"]


def names(text, places=PLACES):
    return [text[start:end] for start, end in person_names(text, places)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ik heb dat met Jan de Vries van het wijkteam besproken.", ["Jan de Vries"]),
        ("Fatima el Amrani belde me later terug.", ["Fatima el Amrani"]),
        ("Toen kwam Mohammed Yilmaz erbij, de kraamverzorgende.", ["Mohammed Yilmaz"]),
        ("Daar zat ook Sanne van der Berg-Smit bij.", ["Sanne van der Berg-Smit"]),
        ("Mevrouw Jansen-de Boer van de GGD was er.", ["Jansen-de Boer"]),
        ("Ik heb dhr. van Dijk gebeld en mw. Smit gemaild.", ["van Dijk", "Smit"]),
        ("Dat zei Daan ook al, en Lotte was het eens.", ["Daan", "Lotte"]),
        ("Anne: Wat vindt u daarvan?", ["Anne"]),
    ],
)
def test_dutch_person_names_are_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In Den Haag loopt het consultatiebureau goed.",
        "Het Centrum voor Jeugd en Gezin in Den Helder werkt samen met de Verloskundigen.",
        "Ben je daar ook geweest? Lieve mensen doen dat werk.",
        "Max. twee afspraken per week. Roos is een bloem.",
        "Samenwerking Kansrijke Start Utrecht is een coalitie.",
        "De wijkverpleegkundige Belt Niet Meer Terug.",
        "jan de vries schreef het in kleine letters",
    ],
)
def test_capitalised_words_places_and_name_like_words_are_not_names(text):
    assert names(text) == []


def test_a_first_name_before_a_place_keeps_the_place():
    assert names("Emma Utrecht is mijn collega niet, Emma wel.") == ["Emma", "Emma"]


def test_a_name_does_not_run_over_a_line_break():
    assert names("Interviewer: Sprak u Jan\nde Vries nog?") == ["Jan"]


def test_person_names_are_proposed_as_naam_and_the_projects_list_wins_a_tie():
    text = "Ik sprak Jan de Vries en Emma Bakker."
    proposals = propose(text, [("Emma Bakker", "[R2]")], PLACES)
    assert [(p["kind"], p["original"], p["replacement"]) for p in proposals] == [
        ("person", "Jan de Vries", "[naam]"),
        ("name", "Emma Bakker", "[R2]"),
    ]
    assert all(text[p["start"] : p["end"]] == p["original"] for p in proposals)


def test_offsets_are_code_points_after_emoji_and_accents():
    text = "Coördinatie 👍 met Noël? Nee: met Chloë de Wit."
    assert [text[s:e] for s, e in person_names(text)] == ["Chloë de Wit"]
