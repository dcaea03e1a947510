"""A codebook out and in as a table: name, parent, colour, definition and order per theme.

As a file it is a .csv or .xlsx table, or a REFI-QDA .qdc (qdc.py) read into the same rows.

Import checks every row first (a name, no duplicates, a known parent, no circle, a #rrggbb colour, a whole
order) and stores nothing unless all rows are good. A theme whose name is already in the codebook is updated;
the others are added.
"""

import math
import re
import unicodedata

from django.db import transaction

from ..models import Action, Source, Subject, Theme
from ..models.history import changed
from ..spreadsheets import TableError, read_table, write_csv, write_xlsx
from .qdc import read_codebook, write_codebook
from .qdpx_xml import QdpxError

HEADER = ["naam", "bovenliggend thema", "kleur", "definitie", "volgorde"]
# Column names a researcher (or another tool) may use, normalised: lower case, '_' and '-' as spaces.
ALIASES = {
    "name": {"naam", "name", "thema", "theme", "code"},
    "parent": {"bovenliggend thema", "bovenliggend", "parent", "ouder", "hoofdthema"},
    "colour": {"kleur", "colour", "color"},
    "definition": {"definitie", "definition", "beschrijving", "description", "omschrijving"},
    "order": {"volgorde", "order"},
}
COLOUR = re.compile(r"#?([0-9a-fA-F]{6})")


class CodebookError(ValueError):
    """The rows cannot be imported; .errors lists every reason in Dutch, one per problem."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def codebook_table(project):
    """The header and one row per theme, in codebook order (parents before their children)."""
    themes = project.themes.in_tree_order()
    names = {t.pk: t.name for t in themes}
    return HEADER, [[t.name, names.get(t.parent_id, ""), t.colour, t.definition, t.order] for t in themes]


def rows_from_table(table):
    """Rows (dicts with the keys of ALIASES that have a column, plus 'line') from a table's header and rows."""
    if not table or not any(cell.strip() for cell in table[0]):
        raise CodebookError(["Het bestand is leeg: de eerste regel moet de kolomnamen bevatten (naam, …)."])
    columns = {}
    for index, heading in enumerate(table[0]):
        key = re.sub(r"[_\-\s]+", " ", heading.strip().casefold())
        field = next((f for f, names in ALIASES.items() if key in names), None)
        if field and field not in columns:
            columns[field] = index
    if "name" not in columns:
        raise CodebookError([f"Geen kolom met de naam van het thema; verwacht zijn de kolommen {', '.join(HEADER)}."])
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        rows.append({"line": line, **{f: cells[i] if i < len(cells) else "" for f, i in columns.items()}})
    return rows


def _clean(value):
    return unicodedata.normalize("NFC", str(value or "")).strip()


def check_rows(project, rows):
    """The rows cleaned (name, parent, colour, definition, order as stored), or CodebookError with every problem."""
    errors, cleaned, first_line = [], [], {}
    for position, row in enumerate(rows, start=1):
        where = f"Regel {row.get('line', position)}"
        item = {"line": where, "name": _clean(row.get("name")), "parent": _clean(row.get("parent")) or None}
        if "definition" in row:
            item["definition"] = _clean(row["definition"])
        errors += _check_name(item, where, first_line)
        errors += _check_colour(item, row.get("colour"), where)
        errors += _check_order(item, row.get("order"), position, where)
        cleaned.append(item)
    errors += _check_parents(project, cleaned)
    errors.sort(key=lambda error: int(re.match(r"Regel (\d+)", error).group(1)))  # in the order of the file
    if not cleaned and not errors:
        errors.append("Het bestand bevat geen thema's.")
    if errors:
        raise CodebookError(errors)
    return cleaned


def _check_name(item, where, first_line):
    name = item["name"]
    if not name:
        return [f"{where}: de naam van het thema ontbreekt."]
    if len(name) > 100:
        return [f"{where}: de naam “{name[:40]}…” is langer dan 100 tekens."]
    if name.casefold() in first_line:
        return [
            f"{where}: het thema “{name}” staat ook op {first_line[name.casefold()].lower()} "
            f"(hoofdletters tellen niet mee)."
        ]
    first_line[name.casefold()] = where
    return []


def _check_colour(item, raw, where):
    raw = _clean(raw)
    if not raw:
        return []
    match = COLOUR.fullmatch(raw)
    if not match:
        return [f"{where}: de kleur “{raw}” is geen kleur als #rrggbb (bijvoorbeeld #2d9cdb)."]
    item["colour"] = "#" + match.group(1).lower()
    return []


