"""REFI-QDA (QDA-XML 1.0) codebooks (.qdc) and projects (.qdpx): writing, and what reading shares.

Functions over file objects. Writing follows the schemas bundled in interviews/exchange/refi/ (element order
is part of the schema); reading is lenient about namespaces, GUID case and vendor quirks, and
parses with defusedxml (no DTDs, no entities, nothing fetched). Reading whole projects is in
qdpx_import.py. Offsets in exports are code points over the exported UTF-8 text (LF, no BOM),
half-open: text[startPosition:endPosition].
"""

import functools
import re
import uuid
from datetime import UTC
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree as SafeET
from django.utils import timezone

from ..transcripts.archives import ArchiveError, BadArchive, SafeZip

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "Interview Monitor 0.1"
SCHEMAS = Path(__file__).parent / "refi"
GUID_NAMESPACE = uuid.UUID("6f1d0c52-93a4-4c1e-9a55-2b8f0e6c7d41")  # ours: deterministic GUIDs
MAX_XML_BYTES = 50 * 1024 * 1024
HEX_COLOUR = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NEEDS_ESCAPE = re.compile('[&<>"\x00-\x1f\ufffe\uffff]')
ATTRIBUTE_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
DEFAULT_COLOUR = "#f2c94c"
NAME_LENGTH = 100  # Theme.name


class QdpxError(ValueError):
    """A file that cannot be read as REFI-QDA; the message is Dutch and meant for the researcher."""


KINDS = {"theme": 1, "interview": 2, "case": 3, "passage": 4, "coding": 5, "memo": 6, "passage-memo": 7, "variable": 8}


def make_guid(*parts):
    """A stable GUID for one of our objects: the same object gets the same GUID in every export."""
    return str(uuid.uuid5(GUID_NAMESPACE, ":".join(str(p) for p in parts)))


def guid_maker(project):
    """guid(kind, pk) for the project's rows: a GUID prefix of its own plus the kind and the primary key
    (as stable as make_guid, and cheap enough for 100,000 rows)."""
    prefix = make_guid("project", project.slug)[:18]
    return lambda kind, pk: f"{prefix}-{KINDS[kind]:04x}-{pk:012x}"


class Xml:
    """A small XML writer: elements in the order they are written, attributes and text escaped.

    Plain strings, because a 50,000-coding project is 125,000 elements and a tree costs seconds.
    """

    def __init__(self, root, namespace, /, **attrs):
        self.root, self.parts = root, ['<?xml version="1.0" encoding="utf-8"?>\n']
        self.start(root, xmlns=namespace, **attrs)

    @staticmethod
    def attrs(attrs):
        return "".join(f' {key}="{attr(value)}"' for key, value in attrs.items() if value is not None)

    def start(self, tag, /, **attrs):
        self.parts.append(f"<{tag}{self.attrs(attrs)}>")

    def end(self, tag):
        self.parts.append(f"</{tag}>")

    def empty(self, tag, /, **attrs):
        self.parts.append(f"<{tag}{self.attrs(attrs)}/>")

    def text(self, tag, text, /, **attrs):
        self.parts.append(f"<{tag}{self.attrs(attrs)}>{escape(clean(text)).replace(chr(13), '&#13;')}</{tag}>")

    def bytes(self):
        self.end(self.root)
        return "".join(self.parts).encode("utf-8")


@functools.lru_cache(maxsize=4096)  # code and user GUIDs repeat tens of thousands of times in a project
def norm_guid(value):
    """GUIDs compare case-insensitively and without braces."""
    return (value or "").strip().strip("{}").lower()


LOCAL_NAMES = {}


def local(tag):
    """The element name without its namespace ('' for comments and processing instructions)."""
    try:
        return LOCAL_NAMES[tag]
    except KeyError:
        return LOCAL_NAMES.setdefault(tag, tag.rsplit("}", 1)[-1] if isinstance(tag, str) else "")
    except TypeError:  # comments and processing instructions have a function as tag
        return ""


