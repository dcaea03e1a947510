"""Recordings beside a transcript: what kind of media a file is, judged by its contents (the container's magic
bytes, read by the `filetype` library), never by its name; and one byte range of a stored file for a player
that seeks (HTTP Range, RFC 9110 §14)."""

import re

import filetype

# filetype's name for a container → (MIME type the browser gets, audio or video). M4A is an MP4 container with
# an audio brand; an Ogg holds Vorbis or Opus.
KINDS = {
    "mp3": ("audio/mpeg", "audio"),
    "m4a": ("audio/mp4", "audio"),
    "wav": ("audio/wav", "audio"),
    "ogg": ("audio/ogg", "audio"),
    "opus": ("audio/ogg", "audio"),
    "mp4": ("video/mp4", "video"),
    "webm": ("video/webm", "video"),
}
ALLOWED = "mp3, m4a, wav, ogg (Vorbis of Opus), mp4, webm"
RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class RecordingError(ValueError):
    """A file that is not a recording we can play (said in Dutch)."""


def recognise(file):
    """(extension, MIME type, "audio" or "video") of an uploaded file object, judged by its first bytes."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    found = filetype.guess(head)
    if found is None or found.extension not in KINDS:
        seen = f" (het lijkt een {found.extension}-bestand)" if found else ""
        raise RecordingError(
            f"Dit bestand is geen geluids- of video-opname die de app kan afspelen{seen}. "
            f"Toegestaan: {ALLOWED}. De bestandsnaam telt niet: de inhoud wordt bekeken."
        )
    mime, kind = KINDS[found.extension]
    return found.extension, mime, kind


def byte_range(header, size):
    """(first, last) byte of a single `Range: bytes=…` header within a file of `size` bytes; None for no (or a
    multi-part) range: the whole file; ValueError when it cannot be satisfied (answered 416)."""
    match = RANGE.fullmatch((header or "").strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        first, last = max(0, size - int(last)), size - 1
    else:
        first, last = int(first), min(int(last) if last else size - 1, size - 1)
    if first >= size or first > last:
        raise ValueError(f"bytes */{size}")
    return first, last
