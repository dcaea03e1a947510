"""Reading REFI-QDA projects (.qdpx) into an ImportPlan: nothing is stored here (see plan.py).

Each selection is placed on the text its writer meant: the offset unit (code points or UTF-16
units, CRLF counted as one or two) is chosen per source by which reading puts most selections on
word boundaries and on the text they name, with the writer's habit (from `origin`) breaking ties.
The text then becomes canonical (no BOM, `\\n`, NFC) and the offsets move with it.
"""

import re
import unicodedata
from bisect import bisect_left, bisect_right
from datetime import datetime

from ..spans import Offsets
from .plan import ImportPlan
from .qdc import read_codes
from .qdpx_xml import (
    MAX_XML_BYTES,
    QdpxError,
    check_namespace,
    child,
    children,
    grouped,
    local,
    nested,
    norm_guid,
    open_zip,
    parse_xml,
)

BREAKS = re.compile("\r\n|[\r\x0b\x0c\u2028\u2029]")
BREAK_CHARACTERS = "\r\x0b\x0c\u2028\u2029"  # BREAKS without \n: a text without them needs no change
UNITS = {  # unit → (Dutch description, preferred by writers whose origin contains)
    "cp": ("tekens (code points)", ()),
    "cp_lf": ("tekens, regeleinde CRLF als één", ("atlas",)),
    "utf16": ("UTF-16-eenheden", ("nvivo",)),
    "utf16_lf": ("UTF-16-eenheden, regeleinde CRLF als één", ()),
}
TEXT_KINDS = {
    "TextSource": None,
    "PDFSource": "Representation",
    "AudioSource": "Transcript",
    "VideoSource": "Transcript",
}


def read_member(archive, info):
    with archive.open(info) as member:  # read no more than the header promised
        data = member.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise QdpxError(f"‘{info.filename}’ is groter dan het archief opgeeft.")
    return data


def canonical(raw):
    """(canonical text, to_canonical(raw index) → index): no BOM, `\\n` breaks, NFC."""
    raw = raw.removeprefix("\ufeff")
    breaks = any(c in raw for c in BREAK_CHARACTERS)  # a few C scans; the regex would walk every character
    crlf = [m.start() for m in re.finditer("\r\n", raw)] if "\r" in raw else []
    text = BREAKS.sub("\n", raw) if breaks else raw

    def drop_cr(i):  # the \r of each CRLF before raw index i is gone
        return i - bisect_left(crlf, i)

    if unicodedata.is_normalized("NFC", text):
        return text, drop_cr
    starts, pieces, positions, length = [], [], [], 0
    for match in re.finditer(r".[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*", text, re.S):
        starts.append(match.start())
        positions.append(length)
        piece = unicodedata.normalize("NFC", match.group())
        pieces.append(piece)
        length += len(piece)
    starts.append(len(text))
    positions.append(length)

    def to_canonical(i):
        i = drop_cr(i)
        return positions[bisect_right(starts, i) - 1]

    return "".join(pieces), to_canonical


def unit_readers(raw, raw16=None):
    """For each unit, a function (start, end) in that unit → (start, end) as indices of `raw` (BOM stripped).
    raw16: Offsets(raw), when the caller has it already."""
    crlf_lf = [m.start() - k for k, m in enumerate(re.finditer("\r\n", raw))]  # each CRLF's place without the \r
    raw16 = raw16 or Offsets(raw)
    lf16 = Offsets(raw.replace("\r\n", "\n")) if crlf_lf else raw16

    def from_lf(i):
        return i + bisect_left(crlf_lf, i)

    return {
        "cp": lambda a, b: (a, b),
        "cp_lf": lambda a, b: (from_lf(a), from_lf(b)),
        "utf16": lambda a, b: (raw16.to_codepoint(a, "start"), raw16.to_codepoint(b, "end")),
        "utf16_lf": lambda a, b: (from_lf(lf16.to_codepoint(a, "start")), from_lf(lf16.to_codepoint(b, "end"))),
    }


def on_words(text, a, b):
    """The span neither starts nor ends inside a word."""
    if not 0 <= a < b <= len(text):
        return False
    starts = a == 0 or not (text[a - 1].isalnum() and text[a].isalnum())
    ends = b == len(text) or not (text[b - 1].isalnum() and text[b].isalnum())
    return starts and ends