def children(element, name):
    return [child for child in element if local(child.tag) == name]


def child(element, name):
    return next((c for c in element if local(c.tag) == name), None)


def grouped(element):
    """{name: [children of that name]} in document order, in one pass over the element."""
    found = {}
    for c in element:
        found.setdefault(local(c.tag), []).append(c)
    return found


def nested(element, container, name=None):
    """The children (named `name`, or all) of element's `container` child; [] when there is none."""
    box = child(element, container)
    return [] if box is None else [c for c in box if name is None or local(c.tag) == name]


def clean(text):
    """Text as XML 1.0 allows it (control characters dropped)."""
    return XML_ILLEGAL.sub("", str(text or ""))


def attr(value):
    """An attribute value, escaped for double quotes; most values (GUIDs, numbers, dates) need nothing."""
    value = str(value)
    if not NEEDS_ESCAPE.search(value):
        return value
    return escape(clean(value), ATTRIBUTE_ENTITIES)


def parse_xml(data, what="het bestand"):
    """The root element of untrusted XML bytes: defusedxml forbids DTDs and entities. (Its parser is slower
    than the standard library's C parser, about 1 s for a project of 50,000 codings; the import stays well within
    its budget, and refusing hostile XML is its job, not ours.)"""
    if len(data) > MAX_XML_BYTES:
        raise QdpxError(f"{what} is groter dan {MAX_XML_BYTES // 2**20} MB.")
    try:
        return SafeET.fromstring(data.removeprefix(b"\xef\xbb\xbf"), forbid_dtd=True)
    except SafeET.ParseError as error:
        raise QdpxError(f"{what} is geen geldige XML ({error}).") from None
    except Exception as error:  # defusedxml's DTDForbidden, EntitiesForbidden, ...
        raise QdpxError(f"{what} bevat XML die niet is toegestaan ({type(error).__name__}).") from None


def check_namespace(root, kinds):
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if not any(namespace.startswith(f"urn:QDA-XML:{kind}:") for kind in kinds):
        raise QdpxError(f"Dit is geen REFI-QDA-bestand (naamruimte '{namespace or 'geen'}').")


def colour_of(value):
    """#rrggbb from a REFI colour (#RGB or #RRGGBB, any case), or '' when absent or invalid."""
    match = HEX_COLOUR.fullmatch((value or "").strip())
    if not match:
        return ""
    digits = match.group(1).lower()
    return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))


# --- codebook: shared by .qdc and .qdpx ---


def read_codes(codes_element, notes=None):
    """Codes depth first as dicts: guid, name, parent (guid or None), colour, definition, codable.

    Names are made unique (ignoring case, as themes are) and fit the theme name length; each change
    is described in the code's "note". `notes` maps a note GUID to its text, for codes that carry
    their memo as NoteRef (projects only).
    """
    codes, stack = [], [(c, None) for c in reversed(children(codes_element, "Code"))]
    while stack:
        element, parent = stack.pop()
        guid = norm_guid(element.get("guid")) or make_guid("missing", len(codes))
        description = child(element, "Description")
        definition = (description.text or "").strip() if description is not None else ""
        refs = [notes.get(norm_guid(r.get("targetGUID"))) for r in children(element, "NoteRef")] if notes else []
        codes.append(
            {
                "guid": guid,
                "name": " ".join((element.get("name") or "").split()) or "(naamloos)",
                "parent": parent,
                "colour": colour_of(element.get("color")),
                "codable": element.get("isCodable") not in ("false", "0"),
                "definition": "\n\n".join(d for d in [definition, *filter(None, refs)] if d),
                "note": "",
            }
        )
        stack.extend((c, guid) for c in reversed(children(element, "Code")))
    unique_names(codes)
    return codes


