"""Tables in and out: CSV and XLSX, as functions over file objects. The one writer of each format in the app.

Writing streams (CSV line by line, XLSX a row at a time as SpreadsheetML written here: see XLSX_STATIC for
why not openpyxl or XlsxWriter); reading XLSX uses openpyxl, and every test reads what we write back with it.
Cells are always data: a text that starts like a formula (formula_like) gets a leading apostrophe in CSV
(taken off again on reading) and, in XLSX, is a text cell with Excel's quote prefix: the same apostrophe kept
in the cell's style, so the value stays the researcher's text for openpyxl, R and pandas. Numbers stay numbers.
"""

import csv
import datetime
import io
import math
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from .clock import made_on
from .transcripts.archives import ArchiveError, BadArchive, SafeZip

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_STARTS)
MAX_ROWS = 10_000


class TableError(ValueError):
    """A table that cannot be read; the message is Dutch and meant for the researcher."""


# --- writing ---


def formula_like(text):
    """Whether a spreadsheet would read this text as a formula (or start one): the one rule for every cell."""
    return text[:1] in FORMULA_FIRST


def csv_cell(value):
    if type(value) is str:  # the common case first, formula_like's rule inline: a call per cell is 0.6 million
        return "'" + value if value[:1] in FORMULA_FIRST else value  # calls in the bench's codings CSV
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() returns what it was given (for streaming CSV lines)."""

    def write(self, value):
        return value


def csv_lines(header, rows, per_piece=200):
    """The CSV as an iterator of text pieces of up to `per_piece` lines each (UTF-8 BOM first, so Excel keeps
    accents): for streaming."""
    writer = csv.writer(_Echo())
    pending = ["\ufeff" + writer.writerow([csv_cell(name) for name in header])]
    for row in rows:
        pending.append(writer.writerow([csv_cell(value) for value in row]))
        if len(pending) >= per_piece:
            yield "".join(pending)
            pending = []
    yield "".join(pending)


def write_csv(file, header, rows):
    """Write a CSV (UTF-8 with BOM) to a binary file object."""
    for line in csv_lines(header, rows):
        file.write(line.encode("utf-8"))


# XLSX is written here as SpreadsheetML text into a zip, a row at a time, because the libraries cost too much
# for the budget of 100 ms for the 545-codings table (the bench's export_codings_xlsx_545, whose request took
# 57 ms on SQLite and 93 ms on PostgreSQL with this writer, 23 Nov 2026). Measured 4 Dec 2026 on the 2-core
# VM, medians of 20, the rows of the bench's one-interview project (545 codings, other tests running):
# writing them took 29 ms here, 154 ms with XlsxWriter 3.3 in constant_memory mode and 87 ms in in_memory
# mode (which holds every cell of a 50,000-codings export in memory); the whole request in-process 70 ms
# here against 269 ms with XlsxWriter. openpyxl (write-only) took 170-200 ms for the writing alone.
XLSX_STATIC = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{sheets}</Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
    "xl/styles.xml": (  # cell styles: 0 plain, 1 date, 2 date and time, 3 bold (the header), 4 and 5: 0 and 3
        # with Excel's quote prefix (QUOTED), which keeps a formula-like text a text even when it is edited
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
        '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" quotePrefix="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EPOCH = datetime.datetime(1899, 12, 30)
QUOTED = {0: 4, 3: 5}  # a style → the same with the quote prefix


def _xlsx_cell(ref, value, style=0):
    """One <c> element; None gives nothing, text is inline (so never a formula)."""
    if type(value) is str:  # the common case first
        return _text_cell(ref, value, style) if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)) and math.isfinite(value):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, datetime.datetime):
        delta = value.replace(tzinfo=None) - EPOCH
        return f'<c r="{ref}" s="2"><v>{delta.days + delta.seconds / 86400:.8f}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="1"><v>{(value - EPOCH.date()).days}</v></c>'
    return _text_cell(ref, str(value), style)


def _text_cell(ref, text, style=0):
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if formula_like(text):
        style = QUOTED[style]
    styled = f' s="{style}"' if style else ""
    text = escape(text)
    return f'<c r="{ref}" t="inlineStr"{styled}><is><t xml:space="preserve">{text}</t></is></c>'


FROZEN_HEADER = (
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
)


def _sheet_xml(header, rows, widths):
    """The sheet's XML in pieces: frozen header row in bold, column widths, then a row at a time. Without a
    header (a sheet of notes) the rows start at the top and nothing is frozen."""
    letters = [get_column_letter(i) for i in range(1, max(len(header), len(widths), 1) + 1)]
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    yield (
        f'<worksheet xmlns="{MAIN}">{FROZEN_HEADER if header else ""}'
        f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>"
    )
    if header:
        yield '<row r="1">' + "".join(_xlsx_cell(f"{c}1", name, 3) for c, name in zip(letters, header)) + "</row>"
    for number, row in enumerate(rows, start=2 if header else 1):
        if len(row) > len(letters):
            letters += [get_column_letter(i) for i in range(len(letters) + 1, len(row) + 1)]
        yield (
            f'<row r="{number}">'
            + "".join(_xlsx_cell(f"{c}{number}", value) for c, value in zip(letters, row))
            + "</row>"
        )
    yield "</sheetData></worksheet>"


def sheet_names(titles):
    """Titles as unique sheet names Excel accepts: without []:*?/\\, no apostrophe at either end, ≤ 31 long."""
    names, used = [], set()
    for title in titles:
        name = "".join(ch for ch in title if ch not in "[]:*?/\\").strip("'")[:31].strip("'") or "blad"
        while name.lower() in used:
            name = f"{name[:27]}_{len(used)}"
        used.add(name.lower())
        names.append(name)
    return names


def write_xlsx(file, sheets):
    """Write a workbook to a binary file object. sheets: (title, header, rows, column widths) tuples; rows
    may be an iterator (it is written as it comes); an empty header gives a sheet of rows only (notes)."""
    titles = [escape(name, {'"': "&quot;"}) for name in sheet_names([title for title, *_ in sheets])]
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        + "".join(f'<sheet name="{title}" sheetId="{n}" r:id="rId{n}"/>' for n, title in enumerate(titles, 1))
        + "</sheets></workbook>"
    )
    relations = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{n}" Target="worksheets/sheet{n}.xml" Type="{RELS}/worksheet"/>'
            for n in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Target="styles.xml" '
        f'Type="{RELS}/styles"/></Relationships>'
    )
    parts = {
        **XLSX_STATIC,
        "[Content_Types].xml": XLSX_STATIC["[Content_Types].xml"].replace("{sheets}", overrides),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": relations,
    }
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
        for n, (_title, header, rows, widths) in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as sheet:
                pending = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n']
                for piece in _sheet_xml(header, rows, widths):
                    pending.append(piece)
                    if len(pending) >= 500:  # a few hundred rows per write keeps the zip's overhead small
                        sheet.write("".join(pending).encode("utf-8"))
                        pending = []
                sheet.write("".join(pending).encode("utf-8"))


def summary_sheets(summary):
    """The theme summary as workbook sheets (for write_xlsx)."""
    themes = summary.themes
    about = [
        ("Project", summary.project.name),
        ("Gemaakt op", made_on(summary.created)),
        ("Filters", summary.filters),
        ("Interviews", summary.interview_count),
        ("Pseudoniemen", "ja" if summary.pseudonymised else "nee"),
    ]
    overview = [
        [
            t.theme.name,
            t.theme.depth,
            t.theme.definition,
            t.passages,
            t.interviews,
            t.tree_passages,
            t.tree_interviews,
            len(t.memos),
        ]
        for t in themes
    ]
    groups = [[t.theme.name, label, p, i] for t in themes for label, p, i in t.by_group]
    years = [[t.theme.name, year, p, i] for t in themes for year, p, i in t.by_year]
    quotes = [
        [t.theme.name, n, q.text, q.interview, q.group, q.municipality, q.year, "ja" if q.starred else "nee"]
        for t in themes
        for n, q in enumerate(t.quotes, start=1)
    ]
    memos = [[t.theme.name, m.title, m.text, m.author.username, m.created_at.date()] for t in themes for m in t.memos]
    return [
        ("Over deze export", ["Gegeven", "Waarde"], about, [18, 60]),
        (
            "Thema's",
            [
                "thema",
                "niveau",
                "definitie",
                "passages",
                "interviews",
                "passages met subthema's",
                "interviews met subthema's",
                "memo's",
            ],
            overview,
            [28, 8, 60, 10, 10, 12, 12, 8],
        ),
        ("Per stakeholdergroep", ["thema", "stakeholdergroep", "passages", "interviews"], groups, [28, 24, 10, 10]),
        ("Per jaar", ["thema", "jaar", "passages", "interviews"], years, [28, 12, 10, 10]),
        (
            "Citaten",
            ["thema", "nr", "citaat", "interview", "stakeholdergroep", "gemeente", "jaar", "ster"],
            quotes,
            [28, 5, 80, 28, 20, 20, 8, 6],
        ),
        ("Memo's", ["thema", "titel", "tekst", "auteur", "datum"], memos, [28, 30, 80, 14, 12]),
    ]


def write_agreement(report, file):
    """The agreement of coders (agreement_report.Report) as a workbook: the method and the choice, then a sheet
    per level with a row per theme and the figures over all themes; a figure that cannot be computed says why."""
    about = [
        ["Codeurs", ", ".join(user.get_full_name() or user.username for user in report.coders)],
        ["Interviews", len(report.interviews)],
        ["Thema's", len(report.themes)],
        ["Methode", report.methods()],
    ] + [[level.title, level.unit] for level in report.levels]
    sheets = [("Over deze export", ["Gegeven", "Waarde"], about, [18, 120])]
    for level in report.levels:
        rows = [[theme.name, *(cell.export() for cell in cells), words] for theme, cells, words in level.rows]
        rows += [[], *([label, cell.export()] for label, cell in level.summary)]
        sheets.append((level.title, level.columns, rows, [32] + [14] * (len(level.columns) - 2) + [50]))
    write_xlsx(file, sheets)


# --- reading ---


def read_table(file, name):
    """Rows of a CSV or XLSX file as lists of strings (the header first), by the file name's extension."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "csv":
        return read_csv(file)
    if extension == "xlsx":
        return read_xlsx(file)
    raise TableError("Kies een .csv- of .xlsx-bestand.")