def words(text):
    return " ".join(text.replace("…", " ").split())


def choose_unit(raw, spans, origin):
    """The unit under which the (start, end, name) spans fit `raw` best, and that reading."""
    raw16 = Offsets(raw)
    readers = unit_readers(raw, raw16)
    if "\r" not in raw and not raw16.astral:
        return "cp", readers["cp"]
    preference = next((u for u, (_d, who) in UNITS.items() if any(w in origin.lower() for w in who)), "cp")
    spans = [(start, end, words(name or "")[:40]) for start, end, name in spans]
    units = [u for u in readers if "\r" in raw or not u.endswith("_lf")]  # without \r, _lf is the same unit
    units.sort(key=lambda u: u != preference)  # the writer's habit first: when it fits every span, it wins
    perfect = sum(1 + 2 * (len(name) > 3) for _start, _end, name in spans)
    scores = {}
    for unit in units:
        score = fit(raw, readers[unit], spans)
        if unit == preference and score == perfect:
            return unit, readers[unit]
        scores[unit] = (score, unit == preference)
    unit = max(scores, key=scores.get)
    return unit, readers[unit]


def fit(raw, read, spans):
    """How well spans fit raw when read so: a point for each on word boundaries, two for each that starts with
    the words its name gives (names of more than three characters)."""
    score = 0
    for start, end, name in spans:
        a, b = read(start, end)
        score += on_words(raw, a, b)
        if len(name) > 3:
            score += 2 * words(raw[a : a + 2 * len(name)]).startswith(name)
    return score


