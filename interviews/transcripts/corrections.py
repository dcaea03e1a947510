"""A correction of a coded transcript, worked out before anything is locked or stored: the new text made
canonical, where every passage lands (text_edits.py), and the new text's speaker turns and sentences.
models.TextVersion.correct stores it."""

from monitor.models import Municipality

from .. import pseudonyms
from ..models import Segment
from ..text_edits import Carrier, Edit
from .segments import segments
from .text import find_turns, labels_in, normalise


def prepare(interview, new_text):
    """(Edit, (turns, sentences)) for replacing the interview's text by `new_text`; TranscriptError (Dutch) when
    the new text is empty."""
    new = normalise(new_text)
    passages = interview.passages.order_by("pk").values_list("pk", "start", "end", "text")
    edit = Edit.between(interview.text, new, list(passages))
    return edit, segments(new, new_turns(interview, edit))


def new_turns(interview, edit):
    """The new text's turns (start, end, speaker, time_start, time_end). Turns found from "Naam:" labels are
    found again in the new text (a label added or removed makes or ends a turn), with the time in the label
    ("[00:12:34] Naam:"), else that of the old turn that started at the same words; turns a reader found otherwise
    (a subtitle file's cues) are carried along."""
    carrier = Carrier(edit.changes)
    stored = list(
        interview.segments.filter(kind=Segment.Kind.TURN)
        .order_by("start")
        .values_list("start", "end", "speaker", "time_start", "time_end")
    )
    if stored and [row[:3] for row in stored] != [tuple(turn) for turn in find_turns(edit.old)]:
        carried = [(carrier.carry(s, "start"), carrier.carry(e, "end"), *rest) for s, e, *rest in stored]
        return [turn for turn in carried if turn[0] < turn[1]]
    times = {carrier.carry(s, "start"): (t0, t1) for s, _e, _who, t0, t1 in stored if t0 is not None}
    stamped = {start: ms for start, (_who, ms, _end) in labels_in(edit.new).items() if ms is not None}
    return [
        (s, e, speaker, stamped[s], None) if s in stamped else (s, e, speaker, *times.get(s, (None, None)))
        for s, e, speaker in find_turns(edit.new)
    ]


def pseudonymised(interview):
    """(the interview's text with the project's pseudonymisation applied, its proposals): names from the
    project's list, person names, e-mail addresses, phone numbers, postcodes, BSN and IBAN (pseudonyms.py)."""
    names = list(interview.project.pseudonym_names.values_list("name", "replacement"))
    places = list(Municipality.objects.values_list("name", flat=True))  # never taken for a surname
    proposals = pseudonyms.propose(interview.text, names, places)
    return pseudonyms.apply(interview.text, proposals)[0], proposals


def key_lines(interview, new_text):
    """The key of a pseudonymisation saved as a correction: the proposals for the old text whose words the new
    text no longer holds (a replacement the researcher undid in the text box is no key line)."""
    _text, proposals = pseudonymised(interview)
    replaced = [p for p in proposals if p["original"] not in new_text]
    return pseudonyms.key_lines(replaced)