def unique_names(codes):
    by_guid = {c["guid"]: c for c in codes}
    seen = set()
    for code in codes:
        name, original = code["name"][:NAME_LENGTH], code["name"]
        if name.casefold() in seen and code["parent"] in by_guid:
            name = f"{name[: NAME_LENGTH - 40]} ({by_guid[code['parent']]['name'][:35]})"
        n = 1
        while name.casefold() in seen:
            n += 1
            name = f"{original[: NAME_LENGTH - 6]} ({n})"
        if name != original:
            code["note"] = f"‘{original}’ heet hier ‘{name}’ (naam te lang of al gebruikt)."
        code["name"] = name
        seen.add(name.casefold())


def add_codes(xml, themes, guids, note_refs=None):
    """Our themes (in tree order, with .subthemes) as nested Code elements; note_refs: theme id → note GUIDs."""
    for theme in themes:
        xml.start(
            "Code", guid=guids[theme.pk], name=theme.name, isCodable="true", color=colour_of(theme.colour) or None
        )
        if theme.definition:
            xml.text("Description", theme.definition)
        for note_guid in (note_refs or {}).get(theme.pk, ()):
            xml.empty("NoteRef", targetGUID=note_guid)
        add_codes(xml, theme.subthemes, guids, note_refs)
        xml.end("Code")


def theme_guids(project, themes):
    guid = guid_maker(project)
    return {theme.pk: guid("theme", theme.pk) for theme in themes}


def write_codebook(project, file):
    """The project's codebook as a .qdc (Codebook.xsd) into the binary file object."""
    themes = project.themes.all().in_tree_order()
    if not themes:  # Codes needs at least one Code
        raise QdpxError("Het codeboek is leeg: er is niets te exporteren.")
    xml = Xml("CodeBook", CODEBOOK_NS, origin=ORIGIN)
    xml.start("Codes")
    add_codes(xml, [t for t in themes if t.depth == 0], theme_guids(project, themes))
    xml.end("Codes")
    file.write(xml.bytes())


def read_codebook(file):
    """Rows of a .qdc codebook (or of a project's .qde codebook), parents before their children.

    Each row: name, parent (the parent's name, '' at the top), colour ('#rrggbb' or ''), definition,
    guid, codable, note (what was changed to fit, or ''). QdpxError for what is not a codebook.
    """
    root = parse_xml(file.read(MAX_XML_BYTES + 1), "Het codeboek")
    if local(root.tag) not in ("CodeBook", "Project"):
        raise QdpxError(f"Dit is geen REFI-QDA-codeboek: het hoofdelement is <{local(root.tag)}>, niet <CodeBook>.")
    check_namespace(root, ["codebook", "project"])
    codebook = root if local(root.tag) == "CodeBook" else child(root, "CodeBook")
    codes_element = child(codebook, "Codes") if codebook is not None else None
    if codes_element is None:
        raise QdpxError("Het codeboek bevat geen codes.")
    codes = read_codes(codes_element)
    names = {c["guid"]: c["name"] for c in codes}
    return [{**c, "parent": names.get(c["parent"], "")} for c in codes]


def validate(data, schema="Project"):
    """The schema errors of XML bytes against the bundled Project.xsd or Codebook.xsd ([] when valid)."""
    import xmlschema  # only needed here; loading it takes a moment

    xsd = xmlschema.XMLSchema(str(SCHEMAS / f"{schema}.xsd"))
    return [str(error.reason or error) for error in xsd.iter_errors(SafeET.fromstring(data))]


def timestamp(moment=None):
    return (moment or timezone.now()).astimezone(UTC).isoformat(timespec="seconds")[:19] + "Z"


def open_zip(file):
    """The archive, its every member inflated once within the limits of the safe-zip guard."""
    try:
        return SafeZip(file, what="archief").check().zip
    except BadArchive:
        raise QdpxError("Dit is geen .qdpx-bestand: het is geen zip-archief.") from None
    except ArchiveError as error:
        raise QdpxError(str(error)) from None
