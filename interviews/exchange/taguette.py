"""Taguette's "Export project" file (.sqlite3) → an ImportPlan (see plan.py); nothing is stored here.

Taguette keeps each document as sanitised HTML and each highlight as UTF-8 byte offsets into the
text of that HTML (its text nodes, entities decoded, run together). We turn the HTML into plain text
with a line break between blocks, keep a table from Taguette's byte offsets to our code points, and
make the text canonical. Tags are dotted paths ("knelpunten.personeelstekort"): they become a theme tree.
"""

import os
import re
import sqlite3
import tempfile
from bisect import bisect_right
from datetime import UTC, datetime
from html.parser import HTMLParser

from django.utils.translation import ngettext

from ..transcripts.text import BLOCK_ELEMENTS as BLOCKS
from .plan import ImportPlan
from .qdc import unique_names
from .qdpx_read import canonical
from .qdpx_xml import QdpxError

MAX_BYTES = 200 * 1024 * 1024
TABLES = {"projects", "documents", "tags", "highlights", "highlight_tags"}


class TextOfHtml(HTMLParser):
    """Text of Taguette HTML, plus where each of its text nodes starts in Taguette's bytes and in ours."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self.nodes, self.byte_starts, self.our_starts = [], [], [], []
        self.bytes = self.length = 0
        self.block = False

    def handle_starttag(self, tag, attrs):
        self.block = self.block or tag in BLOCKS

    def handle_endtag(self, tag):
        self.handle_starttag(tag, [])

    def handle_data(self, data):
        if self.block and self.pieces and not self.pieces[-1].endswith("\n") and not data.startswith("\n"):
            self.pieces.append("\n")  # a break between blocks that the HTML has no text for
            self.length += 1
        self.block = False
        self.nodes.append(data)
        self.byte_starts.append(self.bytes)
        self.our_starts.append(self.length)
        self.pieces.append(data)
        self.bytes += len(data.encode("utf-8"))
        self.length += len(data)

    def text(self):
        return "".join(self.pieces)

    def to_ours(self, offset):
        """Our code point offset for a Taguette byte offset (one inside a character moves past it)."""
        if not self.nodes:
            return 0
        i = max(bisect_right(self.byte_starts, offset) - 1, 0)
        rest, chars = offset - self.byte_starts[i], 0
        for char in self.nodes[i]:
            if rest <= 0:
                break
            rest -= len(char.encode("utf-8"))
            chars += 1
        return self.our_starts[i] + chars


def html_text(html):
    parser = TextOfHtml()
    parser.feed(html)
    parser.close()
    return parser


def open_database(file):
    """A read-only connection to a copy of the uploaded file; QdpxError when it is no Taguette export."""
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise QdpxError(f"Het bestand is groter dan {MAX_BYTES // 2**20} MB.")
    if not data.startswith(b"SQLite format 3\x00"):
        raise QdpxError("Dit is geen Taguette-project: kies het .sqlite3-bestand van ‘Export project’.")
    handle, path = tempfile.mkstemp(suffix=".sqlite3")
    with os.fdopen(handle, "wb") as copy:
        copy.write(data)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        os.unlink(path)
        raise QdpxError("Het Taguette-bestand is beschadigd.") from None
    if not TABLES <= tables:
        connection.close()
        os.unlink(path)
        raise QdpxError("Dit SQLite-bestand is geen Taguette-project (tabellen ontbreken).")
    return connection, path


def when(value):
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def read_taguette(file):
    """A Taguette project export (binary file object) → an ImportPlan."""
    connection, path = open_database(file)
    try:
        return build_plan(connection).finish()
    except sqlite3.DatabaseError as error:
        raise QdpxError(f"Het Taguette-bestand kan niet gelezen worden ({error}).") from None
    finally:
        connection.close()
        os.unlink(path)


def build_plan(db):
    project = db.execute("SELECT id, name, description FROM projects ORDER BY id LIMIT 1").fetchone()
    if project is None:
        raise QdpxError("Het Taguette-bestand bevat geen project.")
    plan = ImportPlan(name=project[1] or "Taguette-project", origin="Taguette")
    plan.notes.append("Taguette bewaart niet wie een markering maakte: de passages staan op naam van de importeur.")
    if project[2]:
        plan.memos.append(
            {
                "title": "Beschrijving (Taguette)",
                "text": project[2],
                "author": None,
                "created": None,
                "on": "project",
                "target": None,
            }
        )
    tags = read_tags(plan, db.execute("SELECT id, path, description FROM tags WHERE project_id = ?", [project[0]]))
    highlights, unknown = {}, set()  # a tag id not among the project's tags: deleted, or another project's
    for highlight_id, tag_id in db.execute("SELECT highlight_id, tag_id FROM highlight_tags"):
        if tag_id in tags:
            highlights.setdefault(highlight_id, []).append(tags[tag_id])
        else:
            unknown.add(highlight_id)
    lost, partly = [], 0
    documents = db.execute(
        "SELECT id, name, description, created, contents FROM documents WHERE project_id = ? ORDER BY id", [project[0]]
    )
    for doc_id, name, description, created, contents in documents:
        parsed = html_text(contents or "")
        text, to_canonical = canonical(parsed.text())
        if not text.strip():
            plan.skip(f"Document ‘{name}’: de tekst is leeg.")
            continue
        source = plan.add_source(f"doc:{doc_id}", name or f"Document {doc_id}", text, created=when(created))
        if description:
            plan.memos.append(
                {
                    "title": "Beschrijving (Taguette)",
                    "text": description,
                    "author": None,
                    "created": when(created),
                    "on": "interview",
                    "target": source["key"],
                }
            )
        rows = db.execute(
            "SELECT id, start_offset, end_offset FROM highlights WHERE document_id = ? ORDER BY id", [doc_id]
        )
        for highlight_id, start, end in rows:
            a, b = to_canonical(parsed.to_ours(start)), to_canonical(parsed.to_ours(end))
            if not (0 <= a < b <= len(text)) or start < 0 or end > parsed.bytes:
                plan.skip(f"‘{source['title']}’: markering {start}–{end} valt buiten de tekst.")
                continue
            if highlight_id in unknown and highlight_id not in highlights:
                lost.append(f"‘{source['title']}’: “{shorten(text[a:b])}”")  # a passage with no coding: left out
                continue
            partly += highlight_id in unknown
            plan.add_passage(source, a, b, None, highlights.get(highlight_id, []))
    report_unknown_tags(plan, lost, partly)
    return plan


def shorten(snippet, length=40):
    snippet = " ".join(snippet.split())
    return snippet if len(snippet) <= length else snippet[: length - 1] + "…"


def report_unknown_tags(plan, lost, partly):
    """Say in the preview which highlights were left out for an unknown tag, and how many kept only their known tags."""
    if lost:
        count = ngettext(
            "%(n)d markering met een onbekende tag overgeslagen",
            "%(n)d markeringen met een onbekende tag overgeslagen",
            len(lost),
        ) % {"n": len(lost)}
        plan.skip(f"{count}: {'; '.join(lost[:10])}{'; …' if len(lost) > 10 else ''}.")
    if partly:
        plan.skip(
            ngettext(
                "%(n)d markering verloor een onbekende tag en houdt haar andere tags",
                "%(n)d markeringen verloren een onbekende tag en houden hun andere tags",
                partly,
            )
            % {"n": partly}
            + "."
        )


def read_tags(plan, rows):
    """Tag id → code key; every dotted path becomes a branch of the theme tree (missing parents made)."""
    by_path, tags = {}, {}
    for tag_id, path, description in sorted(rows, key=lambda row: row[1]):
        parts = [part.strip() for part in re.split(r"\.", path or "") if part.strip()] or [f"tag {tag_id}"]
        for depth in range(1, len(parts) + 1):
            key = "tag:" + ".".join(parts[:depth])
            if key not in by_path:
                by_path[key] = {
                    "guid": key,
                    "name": parts[depth - 1],
                    "parent": "tag:" + ".".join(parts[: depth - 1]) if depth > 1 else None,
                    "colour": "",
                    "definition": "",
                    "codable": True,
                    "note": "",
                }
                plan.codes.append(by_path[key])
        by_path[key]["definition"] = description or ""
        tags[tag_id] = key
    unique_names(plan.codes)
    plan.notes += [c["note"] for c in plan.codes if c["note"]]
    return tags
