"""An interview's default title from a file or source name: 'ede_wijkteam_2024.docx' → 'Ede wijkteam 2024'.

Every import path (transcript upload and command, QDPX, Taguette) names new interviews through title_from_name,
so a researcher meets the same readable titles whatever the file came in by. Pure, no Django.
"""

import posixpath
import re

# Extensions cut from a name: transcript formats and the ones a QDA program leaves in a source's name.
EXTENSIONS = re.compile(r"\.(?:txt|md|docx?|odt|rtf|pdf|html?|vtt|srt|qdpx|xml)$", re.IGNORECASE)
MAX_TITLE = 200


def title_from_name(name):
    """A readable title: no folder or extension, underscores as spaces (hyphens too in a name of hyphenated
    words only, such as 'ede-wijkteam-2024'; 'Amsterdam-Noord' keeps its hyphen), one space between words,
    a capital first letter when the name was all lower case. A name with spaces and no extension is a title
    already and keeps its words (QDPX round trips stay lossless). Empty when the name holds no word."""
    base = posixpath.basename(name.replace("\\", "/")).strip()
    stem = EXTENSIONS.sub("", base)
    if stem == base and " " in stem.strip():
        return " ".join(stem.split())[:MAX_TITLE]  # a title already (a QDPX source's name): kept as written
    if " " not in stem and "_" not in stem and stem.count("-") >= 2:
        stem = stem.replace("-", " ")
    title = " ".join(stem.replace("_", " ").split())
    if title == title.lower():
        title = title[:1].upper() + title[1:]
    return title[:MAX_TITLE]
