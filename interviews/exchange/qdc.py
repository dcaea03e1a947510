"""REFI-QDA codebooks (.qdc), and the codebook part that .qdpx projects share with them.

The codes of a codebook read into dicts (names made unique and short enough to be themes) and our themes
written as nested Code elements; a whole .qdc written (valid against Codebook.xsd) and read back as rows for
the codebook import (codebook.py). Reading whole projects is in qdpx_read.py, writing them in qdpx_write.py.
"""

from .qdpx_xml import (
    CODEBOOK_NS,
    MAX_XML_BYTES,
    ORIGIN,
    QdpxError,
    Xml,
    check_namespace,
    child,
    children,
    colour_of,
    guid_maker,
    local,
    make_guid,
    norm_guid,
    parse_xml,
)

NAME_LENGTH = 100  # Theme.name


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
