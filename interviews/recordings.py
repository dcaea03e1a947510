"""Recordings beside a transcript: what kind of media a file is, judged by its contents (the container's magic
bytes, read by the `filetype` library), never by its name; and one byte range of a stored file for a player
that seeks (HTTP Range, RFC 9110 §14)."""

import re

import filetype
import mutagen
from django.utils.translation import gettext as _

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
RANGE = re.compile(r"bytes=(\d{0,15})-(\d{0,15})")  # 15 digits: petabytes, and Python parses them quickly


class RecordingError(ValueError):
    """A file that is not a recording we can play (said in Dutch)."""


def recognise(file):
    """(extension, MIME type, "audio" or "video") of an uploaded file object, judged by its first bytes."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    found = filetype.guess(head)
    if found is None or found.extension not in KINDS:
        seen = _(" (het lijkt een %s-bestand)") % found.extension if found else ""
        raise RecordingError(
            _(
                "Dit bestand is geen geluids- of video-opname die de app kan afspelen%(seen)s. Toegestaan: "
                "%(allowed)s. De bestandsnaam telt niet: de inhoud wordt bekeken."
            )
            % {"seen": seen, "allowed": ALLOWED}
        )
    mime, kind = KINDS[found.extension]
    return found.extension, mime, kind


def duration_ms(file):
    """The recording's length in milliseconds, read by mutagen from its headers (MP3, MP4/M4A, Ogg, WAV); None
    where it cannot say (WebM)."""
    file.seek(0)
    try:
        found = mutagen.File(file)
    except mutagen.MutagenError:
        found = None
    finally:
        file.seek(0)
    length = getattr(getattr(found, "info", None), "length", None)
    return round(length * 1000) if length else None


def clock(ms):
    seconds = ms // 1000
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def check_times(turns, length_ms):
    """RecordingError unless the turns' times ((speaker, ms) in text order, ms None when unknown) go up and end
    within the recording (`length_ms`, None when unknown)."""
    timed = [(speaker, ms) for speaker, ms in turns if ms is not None]
    for (_before, earlier), (speaker, later) in zip(timed, timed[1:]):
        if later < earlier:
            raise RecordingError(
                _(
                    "De tijden van de beurten in de tekst lopen niet op: de beurt van %(who)s staat op %(later)s, na "
                    "een beurt op %(earlier)s. Corrigeer de tekst eerst; er is niets opgeslagen."
                )
                % {"who": speaker or _("een spreker"), "later": clock(later), "earlier": clock(earlier)}
            )
    if timed and length_ms is not None and timed[-1][1] > length_ms + 1000:
        raise RecordingError(
            _(
                "De laatste beurt in de tekst staat op %(last)s, maar de opname duurt %(length)s. Is dit de goede "
                "opname? Er is niets opgeslagen."
            )
            % {"last": clock(timed[-1][1]), "length": clock(length_ms)}
        )


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