class ProjectReader:
    """One .qdpx → an ImportPlan."""

    def __init__(self, file):
        self.archive = open_zip(file)
        self.members = {i.filename: i for i in self.archive.infolist() if not i.is_dir()}  # bounded by open_zip
        self.by_base = {}
        self.text_paths = set()  # the plainTextPath of every text source read: a recording's transcript may be one
        for name in self.members:
            self.by_base.setdefault(name.rsplit("/", 1)[-1].lower(), name)
        qdes = [n for n in self.members if "/" not in n and n.lower().endswith(".qde")]
        if len(qdes) != 1:
            raise QdpxError("Het archief bevat geen project.qde (of meer dan één): dit is geen REFI-QDA-project.")
        if self.members[qdes[0]].file_size > MAX_XML_BYTES:
            raise QdpxError("project.qde is te groot.")
        self.root = parse_xml(read_member(self.archive, self.members[qdes[0]]), "project.qde")
        if local(self.root.tag) != "Project":
            raise QdpxError(f"project.qde begint met <{local(self.root.tag)}> in plaats van <Project>.")
        check_namespace(self.root, ["project"])
        self.plan = ImportPlan(
            name=self.root.get("name") or "Geïmporteerd project", origin=self.root.get("origin") or ""
        )
        self.selection_source = {}  # selection guid → its passage in the plan, for notes and links

    def member_bytes(self, path):
        """The bytes of an internal:// (or bare) path, or None when the archive lacks it."""
        if not path or re.match(r"(relative|absolute|https?|file)://", path, re.I):
            return None
        name = self.by_base.get(path.split("://", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1].lower())
        return read_member(self.archive, self.members[name]) if name else None

    def read(self):
        plan, root = self.plan, self.root
        for user in nested(root, "Users", "User"):
            name = user.get("name") or user.get("id") or (user.get("guid") or "?")[:8]
            plan.users[norm_guid(user.get("guid"))] = name
        codebook = child(root, "CodeBook")
        codes = child(codebook, "Codes") if codebook is not None else None
        plan.codes = read_codes(codes) if codes is not None else []
        plan.notes += [c["note"] for c in plan.codes if c["note"]]
        self.code_guids = {c["guid"] for c in plan.codes}
        self.variables = {
            norm_guid(v.get("guid")): (v.get("name") or "variabele", v.get("typeOfVariable") or "Text")
            for v in nested(root, "Variables", "Variable")
        }
        for element in nested(root, "Sources"):
            self.read_source(element)
        self.read_cases()
        self.read_sets()
        self.read_notes()
        for kind in ("Graphs",):
            if child(root, kind) is not None:
                plan.skip(f"{kind}: netwerkweergaven worden niet geïmporteerd.")
        return plan

    def read_source(self, element):
        kind = local(element.tag)
        title = element.get("name") or element.get("guid", "")[:8] or "bron"
        inner = TEXT_KINDS.get(kind)
        text_element = element if kind == "TextSource" else child(element, inner) if inner else None
        if text_element is None:
            self.plan.skip(f"Bron ‘{title}’ ({kind}): alleen tekstbronnen worden geïmporteerd.")
            return
        path = text_element.get("plainTextPath")
        if kind != "TextSource" and path and path in self.text_paths:  # as Interview Monitor exports a recording
            self.plan.skip(f"Opname ‘{title}’: haar transcript is al als tekstbron ingelezen; de opname zelf niet.")
            return
        if kind == "TextSource" and path:
            self.text_paths.add(path)
        data = self.member_bytes(path)
        if data is None and child(text_element, "PlainTextContent") is not None:
            data = (child(text_element, "PlainTextContent").text or "").encode("utf-8")
        if data is None:
            path = text_element.get("plainTextPath") or "geen plainTextPath"
            self.plan.skip(f"Bron ‘{title}’: de tekst ({path}) ontbreekt in het archief.")
            return
        try:
            raw = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            self.plan.skip(f"Bron ‘{title}’: de tekst is geen geldige UTF-8.")
            return
        text, to_canonical = canonical(raw)
        if not text.strip():
            self.plan.skip(f"Bron ‘{title}’: de tekst is leeg.")
            return
        key = norm_guid(element.get("guid")) or title
        source = self.plan.add_source(key, title, text, created=date_of(element))
        parts = grouped(text_element)
        selections = parts.get("PlainTextSelection", [])
        spans = [(integer(s.get("startPosition")), integer(s.get("endPosition")), s.get("name")) for s in selections]
        unit, read = choose_unit(raw, [s for s in spans if None not in s[:2]], self.plan.origin)
        if selections and unit != "cp":
            self.plan.notes.append(f"‘{title}’: posities gelezen als {UNITS[unit][0]}.")
        for selection, (start, end, _name) in zip(selections, spans):
            self.read_selection(source, selection, start, end, read, to_canonical, len(raw))
        for index, _coding in enumerate(parts.get("Coding", ())):
            self.plan.skip(f"‘{title}’: codering van de hele bron ({index + 1}) is niet overgenomen.")
        parts = grouped(element) if element is not text_element else parts
        for kind_of_selection in ("PDFSelection", "AudioSelection", "VideoSelection", "PictureSelection"):
            if found := parts.get(kind_of_selection):
                self.plan.skip(f"‘{title}’: {len(found)} × {kind_of_selection} (geen tekstselectie) overgeslagen.")
        source["variables"] += [value for value in map(self.variable_value, parts.get("VariableValue", ())) if value]

    def read_selection(self, source, selection, start, end, read, to_canonical, raw_length):
        title = source["title"]
        if start is None or end is None:
            self.plan.skip(f"‘{title}’: een selectie zonder geldige posities is overgeslagen.")
            return
        a, b = read(start, end)
        if not (0 <= a < b) or a >= raw_length:
            self.plan.skip(f"‘{title}’: selectie {start}–{end} valt buiten de tekst.")
            return
        a, b = to_canonical(a), to_canonical(min(b, raw_length))
        if a >= b:  # only a line break, which the canonical text counts once
            self.plan.skip(f"‘{title}’: selectie {start}–{end} bevat geen tekst.")
            return
        parts = grouped(selection)  # one pass over the children: a project has tens of thousands of selections
        description = next(iter(parts.get("Description", ())), None)
        memo = (description.text or "").strip() if description is not None else ""
        by_coder, default = {}, norm_guid(selection.get("creatingUser"))
        refs = list(parts.get("NoteRef", ()))
        for coding in parts.get("Coding", ()):
            inner = grouped(coding)
            refs += inner.get("NoteRef", ())
            ref = next(iter(inner.get("CodeRef", ())), None)
            target = norm_guid(ref.get("targetGUID")) if ref is not None else ""
            if target not in self.code_guids:
                self.plan.skip(f"‘{title}’: een codering verwijst naar een code die niet bestaat ({target or 'leeg'}).")
                continue
            coder = norm_guid(coding.get("creatingUser")) or default
            by_coder.setdefault(coder, []).append(target)
        created = date_of(selection)
        for coder, codes in (by_coder or {default: []}).items():
            passage = self.plan.add_passage(source, a, b, coder, codes, memo, created)
            self.selection_source[norm_guid(selection.get("guid"))] = passage
            for ref in refs:
                self.plan.note_targets.append((norm_guid(ref.get("targetGUID")), "passage", passage))

    def variable_value(self, element):
        """(name, type, text) of a VariableValue, or None when it names no declared variable."""
        ref = child(element, "VariableRef")
        variable = self.variables.get(norm_guid(ref.get("targetGUID")) if ref is not None else "")
        value = next((c.text for c in element if local(c.tag) != "VariableRef"), None)
        if variable is None:
            self.plan.skip("Een waarde verwijst naar een variabele die niet bestaat.")
            return None
        return (variable[0], variable[1], (value or "").strip()) if value and value.strip() else None

    def read_cases(self):
        for case in nested(self.root, "Cases", "Case"):
            values = [v for v in map(self.variable_value, children(case, "VariableValue")) if v]
            targets = [norm_guid(r.get("targetGUID")) for r in children(case, "SourceRef")]
            for target in targets:
                if source := self.plan.source(target):
                    source["variables"] += values
            if children(case, "SelectionRef") or children(case, "CodeRef") or (values and not targets):
                self.plan.skip(f"Case ‘{case.get('name') or '?'}’: alleen waarden voor hele bronnen zijn overgenomen.")

    def read_sets(self):
        for set_ in nested(self.root, "Sets", "Set"):
            members = children(set_, "MemberSource")
            for member in members:
                if source := self.plan.source(norm_guid(member.get("targetGUID") or member.get("guid"))):
                    source["labels"].append(set_.get("name") or "set")
            if len(members) < len(list(set_)) - (child(set_, "Description") is not None):
                self.plan.skip(f"Set ‘{set_.get('name')}’: alleen bronnen zijn overgenomen (als label).")

    def read_notes(self):
        notes = {}
        for note in nested(self.root, "Notes", "Note"):
            content = child(note, "PlainTextContent")
            data = (
                content.text.encode()
                if content is not None and content.text
                else self.member_bytes(note.get("plainTextPath"))
            )
            text = canonical(data.decode("utf-8", "replace"))[0].strip() if data else ""
            notes[norm_guid(note.get("guid"))] = {
                "title": note.get("name") or "Notitie",
                "text": text,
                "author": norm_guid(note.get("creatingUser")),
                "created": date_of(note),
            }
        for element in self.root.iter():
            kind = local(element.tag)
            if kind in ("Project", "Code") or kind in TEXT_KINDS:
                on = {"Project": "project", "Code": "theme"}.get(kind, "interview")
                target = norm_guid(element.get("guid"))
                for ref in children(element, "NoteRef"):
                    self.plan.note_targets.append((norm_guid(ref.get("targetGUID")), on, target))
        for link in nested(self.root, "Links", "Link"):
            origin, target = norm_guid(link.get("originGUID")), norm_guid(link.get("targetGUID"))
            note, other = (origin, target) if origin in notes else (target, origin)
            if note in notes and other in self.selection_source:
                self.plan.note_targets.append((note, "passage", self.selection_source[other]))
            elif note in notes and other in self.code_guids:
                self.plan.note_targets.append((note, "theme", other))
            elif note in notes and self.plan.source(other):
                self.plan.note_targets.append((note, "interview", other))
            else:
                self.plan.skip(f"Koppeling ‘{link.get('name') or link.get('guid')}’ is niet overgenomen.")
        self.plan.attach_notes(notes)


def integer(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def date_of(element):
    value = element.get("creationDateTime") or element.get("modifiedDateTime")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.now().astimezone().tzinfo)


def read_project(file):
    """A .qdpx file object → an ImportPlan (QdpxError for what cannot be read at all)."""
    return ProjectReader(file).read().finish()
