"""Transcript files of every format researchers get → canonical text with its speaker turns.

`read_transcript(name, file)` picks the reader by extension. Each reader takes a binary file object
and returns (text, labelled): canonical text (NFC, `\\n`, no trailing white space) and a dict
{offset of a turn's label: (speaker, start ms or None, end ms or None)}. Pure functions, no Django.
"""

import hashlib
import io
import re
import unicodedata
from collections import namedtuple
from datetime import timedelta
from html.parser import HTMLParser

from ..nlp import dutch_lemma, lexicon
from .archives import ArchiveError, BadArchive, SafeZip
from .text import OTHER_BREAKS, TURN_LABEL, TranscriptError, decode, find_turns, normalise

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


def label_time(stamp):
    """ "[00:12:03] " or "12:03 - " → milliseconds; None without a stamp."""
    if not stamp:
        return None
    parts = [int(p) for p in re.findall(r"\d+", stamp)]
    while len(parts) < 3:
        parts.insert(0, 0)
    hours, minutes, seconds = parts[-3:]
    return ((hours * 60 + minutes) * 60 + seconds) * 1000


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
    except BadArchive:
        raise TranscriptError(f"Dit is geen geldig {kind}-bestand (beschadigd of een ander formaat).") from None
    except ArchiveError as error:
        raise TranscriptError(f"Dit {kind}-bestand wordt niet gelezen: {error}") from None


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


def read_pdf(data):
    """The text layer of a PDF; a scan without one is refused rather than stored empty."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise TranscriptError(
                "Deze pdf is beveiligd met een wachtwoord. Verwijder de beveiliging en probeer opnieuw."
            )
        pages = [page_text(page) for page in reader.pages]
    except TranscriptError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise TranscriptError("Deze pdf is beschadigd en kan niet worden gelezen.") from None
    except Exception as error:  # pypdf refuses some encryptions it cannot open (DependencyError)
        raise TranscriptError(f"Deze pdf kan niet worden gelezen ({type(error).__name__}).") from None
    if not "".join(pages).strip():
        raise TranscriptError(
            "Deze pdf heeft geen tekstlaag (waarschijnlijk een scan). Laat er eerst tekstherkenning "
            "(OCR) op los of vraag het transcript als Word- of tekstbestand."
        )
    lines = [line for page in pages for line in page.splitlines()]
    return join_paragraphs((None, paragraph, None, None) for paragraph in pdf_paragraphs(lines))


def page_text(page):
    """A page's text with its layout (a blank line where the page has white space between paragraphs)."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode fails on some fonts the plain mode reads
        return page.extract_text() or ""


HYPHENATED = re.compile(r"[^\W\d_]-$")  # a word broken at the line's end: "coördi-"
HANGING_HYPHEN = re.compile(r"(?:en|of|tot|t/m)\b")  # "jeugd- en gezinsteam" keeps its hyphen


def broken_word(before, after):
    """Whether "before-" at a line's end + "after" is one word the layout broke ("coördi-" + "natie"), not a
    compound written with its hyphen ("sociaal-" + "emotionele"): the Dutch lexicon of the sentence
    splitter (nlp.lexicon) knows the joined word, or does not know both halves as words (the first as it
    stands: "gezins-" + "teams" is a broken word, though "gezin" is one)."""
    lex = lexicon()

    def known(word, inflected=True):
        word = word.lower()
        return lex.knows(word) or (inflected and lex.knows(dutch_lemma(word)))

    return known(before + after) or not (known(before, inflected=False) and known(after))


LAST_WORD, FIRST_WORD = re.compile(r"[^\W\d_]+(?=-$)"), re.compile(r"[^\W\d_]+")


def pdf_paragraphs(lines):
    """Lines as a PDF lays them out → paragraphs: a line continues the one before unless it is blank or
    starts with a speaker label; "coördi-" + "natie" becomes "coördinatie" (only before a lowercase letter
    that does not start "en", "of"…: "jeugd- en gezinsteam", and only for a word the layout broke:
    see broken_word), "Noord-" + "Holland" "Noord-Holland"."""
    lines = [" ".join(line.split()) for line in lines]
    speakers = {speaker for _start, _end, speaker in find_turns("\n".join(lines))}
    paragraphs, current = [], ""
    for line in lines:
        label = TURN_LABEL.match(line)
        if not line or (label and label["speaker"].strip() in speakers) or not current:
            paragraphs.append(current)
            current = line
        elif HYPHENATED.search(current) and line[0].islower() and not HANGING_HYPHEN.match(line):
            whole = broken_word(LAST_WORD.search(current)[0], FIRST_WORD.match(line)[0])
            current = current[:-1] + line if whole else current + line
        elif HYPHENATED.search(current) and line[0].isupper():  # "Noord-" + "Holland"
            current += line
        else:
            current = f"{current} {line}"
    return [paragraph for paragraph in paragraphs + [current] if paragraph]


# --- web and subtitles ---

BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "table",
    "ul",
    "ol",
    "hr",
}


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
