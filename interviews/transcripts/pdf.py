"""PDF transcripts: the text layer, its lines joined into paragraphs the way the layout broke them."""

import io
import re

from ..nlp import dutch_lemma, lexicon
from .text import TURN_LABEL, TranscriptError, find_turns, join_paragraphs


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