def _decode(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("De tekens van dit bestand zijn niet te lezen: sla het op als CSV (UTF-8).")


def read_csv(file):
    """Rows of a CSV in UTF-8 (with or without BOM) or Windows-1252, separated by commas, semicolons or tabs."""
    text = _decode(file.read())
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise TableError(f"Dit CSV-bestand is niet te lezen: {error}.") from None
    if len(rows) > MAX_ROWS:
        raise TableError(f"Het bestand heeft meer dan {MAX_ROWS} regels.")
    return [[_uncell(value) for value in row] for row in rows]


def _uncell(value):
    """A CSV cell as written by csv_cell: without the apostrophe that kept a formula-like text inert."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def read_xlsx(file):
    """Rows of the first sheet of an XLSX file, every cell as text ('' when empty)."""
    try:
        with SafeZip(file, what="werkboek") as archive:
            archive.check()  # openpyxl reads the package itself: every member is inflated within bounds first
        file.seek(0)
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        if isinstance(error, ArchiveError) and not isinstance(error, BadArchive):
            raise TableError(f"Dit werkboek wordt niet gelezen: {error}") from None
        raise TableError("Dit is geen leesbaar Excel-werkboek (.xlsx).") from None
    try:
        rows = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            if len(rows) >= MAX_ROWS:
                raise TableError(f"Het werkblad heeft meer dan {MAX_ROWS} rijen.")
            rows.append(["" if value is None else str(value) for value in row])
        return rows
    finally:
        book.close()
