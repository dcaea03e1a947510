"""A passage's version: a short digest of what a coder sees of it (span, memo, star, themes).

The workbench sends the version of the passage it shows with a move or recode; when the passage is no longer
that (a colleague moved, recoded or wrote in it meanwhile), the change is refused with 409 and the passage as it
now is, instead of silently overwriting the colleague's work (views/coding.py). A digest of the state rather
than a counter column: it holds whatever code path changed the passage (undo, search and code, a theme merge),
with nothing to remember to raise. The same digest is drawn into the page (interview_page.passage_data) and
answered by every coding endpoint (Passage.as_json).
"""

import hashlib
import re

PATTERN = re.compile(r"[0-9a-f]{16}")


def passage_version(start, end, memo, starred, theme_ids):
    state = f"{start}:{end}:{int(bool(starred))}:{','.join(map(str, sorted(theme_ids)))}:{memo}"
    return hashlib.blake2b(state.encode(), digest_size=8).hexdigest()


def text_digest(text):
    """A short digest of an interview's text: what a correction form carries to find out whether the text
    changed since it was opened, and what an open workbench compares to see that a colleague corrected it."""
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