def _check_order(item, raw, position, where):
    raw = _clean(raw)
    try:
        number = float(raw.replace(",", ".")) if raw else position
    except ValueError:
        number = -1.0
    if not (math.isfinite(number) and 0 <= number <= 2**31 - 1 and number == int(number)):
        return [f"{where}: de volgorde “{raw}” is geen geheel getal van 0 of meer."]
    item["order"] = int(number)
    return []


def _check_parents(project, cleaned):
    """Every parent is a theme in the file or the codebook, and no theme ends up below itself."""
    parent_of = {
        t.name.casefold(): (t.parent.name.casefold() if t.parent else None)
        for t in project.themes.select_related("parent")
    }
    parent_of.update(
        {item["name"].casefold(): item["parent"] and item["parent"].casefold() for item in cleaned if item["name"]}
    )
    errors = []
    for item in cleaned:
        if not item["parent"] or not item["name"]:
            continue
        if item["parent"].casefold() not in parent_of:
            errors.append(
                f"{item['line']}: het bovenliggende thema “{item['parent']}” staat niet in het bestand "
                f"en niet in het codeboek."
            )
            continue
        node, seen = item["parent"].casefold(), set()
        while node is not None and node not in seen and node != item["name"].casefold():
            seen.add(node)
            node = parent_of.get(node)
        if node == item["name"].casefold():
            errors.append(
                f"{item['line']}: “{item['name']}” zou onder zichzelf komen te staan (via “{item['parent']}”)."
            )
    return errors


def import_rows(project, rows, user=None, source=Source.IMPORT):
    """Check the rows, then add or update every theme; returns (added, updated) names. All or nothing.
    The check runs before the transaction, so the write lock is held only for the saves; the history gets an
    action per theme added or changed."""
    cleaned = check_rows(project, rows)
    with transaction.atomic():
        return _save_rows(project, cleaned, user, source)


def _save_rows(project, cleaned, user, source):
    before = {theme.pk: theme.snapshot() for theme in project.themes.all()}
    existing = {t.name.casefold(): t for t in project.themes.all()}
    added, updated, by_name = [], [], dict(existing)
    for item in cleaned:
        theme = existing.get(item["name"].casefold())
        (updated if theme else added).append(item["name"])
        theme = theme or Theme(project=project)
        theme.name, theme.order = item["name"], item["order"]
        for field in ("colour", "definition"):
            if field in item:
                setattr(theme, field, item[field])
        theme.save()
        by_name[item["name"].casefold()] = theme
    for item in cleaned:
        theme = by_name[item["name"].casefold()]
        theme.parent = by_name[item["parent"].casefold()] if item["parent"] else None
        theme.save(update_fields=["parent"])
    actions = []
    for theme in {t.pk: t for t in by_name.values()}.values():
        old, new = before.get(theme.pk), theme.snapshot()
        verb = "create" if old is None else "update"
        old, new = ({}, new) if old is None else changed(old, new)
        if new:
            record = {"subject_id": theme.pk, "label": theme.name, "source": source}
            actions.append(Action.build(project, user, Subject.THEME, verb, before=old, after=new, **record))
    Action.store(actions)
    return added, updated


def import_table(project, table):
    """import_rows over a table (header and rows as read by spreadsheets.read_table)."""
    return import_rows(project, rows_from_table(table))


# --- files ---

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "qdc": "application/xml",
}


def write_codebook_file(project, extension, file):
    """The project's codebook as .csv, .xlsx or .qdc into a binary file object."""
    if extension == "qdc":
        try:
            return write_codebook(project, file)
        except QdpxError as error:
            raise CodebookError([str(error)]) from None
    header, rows = codebook_table(project)
    if extension == "csv":
        write_csv(file, header, rows)
    else:
        write_xlsx(file, [("Codeboek", header, rows, [30, 30, 10, 80, 10])])


def read_codebook_file(file, name):
    """Rows (for check_rows and import_rows) of an uploaded .csv, .xlsx or .qdc, or CodebookError."""
    if name.lower().endswith(".qdc"):
        try:
            return read_codebook(file)
        except QdpxError as error:
            raise CodebookError([str(error)]) from None
    try:
        return rows_from_table(read_table(file, name))
    except TableError as error:
        message = "Kies een .csv-, .xlsx- of .qdc-bestand." if str(error).startswith("Kies een") else str(error)
        raise CodebookError([message]) from None
