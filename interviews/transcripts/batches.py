"""Bulk import: files out of a .zip, a metadata sheet read into rows per file, its cells checked.

Pure functions over file objects and plain values (the zip limits come from settings).
"""

import datetime
import difflib
import posixpath
import re
import unicodedata

from ..spreadsheets import TableError, read_table
from .archives import MemberError, SafeZip

# Column headings of the metadata sheet (lower case) → the attribute they fill.
COLUMNS = {
    "bestand": "file",
    "bestandsnaam": "file",
    "file": "file",
    "filename": "file",
    "titel": "title",
    "title": "title",
    "gemeente": "municipality",
    "gemeentecode": "municipality",
    "cbs-code": "municipality",
    "municipality": "municipality",
    "jaar": "year",
    "year": "year",
    "stakeholdergroep": "stakeholder_group",
    "groep": "stakeholder_group",
    "stakeholder_group": "stakeholder_group",
    "datum": "interview_date",
    "datum interview": "interview_date",
    "interviewdatum": "interview_date",
    "interview_date": "interview_date",
    "date": "interview_date",
    "labels": "labels",
    "label": "labels",
}


def nfc(name):
    return unicodedata.normalize("NFC", name)


def unpack_zip(file, limits=None):
    """The files in a zip as (name, bytes or None, problem or None), in archive order.

    The zip is opened by the safe-zip guard (archives.SafeZip, limits from settings unless given): it is
    refused as a whole (ArchiveError) when it is not one, holds too many files or unpacks to too much,
    counted while reading; a file too large once unpacked is listed with its problem. An entry with an
    absolute path or `..` is listed with its problem and not read. Folders and macOS/hidden files are left out.
    """
    with SafeZip(file, limits, skip=_is_hidden) as archive:
        found = []
        for info in archive.members:
            name = nfc(info.filename.replace("\\", "/"))
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in name.split("/"):
                found.append(
                    (name, None, "Een pad dat buiten de map wijst (absoluut of met ../) wordt niet uitgepakt.")
                )
                continue
            if info.flag_bits & 0x1:
                found.append((name, None, "Dit bestand in het zip-bestand is versleuteld."))
                continue
            try:
                found.append((name, archive.read(info), None))
            except MemberError as error:
                found.append((name, None, str(error)))
        return found


def _is_hidden(name):
    parts = name.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".")


def base_name(name):
    return posixpath.basename(name.replace("\\", "/"))


def read_sheet(file, name):
    """The metadata sheet → (rows, extra columns): rows are dicts by attribute (plus extra column names),
    keyed by the file name in lower case; raises TableError for a sheet without a file column or with a
    file twice."""
    table = [row for row in read_table(file, name) if any(cell.strip() for cell in row)]
    if not table:
        raise TableError("Het metadatabestand is leeg.")
    header = [cell.strip() for cell in table[0]]
    keys = [COLUMNS.get(cell.lower(), cell) for cell in header]
    if "file" not in keys:
        raise TableError("Het metadatabestand mist een kolom ‘bestand’ met de bestandsnamen.")
    extra = [key for key in keys if key and key not in COLUMNS.values()]
    rows = {}
    for number, cells in enumerate(table[1:], start=2):
        row = {key: cell.strip() for key, cell in zip(keys, cells) if key}
        file_name = nfc(base_name(row.get("file", "")))
        if not file_name:
            raise TableError(f"Regel {number} van het metadatabestand heeft geen bestandsnaam.")
        if file_name.lower() in rows:
            raise TableError(f"Het bestand “{file_name}” staat twee keer in het metadatabestand.")
        rows[file_name.lower()] = {**row, "file": file_name, "row": number}
    return rows, extra


def parse_year(value):
    """A year cell ("2021", "2021.0") → int, or ValueError with a Dutch message."""
    text = str(value).strip()
    if re.fullmatch(r"\d{4}(?:\.0+)?", text) and 1990 <= int(text[:4]) <= 2100:
        return int(text[:4])
    raise ValueError(f"‘{text}’ is geen jaartal (verwacht: 1990–2100).")


def parse_date(value):
    """A date cell (2021-03-15, 15-03-2021, 15/3/2021, or an Excel date as text) → date, or ValueError."""
    text = str(value).strip()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", text):
        year, month, day = (int(part) for part in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(f"‘{text}’ is geen datum (gebruik bijvoorbeeld 2021-03-15 of 15-03-2021).")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"‘{text}’ is geen bestaande datum.") from None


def match_municipality(value, municipalities):
    """(code, close matches) for a cell naming a municipality by CBS code (GM0363, 0363, 363) or name.

    municipalities: (code, name) pairs. code is None when nothing matches exactly; the close matches
    are then (code, name) pairs to pick from (difflib on the names).
    """
    text = " ".join(str(value).split())
    by_code = {code: code for code, _ in municipalities}
    if re.fullmatch(r"(?i)(?:GM)?\d{1,4}", text):
        code = "GM" + re.sub(r"\D", "", text).zfill(4)
        return (code, []) if code in by_code else (None, [])
    by_name = {name.casefold(): code for code, name in municipalities}
    key = text.casefold().removeprefix("gemeente ").strip()
    if key in by_name:
        return by_name[key], []
    names = {name.casefold(): (code, name) for code, name in municipalities}
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    return None, [names[name] for name in close]


def match_choice(value, choices):
    """The value of a (value, label) choice that the cell names by value or label, ignoring case; or None."""
    key = str(value).strip().casefold()
    for choice, label in choices:
        if key in (str(choice).casefold(), str(label).casefold()):
            return choice
    return None


def split_labels(value):
    return [label.strip()[:100] for label in re.split(r"[,;]", str(value)) if label.strip()]
