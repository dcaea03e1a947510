"""Transcript files → canonical text (NFC, `\\n`, no BOM) and the speaker turns in it.

Pure functions over bytes, strings and file objects; no Django.
"""

import hashlib
import re
import unicodedata

ENCODINGS = ("utf-8-sig", "cp1252")

# Bytes that never occur in a text file but do in Office files, images, archives and executables.
BINARY_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) - {26, 27}

# "Interviewer:", "I:", "R1:", "Naam Achternaam:", "[00:12:03] Naam:" at the start of a line.
TURN_LABEL = re.compile(
    r"^(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?\)?\]?\s*)?"
    r"(?P<speaker>[A-ZÀ-Þ][\w.'’\- ]{0,38}?\d*)\s*:(?=\s|$)",
    re.MULTILINE,
)


class TranscriptError(ValueError):
    """A file that cannot become an interview; the message is for the researcher."""


def decode(data):
    """Bytes → str: UTF-8 (with or without BOM), else Windows-1252. Refuses binary and empty files."""
    if not data.strip():
        raise TranscriptError("Het bestand is leeg.")
    if b"\x00" in data[:8192] or sum(b in BINARY_CONTROL for b in data[:8192]) > 8:
        raise TranscriptError("Dit lijkt geen tekstbestand (binaire inhoud). Sla het transcript op als .txt.")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TranscriptError("De tekens in dit bestand zijn niet te lezen als UTF-8 of Windows-1252.")


def normalise(text):
    """Canonical text: no BOM, `\\n` line endings, Unicode NFC, no trailing white space at the end."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
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
    newline that separates turns.
    """
    labels = list(TURN_LABEL.finditer(text))
    turns = []
    for label, following in zip(labels, labels[1:] + [None]):
        end = following.start() if following else len(text)
        while end > label.start() and text[end - 1] in "\n ":
            end -= 1
        if end > label.start():
            turns.append((label.start(), end, label.group("speaker").strip()))
    return turns
