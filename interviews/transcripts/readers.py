"""Transcript files of every format researchers get → canonical text with its speaker turns.

`read_transcript(name, file)` picks the reader by extension. Each reader takes a binary file object
and returns (text, labelled): canonical text (NFC, `\\n`, no trailing white space) and a dict
{offset of a turn's label: (speaker, start ms or None, end ms or None)}. Pure functions, no Django.
"""

import hashlib
import io
import re
from collections import namedtuple
from datetime import timedelta
from html.parser import HTMLParser
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as DefusedET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from .archives import ArchiveError, BadArchive, SafeZip
from .pdf import read_pdf
from .text import BLOCK_ELEMENTS as BLOCKS
from .text import TranscriptError, decode, join_paragraphs, labels_in, normalise

# A turn is (start, end, speaker, time_start_ms, time_end_ms); start/end are code points, end exclusive.
Transcript = namedtuple("Transcript", "text turns format sha256")

FORMATS = {
    "txt": "tekst",
    "md": "Markdown",
    "docx": "Word",
    "odt": "OpenDocument",
    "pdf": "pdf",
    "html": "HTML",
    "htm": "HTML",
    "vtt": "WebVTT",
    "srt": "SubRip",
}


def extension(name):
    return name.rpartition(".")[2].lower() if "." in name else ""


def read_transcript(name, file):
    """A transcript file (binary file object) → Transcript, or TranscriptError with a Dutch reason."""
    fmt = extension(name)
    if fmt not in FORMATS:
        known = ", ".join(f".{f}" for f in FORMATS if f != "htm")
        raise TranscriptError(
            f"Onbekend bestandstype “.{fmt}”. Mogelijk zijn: {known}."
            if fmt
            else f"Het bestand heeft geen extensie. Mogelijk zijn: {known}."
        )
    data = file.read()
    if not data.strip():
        raise TranscriptError("Het bestand is leeg.")
    reader = READERS["html" if fmt == "htm" else fmt]
    text, labelled = reader(data)
    if not text.strip():
        raise TranscriptError("Het bestand bevat geen tekst.")
    return Transcript(
        text, build_turns(text, labelled), "html" if fmt == "htm" else fmt, hashlib.sha256(data).hexdigest()
    )


def build_turns(text, labelled):
    """Turns from label offsets: each runs to the next label, without the white space before it."""
    starts = sorted(labelled)
    turns = []
    for start, following in zip(starts, starts[1:] + [len(text)]):
        end = following
        while end > start and text[end - 1] in "\n \t":
            end -= 1
        if end > start:
            speaker, time_start, time_end = labelled[start]
            turns.append((start, end, speaker[:100], time_start, time_end))
    return turns


# --- plain text ---

MD_LABEL = re.compile(r"^(\*\*|__)([^*_\n:]{1,40}?)[ \t]*(:?)\1[ \t]*(:?)(?=[ \t])", re.MULTILINE)


def read_txt(data):
    text = normalise(decode(data))
    return text, labels_in(text)


def read_md(data):
    """Markdown as text, with "**Naam:**" labels made plain so they become turns."""
    text = normalise(decode(data))
    text = MD_LABEL.sub(lambda m: f"{m[2]}:" if m[3] or m[4] else m[0], text)
    return text, labels_in(text)


# --- office documents ---

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a password-protected Office file, or an old .doc


def open_zip_document(data, kind):
    if data.startswith(OLE_MAGIC):
        raise TranscriptError(
            f"Dit {kind}-bestand is beveiligd met een wachtwoord (of is een oud "
            "Office-formaat). Verwijder de beveiliging of sla het op als .docx/.odt."
        )
    try:
        with SafeZip(io.BytesIO(data), what=f"{kind}-bestand") as archive:
            archive.check()  # the library reads the package itself: every member is inflated within bounds first
            refuse_doctypes(archive, kind)
    except BadArchive:
        raise TranscriptError(f"Dit is geen geldig {kind}-bestand (beschadigd of een ander formaat).") from None
    except ArchiveError as error:
        raise TranscriptError(f"Dit {kind}-bestand wordt niet gelezen: {error}") from None


