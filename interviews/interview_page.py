"""The interview page's drawing (transcript, passage list, passage data for the script), cached per state.

Drawing 500 passages over a 20,000-word transcript takes tens of milliseconds, and the page is opened
far more often than its coding changes. A drawing is stored with a digest of everything it is made
from: the text, each passage's span, coder (and name), memo, star and themes, the themes' names,
colours and order, the speaker turns, the coder filter and whether star buttons are drawn. These are
read on every request (a few values() queries), and the drawing is used only when the digest is the
same: any write to any of them, by whatever code path, draws again, so a stale drawing is never served.
Nothing in the drawing depends on who looks at it except the star buttons (writers only) and a blind coding
round, in which a coder is drawn only their own passages (the view hands over the passages the reader may see;
the digest covers them).

The drawings live in Django's cache (settings.CACHES): each worker's memory by default, or one Redis that every
app server shares (REDIS_URL), so a page drawn on one server is served from the cache on the others. A cache that
is down costs a drawing, never an error or a stale page (cached()).
"""

import hashlib
import json
import pickle
from collections import namedtuple
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse

from .cache_calls import cached
from .highlights import marks, passage_list_html, runs, to_html
from .spans import Offsets
from .versions import passage_version, text_digest

VERSION = 3  # part of the key: raise it when the drawing's markup changes
TIMEOUT = 60 * 60
_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


Coder = namedtuple("Coder", "username name")


@dataclass
class Drawing:
    transcript_html: str
    list_html: str
    passages_json: str  # the passages for the script, escaped for a <script> element
    count: int  # passages shown
    word_count: int
    text_digest: str = ""  # of the text drawn: an open page sees in the live feed that it was corrected
    drawn: bool = False  # True when this request drew it (False: it came from the cache)


def script_json(value):
    """JSON text safe inside <script type="application/json"> (as Django's json_script escapes it)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    for char, escaped in _SCRIPT_ESCAPES:
        text = text.replace(char, escaped)
    return text


def passage_data(drawn, offsets):
    """What the script needs of each passage; it cuts the text from the transcript and knows the coders'
    names from the page's "coders"."""
    return [
        {
            "id": m.pk,
            "start16": offsets.to_utf16(m.start),
            "end16": offsets.to_utf16(m.end),
            "themes": [t.pk for t in m.theme_list],
            "coder": m.coder,
            "memo": m.memo,
            "starred": m.starred,
            "v": passage_version(m.start, m.end, m.memo, m.starred, [t.pk for t in m.theme_list]),
        }
        for m in drawn
    ]


def _draw(interview, themes, passages, codings, turns, star_url):
    offsets = Offsets(interview.text)
    drawn = marks(passages, codings, themes, interview.text)
    return Drawing(
        transcript_html=to_html(runs(interview.text, drawn, interview.turn_labels(offsets, turns))),
        list_html=passage_list_html(drawn, star_url),
        passages_json=script_json(passage_data(drawn, offsets)),
        count=len(drawn),
        word_count=len(interview.text.split()),
        text_digest=text_digest(interview.text),
    )


def draw(interview, themes, coder_name=None, star_url=None, visible=None):
    """(drawing, coders, chosen coder or None) for the interview page. themes: the project's in codebook
    order; coder_name: show only this coder's passages; star_url: the star endpoint ("__P__" for the
    passage id) when the viewer may star, else None; visible: the passages the reader may see
    (Passage.objects.visible_to), all of the interview's when None."""
    passages, codings = (interview.passages.all() if visible is None else visible).drawing_rows()
    names = {(row[3], row[4], row[5]) for row in passages}
    coders = sorted(Coder(username, f"{first} {last}".strip() or username) for username, first, last in names)
    coder = next((c for c in coders if c.username == coder_name), None)
    if coder is not None:
        passages = [row for row in passages if row[3] == coder.username]
    turns = interview.turn_spans()
    shown = coder.username if coder else ""
    state = (
        VERSION,
        interview.pk,
        interview.text,
        [(t.pk, t.name, t.colour) for t in themes],
        turns,
        shown,
        star_url,
        passages,
        codings,
    )
    digest = hashlib.blake2b(pickle.dumps(state), digest_size=20).digest()
    # One entry per interview and view of it, holding the digest of the state it was drawn from: a change
    # replaces the entry instead of adding one, so the cache holds no drawings that can no longer be shown.
    key = f"interview-page:{interview.pk}:{shown}:{int(bool(star_url))}"
    found = cached(cache.get, key)
    if found is not None and found[0] == digest:
        return found[1], coders, coder
    drawing = _draw(interview, themes, passages, codings, turns, star_url)
    cached(cache.set, key, (digest, drawing), TIMEOUT)
    drawing.drawn = True  # not stored: the page says whether it was drawn or taken from the cache
    return drawing, coders, coder


def player_json(interview, recording, sync_url=None):
    """What the recording's player needs, as JSON safe inside <script>: the file's URL and type, and every
    speaker turn with its span (UTF-16, as the script counts) and time (ms, or None when not known yet);
    sync_url: where "hier" sets a turn's time (None for viewers)."""
    offsets = Offsets(interview.text)
    turns = interview.segments.filter(kind="turn").order_by("start")
    return script_json(
        {
            "url": reverse("interviews:recording_file", args=[interview.project.slug, interview.pk])
            + f"?v={recording.pk}",
            "mime": recording.mime,
            "kind": recording.kind,
            "sync": sync_url,
            "turns": [
                {
                    "id": pk,
                    "start16": offsets.to_utf16(start),
                    "end16": offsets.to_utf16(end),
                    "speaker": speaker,
                    "ms": ms,
                }
                for pk, start, end, speaker, ms in turns.values_list("pk", "start", "end", "speaker", "time_start")
            ],
        }
    )
