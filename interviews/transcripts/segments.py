"""The segments of a transcript: its speaker turns (from the labels in the text, or as a reader found them)
and its sentences (spaCy, see nlp.py), each with the speaker of its turn; Interview.add_segments stores them."""

import bisect

from ..nlp import pipeline, sentence_spans
from .text import TURN_LABEL, find_turns


def sentence_segments(text, turns):
    """(start, end, speaker) of each sentence (spaCy, see nlp.py); a sentence that opens a turn starts
    after its "Naam:" label, and has the speaker of the turn it is in."""
    nlp = pipeline()
    sentence_pipes = [name for name in ("senter", "sentencizer", "parser") if name in nlp.pipe_names]
    with nlp.select_pipes(enable=sentence_pipes):  # lemmas are not needed here, and cost twice the time
        spans = sentence_spans(text)
    starts = [turn[0] for turn in turns]
    for start, end in spans:
        i = bisect.bisect_right(starts, start) - 1
        turn = turns[i] if i >= 0 and start < turns[i][1] else None
        if turn and start == turn[0]:
            label = TURN_LABEL.match(text, start)
            start = (
                label.end() if label else start + len(turn[2]) + 1 if text.startswith(turn[2] + ":", start) else start
            )
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            yield start, end, turn[2] if turn else ""


def segments(text, turns=None, sentences=None):
    """(turns, sentences) of a canonical text: turns as readers.read_transcript gives them,
    (start, end, speaker, time_start_ms, time_end_ms), found in the text when None; sentences
    (sentence_segments) made when None."""
    if turns is None:
        turns = [(start, end, speaker, None, None) for start, end, speaker in find_turns(text)]
    if sentences is None:
        sentences = list(sentence_segments(text, turns))
    return turns, sentences


def add_segments(interview):
    """Store the turns and sentences of an interview that has none (an imported project's)."""
    interview.add_segments(*segments(interview.text))