def refuse_doctypes(archive, kind):
    """TranscriptError when an XML part of the package declares a DTD. Word and LibreOffice never write one; with it,
    an entity such as ``<!ENTITY x SYSTEM "file:///etc/passwd">`` would be fetched, or (python-docx does not resolve
    it) the text after ``&x;`` silently lost. A DTD can only come before the root element, so each part is read up to
    its first tag."""
    for info in archive.members:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.zip.open(info) as member:
                next(iter(DefusedET.iterparse(member, events=("start",), forbid_dtd=True)), None)
        except DefusedXmlException:
            raise TranscriptError(
                _(
                    "Dit %(kind)s-bestand bevat een externe verwijzing (DTD) in ‘%(part)s’. Zo'n verwijzing kan "
                    "tekst van buiten het bestand halen of tekst verbergen, dus het wordt niet gelezen. Open het in "
                    "Word of LibreOffice en sla het opnieuw op."
                )
                % {"kind": kind, "part": info.filename}
            ) from None
        except ParseError:
            continue  # a damaged part: the library's own reading says so


def bold_label(bold, text):
    """(speaker, rest) when a paragraph's `text` starts with `bold`, a bold speaker name such as
    **Interviewer:** Ja; None otherwise."""
    label, rest = bold.strip(), text[len(bold) :]
    if rest.lstrip().startswith(":"):
        label, rest = label + ":", rest.lstrip()[1:]
    if not label or len(label) > 41 or "\n" in label or not (label.endswith(":") or rest.strip()):
        return None
    return label.rstrip(":").strip(), rest.strip()


def read_docx(data):
    """Paragraphs of a Word file; bold "Naam" or "Naam:" at a paragraph's start starts a turn."""
    import docx

    open_zip_document(data, "Word")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises KeyError, ValueError, BadZipFile… for a broken package
        raise TranscriptError("Dit Word-bestand is beschadigd en kan niet worden gelezen.") from None
    paragraphs = []
    for paragraph in document.paragraphs:
        bold = ""
        for run in paragraph.runs:
            if not run.bold or not run.text:
                break
            bold += run.text
        found = bold_label(bold, paragraph.text)
        speaker, body = found if found and found[0] else (None, paragraph.text)
        paragraphs.append((speaker, body, None, None))
    return join_paragraphs(paragraphs)


def odt_bold_styles(document):
    """Names of an OpenDocument's bold styles (font weight bold or 600 and more, or a bold parent style)."""
    from odf.namespaces import FONS, STYLENS

    styles = {}
    for style in [*document.styles.childNodes, *document.automaticstyles.childNodes]:
        if getattr(style, "qname", None) == (STYLENS, "style"):
            weight = next(
                (
                    child.attributes.get((FONS, "font-weight"))
                    for child in style.childNodes
                    if getattr(child, "qname", None) == (STYLENS, "text-properties")
                ),
                None,
            )
            styles[style.attributes.get((STYLENS, "name"))] = (
                weight,
                style.attributes.get((STYLENS, "parent-style-name")),
            )

    def bold(name, depth=0):
        weight, parent = styles.get(name, (None, None))
        if weight:
            return weight == "bold" or (weight.isdigit() and int(weight) >= 600)
        return bool(parent) and depth < 10 and bold(parent, depth + 1)

    return {name for name in styles if bold(name)}


def odt_paragraph(node, bold_styles):
    """(speaker, text, None, None) of an OpenDocument paragraph; spans in a bold style at its start are
    a speaker label, as bold runs in Word."""
    from odf import teletype
    from odf.namespaces import TEXTNS

    text, bold = teletype.extractText(node), ""
    for child in node.childNodes:
        if (
            getattr(child, "qname", None) != (TEXTNS, "span")
            or child.attributes.get((TEXTNS, "style-name")) not in bold_styles
        ):
            break
        bold += teletype.extractText(child)
    found = bold_label(bold, text) if text.startswith(bold) else None
    return (found[0], found[1], None, None) if found and found[0] else (None, text, None, None)


