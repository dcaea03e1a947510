"""What every REFI-QDA (QDA-XML 1.0) file shares: GUIDs, a small XML writer, safe parsing, schema checks.

Functions over bytes and file objects, used by qdc.py (codebooks), qdpx_read.py and qdpx_write.py (projects).
Writing follows the schemas bundled in interviews/exchange/refi/ (element order is part of the schema);
reading is lenient about namespaces, GUID case and vendor quirks, and parses with defusedxml (no DTDs, no
entities, nothing fetched). Offsets in exports are code points over the exported UTF-8 text (LF, no BOM),
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


class QdpxError(ValueError):
    """A file that cannot be read as REFI-QDA; the message is Dutch and meant for the researcher."""


KINDS = {
    "theme": 1,
    "interview": 2,
    "case": 3,
    "passage": 4,
    "coding": 5,
    "memo": 6,
    "passage-memo": 7,
    "variable": 8,
    "recording": 9,
    "transcript": 10,
    "sync": 11,
    "query": 12,
}


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
