"""Carrying passages through a correction of the transcript (interviews/text_edits.py): random edits over random
passages, emoji and CRLF included, never break `text[start:end] == passage text`, and a passage the edit did not
touch keeps exactly its words."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviews.text_edits import Carrier, Change, Edit, TooManyChanges, changes
from interviews.transcripts.text import normalise

ALPHABET = st.sampled_from(list("ab c\n.é🤝") + ["\r\n", "oe", "ij"])
TEXT = st.lists(ALPHABET, min_size=1, max_size=60).map("".join).filter(lambda t: t.strip())


@st.composite
def edited(draw):
    """(old text, new text, passages as (id, start, end, text) in the old text)."""
    old = normalise(draw(TEXT))
    new = old
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(new)))
        end = draw(st.integers(start, min(len(new), start + 8)))
        new = new[:start] + draw(st.lists(ALPHABET, max_size=6).map("".join)) + new[end:]
    new = normalise(new) if new.strip() else "x"
    spans = draw(st.lists(st.tuples(st.integers(0, len(old) - 1), st.integers(1, 10)), max_size=8))
    passages = [(i, s, min(len(old), s + n), old[s : min(len(old), s + n)]) for i, (s, n) in enumerate(spans)]
    return old, new, passages


@settings(max_examples=400, deadline=None)
@given(edited())
def test_every_passage_covers_its_new_text_and_an_untouched_one_its_old_words(case):
    old, new, passages = case
    edit = Edit.between(old, new, passages)
    assert len(edit.landings) == len(passages)
    for landing, (_pk, start, end, text) in zip(edit.landings, passages):
        if landing.lost:
            assert landing.new_text == ""
            continue
        assert 0 <= landing.start < landing.end <= len(new)
        assert new[landing.start : landing.end] == landing.new_text
        touched = any(c.start < end and c.end > start or start < c.start < end for c in edit.changes)
        if not touched:
            assert landing.new_text == text


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_the_changes_rebuild_the_new_text_from_the_old(a, b):
    old, new = normalise(a), normalise(b)
    rebuilt, at = [], 0
    for change in changes(old, new):
        rebuilt += [old[at : change.start], new[change.new_start : change.new_end]]
        at = change.end
    assert "".join(rebuilt) + old[at:] == new


def test_a_typo_fixed_inside_a_passage_keeps_it_and_asks_for_a_review():
    old = "Wethouder: Er is een personeelstekrot 🤝 bij de jgz. Verder gaat het goed."
    new = old.replace("personeelstekrot", "personeelstekort").replace("Verder", "Voor de rest")
    start = old.index("een personeelstekrot")
    later = old.index("gaat het goed")
    edit = Edit.between(
        old, new, [(1, start, start + 20, old[start : start + 20]), (2, later, later + 13, "gaat het goed")]
    )
    first, second = edit.landings
    assert first.new_text == "een personeelstekort" and first.changed
    assert second.new_text == "gaat het goed" and not second.changed and second.start == new.index("gaat het goed")
    assert edit.shown_changes(8) == [
        ("is een ", "personeelstekrot", "personeelstekort", " 🤝 bij"),  # context cut to whole words
        ("jgz. ", "Verder", "Voor de rest", " gaat"),
    ]


def test_text_inserted_at_a_passages_edge_stays_outside_and_a_deleted_passage_is_lost():
    old = "een twee drie vier"
    new = "een extra twee drie"  # "extra " before "twee", " vier" gone
    passages = [(1, 4, 8, "twee"), (2, 14, 18, "vier"), (3, 4, 13, "twee drie")]
    edit = Edit.between(old, new, passages)
    twee, vier, both = edit.landings
    assert (twee.new_text, twee.changed) == ("twee", False)
    assert vier.lost and [landing.passage_id for landing in edit.lost] == [2]
    assert both.new_text == "twee drie" and not both.changed


def test_a_word_inserted_at_a_position_is_outside_either_edge_and_a_letter_widens_to_its_word():
    carrier = Carrier(changes("een twee", "een nog twee"))
    assert carrier.carry(4, "start") == 8 and carrier.carry(4, "end") == 4
    assert changes("ab cd", "aXb cd") == [Change(0, 2, 0, 3)]


def test_a_diff_that_runs_out_of_time_is_refused_rather_than_swallowing_the_passages(monkeypatch):
    import interviews.text_edits as text_edits

    monkeypatch.setattr(text_edits, "DIFF_SECONDS", 0.0)  # any diff takes longer than no time at all
    with pytest.raises(TooManyChanges, match="Corrigeer de tekst in delen"):
        changes("een twee drie", "een vier drie")
