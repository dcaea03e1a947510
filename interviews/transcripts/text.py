"""Transcript files → canonical text (NFC, `\\n`, no BOM) and the speaker turns in it.

Pure functions over bytes, strings and file objects; no Django.
"""

import codecs
import hashlib
import re
import unicodedata
from collections import Counter

ENCODINGS = ("utf-8-sig", "cp1252")

# Bytes that never occur in a text file but do in Office files, images, archives and executables.
# (Vertical tab and form feed do occur: Word writes them for manual line and page breaks.)
BINARY_CONTROL = set(range(0, 9)) | (set(range(14, 32)) - {26, 27})

# Line breaks other than \n: Word's manual line break (VT), page break (FF), Unicode's separators.
OTHER_BREAKS = re.compile("\r\n|[\r\x0b\x0c\u2028\u2029]")

# UTF-8 for ë, ö, é… (C3 xx) and for ‘ ’ “ ” – … (E2 80 xx). Read as Windows-1252 these become
# "Ã«" or "â€™", which no Dutch text contains: a file holding them is UTF-8 with a few broken bytes.
UTF8_MARKERS = re.compile(rb"\xc3[\x80-\xbf]|\xe2\x80[\x80-\xbf]")

# "Interviewer:", "I:", "R1:", "Naam Achternaam:", "[00:12:03] Naam:", "00:12 - Naam:" at a line's start.
TURN_LABEL = re.compile(
    r"^(?P<time>[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?[ \t]*(?:[-–][ \t]*)?)?"
    r"(?P<speaker>[A-ZÀ-ÖØ-Þ][\w.'’\- ]{0,38}?\d*)[ \t]*:(?=\s|$)",
    re.MULTILINE,
)


class TranscriptError(ValueError):
    """A file that cannot become an interview; the message is for the researcher."""


def decode(data):
    """Bytes → str: UTF-16 with a BOM, UTF-8 (with or without BOM), else Windows-1252.

    Refuses empty and binary files, and files mixing UTF-8 with another encoding (decoding those
    as Windows-1252 would silently turn "coördinatie" into "coÃ¶rdinatie").
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TranscriptError("Dit bestand begint als UTF-16 maar is beschadigd.") from None
    if not data.strip():
        raise TranscriptError("Het bestand is leeg.")
    if b"\x00" in data[:8192] or sum(b in BINARY_CONTROL for b in data[:8192]) > 8:
        raise TranscriptError("Dit lijkt geen tekstbestand (binaire inhoud). Sla het transcript op als .txt.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if UTF8_MARKERS.search(data):
            raise TranscriptError(
                f"Dit bestand is grotendeels UTF-8, maar bevat ongeldige tekens (vanaf byte {error.start}). "
                "Open het in een teksteditor en sla het opnieuw op als UTF-8."
            ) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise TranscriptError("De tekens in dit bestand zijn niet te lezen als UTF-8 of Windows-1252.") from None


def normalise(text):
    """Canonical text: no BOM, `\\n` for every line break, Unicode NFC, no trailing white space at the end."""
    text = OTHER_BREAKS.sub("\n", text.lstrip("\ufeff"))
    text = unicodedata.normalize("NFC", text).rstrip()
    if not text.strip():
        raise TranscriptError("Het bestand bevat geen tekst.")
    return text


def read_text(file):
    """A text file object (binary mode) → (canonical text, sha256 of the bytes)."""
    data = file.read()
    return normalise(decode(data)), hashlib.sha256(data).hexdigest()


def find_turns(text):
    """Speaker turns as (start, end, speaker): from one label at a line's start to the next label.

    Text before the first label is not a turn. Offsets are code points; end excludes the
    newline that separates turns. A label of several words ("Het probleem is:") only counts when
    it has a time stamp or occurs at least twice, so a sentence with a colon does not start a turn.
    """
    found = list(TURN_LABEL.finditer(text))
    seen = Counter(m.group("speaker").strip() for m in found)
    labels = [
        m
        for m in found
        if m.group("time") or " " not in m.group("speaker").strip() or seen[m.group("speaker").strip()] > 1
    ]
    turns = []
    for label, following in zip(labels, labels[1:] + [None]):
        end = following.start() if following else len(text)
        while end > label.start() and text[end - 1] in "\n \t":
            end -= 1
        if end > label.start():
            turns.append((label.start(), end, label.group("speaker").strip()))
    return turns


def label_time(stamp):
    """ "[00:12:03] " or "12:03 - " → milliseconds; None without a stamp."""
    if not stamp:
        return None
    parts = [int(p) for p in re.findall(r"\d+", stamp)]
    while len(parts) < 3:
        parts.insert(0, 0)
    hours, minutes, seconds = parts[-3:]
    return ((hours * 60 + minutes) * 60 + seconds) * 1000


def label_spans(text):
    """(start, end) of each speaker label ("[00:12:03] Naam:") that opens a turn find_turns sees."""
    return [(start, TURN_LABEL.match(text, start).end()) for start, _end, _speaker in find_turns(text)]


def labels_in(text):
    """The turns find_turns sees in plain text, with the time of a "[00:12:03] Naam:" label."""
    found = {}
    for start, _end, speaker in find_turns(text):
        stamp = TURN_LABEL.match(text, start).group("time")
        found[start] = (speaker, label_time(stamp), None)
    return found


def clean_line(line):
    return unicodedata.normalize("NFC", OTHER_BREAKS.sub("\n", line)).rstrip()


def join_paragraphs(paragraphs):
    """(speaker or None, text, ms, ms) per paragraph → (text, labelled). A speaker's paragraph gets a
    "Naam: " label in the text, so every format reads the same; other labels are found as in plain text."""
    lines, labelled, offset = [], {}, 0
    for speaker, body, time_start, time_end in paragraphs:
        body = clean_line(body).strip()
        if not body and not speaker:
            continue
        line = f"{clean_line(speaker).strip()}: {body}".rstrip() if speaker else body
        if speaker:
            labelled[offset] = (clean_line(speaker).strip(), time_start, time_end)
        lines.append(line)
        offset += len(line) + 1
    text = "\n".join(lines).rstrip()
    return text, {**labels_in(text), **labelled}


# HTML elements that end a line of text: an HTML transcript and a Taguette document are read with the same set.
BLOCK_ELEMENTS = frozenset(
    "p div br li tr h1 h2 h3 h4 h5 h6 dt dd blockquote section article header footer pre table ul ol caption hr".split()
)