def read_odt(data):
    """Paragraphs and headings of an OpenDocument text, in document order; bold labels start turns."""
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    open_zip_document(data, "OpenDocument")
    try:
        document = load(io.BytesIO(data))
    except Exception:  # odfpy raises KeyError, XML errors… for a broken package
        raise TranscriptError("Dit OpenDocument-bestand is beschadigd en kan niet worden gelezen.") from None
    paragraphs, stack, bold_styles = [], [document.text], odt_bold_styles(document)
    while stack:
        node = stack.pop()
        if node.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            paragraphs.append(odt_paragraph(node, bold_styles))
        else:
            stack.extend(reversed([child for child in node.childNodes if child.nodeType == child.ELEMENT_NODE]))
    return join_paragraphs(paragraphs)


# --- web and subtitles ---


class _TextOfHtml(HTMLParser):
    """Visible text of an HTML page: one line per block element, white space inside a block collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.current, self.skipping = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "template"):
            self.skipping += 1
        elif tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "template"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)

    def flush(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []


def read_html(data):
    parser = _TextOfHtml()
    parser.feed(decode(data))
    parser.close()
    parser.flush()
    return join_paragraphs((None, line, None, None) for line in parser.lines)


CUE_LABEL = re.compile(r"^-?\s*(?P<speaker>[A-ZÀ-ÖØ-Þ][\w.'’\- ]{0,38}?\d*)\s*:\s+")
CUE_TAG = re.compile(r"</?[a-z][^>]*>", re.IGNORECASE)


def cues_to_paragraphs(cues):
    """(speaker or None, text, ms, ms) per cue → paragraphs: a speaker's consecutive cues form one turn.

    A cue without a speaker continues the turn before it; without any speaker, each cue is its own line.
    """
    paragraphs = []
    for voice, body, start, end in cues:
        body = " ".join(CUE_TAG.sub("", body).split())
        if not voice and (label := CUE_LABEL.match(body)):
            voice, body = label["speaker"], body[label.end() :]
        if paragraphs and paragraphs[-1][0] and voice in (None, paragraphs[-1][0]):
            speaker, text, first, _ = paragraphs[-1]
            paragraphs[-1] = (speaker, f"{text} {body}".strip(), first, end)
        elif body or voice:
            paragraphs.append((voice, body, start, end))
    return paragraphs


def cue_ms(stamp):
    """ "00:01:02.500" or "01:02,500" → milliseconds."""
    clock, _, fraction = stamp.replace(",", ".").partition(".")
    parts = [int(p) for p in clock.split(":")]
    seconds = sum(value * 60**i for i, value in enumerate(reversed(parts)))
    return seconds * 1000 + int((fraction + "000")[:3])


def read_vtt(data):
    import webvtt
    from webvtt.errors import MalformedFileError

    try:
        captions = webvtt.from_buffer(io.StringIO(normalise(decode(data))))
    except MalformedFileError:
        raise TranscriptError("Dit is geen geldig WebVTT-bestand (het moet beginnen met WEBVTT).") from None
    cues = [(c.voice, c.text, cue_ms(c.start), cue_ms(c.end)) for c in captions]
    if not cues:
        raise TranscriptError("Dit WebVTT-bestand bevat geen ondertitels.")
    return join_paragraphs(cues_to_paragraphs(cues))


def read_srt(data):
    import srt

    try:
        subtitles = list(srt.parse(normalise(decode(data))))
    except srt.SRTParseError:
        raise TranscriptError("Dit is geen geldig SRT-bestand (genummerde ondertitels met tijden).") from None
    if not subtitles:
        raise TranscriptError("Dit SRT-bestand bevat geen ondertitels.")
    millisecond = timedelta(milliseconds=1)
    cues = [(None, s.content, s.start // millisecond, s.end // millisecond) for s in subtitles]
    return join_paragraphs(cues_to_paragraphs(cues))


READERS = {
    "txt": read_txt,
    "md": read_md,
    "docx": read_docx,
    "odt": read_odt,
    "pdf": read_pdf,
    "html": read_html,
    "vtt": read_vtt,
    "srt": read_srt,
}
