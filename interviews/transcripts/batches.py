"""Bulk import: files out of a .zip, a metadata sheet read into rows per file, its cells checked.

Pure functions over file objects and plain values; no Django.
"""

import datetime
import difflib
import posixpath
import re
import unicodedata
import zipfile

from ..spreadsheets import TableError, read_table

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


class ArchiveError(ValueError):
    """A zip file that is refused as a whole; the message is for the researcher."""


def nfc(name):
    return unicodedata.normalize("NFC", name)


def unpack_zip(file, max_files, max_bytes, max_file_bytes):
    """The files in a zip as (name, bytes or None, problem or None), in archive order.

    Refuses the whole zip when it is not one, holds more than max_files files or would unpack to more
    than max_bytes (counted while reading, so a lying header does not help). An entry with an absolute
    path or `..` is listed with its problem and not read. Folders and macOS/hidden files are left out.
    """
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError):
        raise ArchiveError("Dit zip-bestand is beschadigd of geen zip-bestand.") from None
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        entries = [info for info in entries if not _is_hidden(info.filename)]
        if len(entries) > max_files:
            raise ArchiveError(f"Het zip-bestand bevat {len(entries)} bestanden; het maximum is {max_files}.")
        if sum(info.file_size for info in entries) > max_bytes:
            raise ArchiveError(f"Het zip-bestand is uitgepakt groter dan {max_bytes // 2**20} MB.")
        found, total = [], 0
        for info in entries:
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
                data = _read_capped(archive, info, max_file_bytes)
            except ArchiveError as error:
                found.append((name, None, str(error)))
                continue
            except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError):
                found.append((name, None, "Dit bestand in het zip-bestand is beschadigd."))
                continue
            total += len(data)
            if total > max_bytes:
                raise ArchiveError(f"Het zip-bestand is uitgepakt groter dan {max_bytes // 2**20} MB.")
            found.append((name, data, None))
        return found


def _is_hidden(name):
    parts = name.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".")


def _read_capped(archive, info, limit):
    with archive.open(info) as entry:
        data = entry.read(limit + 1)
    if len(data) > limit:
        raise ArchiveError(f"Dit bestand is uitgepakt groter dan toegestaan ({limit // 2**20} MB).")
    return data


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
