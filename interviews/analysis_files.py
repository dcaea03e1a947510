"""The analyses as sheets (CSV, XLSX): plain functions writing to file objects (the charts are charts.py).

A sheet is (title, header, rows); a missing value is None and stays an empty cell, never 0.
"""

import math
import unicodedata

from . import spreadsheets


def _number(value, digits=1):
    """A rounded float; None stays None (an empty cell) and infinity becomes the text 'oneindig'."""
    if value is None:
        return None
    value = float(value)
    return "oneindig" if math.isinf(value) else round(value, digits)


# --- tables as rows ---


def crosstab_sheet(table, title="thema's × groepen"):
    header = ["thema", "niveau"]
    for group in table.groups:
        header += [
            f"{group.label}: passages",
            f"{group.label}: interviews",
            f"{group.label}: % interviews",
            f"{group.label}: passages per interview",
        ]
    header += ["toets", "statistiek", "p", "n (toets)", "waarschuwing"]
    rows = [["n interviews", None] + [v for g in table.groups for v in (None, g.n, None, None)] + [None] * 5]
    for row in table.rows:
        cells = [
            v for c in row.cells for v in (c.passages, c.interviews, _number(c.share), _number(c.per_interview, 2))
        ]
        test = row.test
        rows.append(
            [row.theme.name, row.depth]
            + cells
            + (
                [test.name, _number(test.statistic, 4), _number(test.p, 4), test.n, test.warning]
                if test
                else ["geen toets", None, None, None, None]
            )
        )
    return title, header, rows


def trend_sheet(trend, indicator=None):
    header = ["thema"] + [str(y) for y in trend.years]
    rows = [[row.theme.name] + [_number(c.share) for c in row.cells] for row in trend.rows]
    if indicator is not None:
        rows.append([f"{indicator.name} (landelijk)"] + [_number(v, 2) for v in trend.national])
        rows.append([f"{indicator.name} (gemiddelde gemeenten in studie)"] + [_number(v, 2) for v in trend.local])
    return "trends (% interviews)", header, rows


def cooccurrence_sheets(study, overlap, same):
    names, ids = [t.name for t in study.themes], [t.pk for t in study.themes]
    sheets = []
    for title, table in (("overlappende passages", overlap), ("zelfde interview", same)):
        rows = [[name] + [table[a][b] for b in ids] for name, a in zip(names, ids)]
        sheets.append((title, ["thema"] + names, rows))
    return sheets


def joint_sheet(rows, indicators):
    header = ["eenheid"] + [i.name for i in indicators]
    themes = rows[0].themes if rows else []
    for item in themes:
        quote = "samenvatting of citaat" if any(item.summary for row in rows for item in row.themes) else "citaat"
        header += [f"{item.theme.name}: interviews", f"{item.theme.name}: passages", f"{item.theme.name}: {quote}"]
    out = []
    for row in rows:
        cells = [row.label] + ["; ".join(values) for values in row.values]
        for item in row.themes:
            cells += [item.interviews, item.passages, item.summary or (item.exemplar[1] if item.exemplar else None)]
        out.append(cells)
    return "joint display", header, out


# --- theme × interview matrix for SPSS and R ---

RESERVED = {"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"}


def variable_names(names, limit=32, taken=()):
    """Names SPSS and R both accept: ASCII letters, digits and _, starting with a letter, unique (also
    against `taken`), at most `limit` long."""
    result, seen = [], set(taken)
    for name in names:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        base = "".join(ch if ch.isalnum() else "_" for ch in ascii_name.lower()).strip("_")
        base = "_".join(part for part in base.split("_") if part) or "thema"
        if not base[0].isalpha() or base in RESERVED:
            base = f"t_{base}"
        base, candidate, n = base[:limit], base[:limit], 1
        while candidate in seen:
            n += 1
            candidate = f"{base[: limit - len(str(n)) - 1]}_{n}"
        seen.add(candidate)
        result.append(candidate)
    return result


def theme_matrix_sheet(study, binary=False):
    """One row per coded interview with its attributes and a count (or 0/1) per theme."""
    fixed = ["interview_id", "titel", "gemeente_code", "jaar", "groep"]
    header = fixed + variable_names([t.name for t in study.themes], taken=fixed)
    rows, columns = [], [study.counts[t.pk] for t in study.themes]
    for case in sorted(study.cases.values(), key=lambda c: c.id):
        counts = [column.get(case.id, 0) for column in columns]
        rows.append(
            [case.id, case.title, case.municipality_code or None, case.year, case.group or None]
            + [int(bool(c)) if binary else c for c in counts]
        )
    return "thema × interview", header, rows


# --- writers (through spreadsheets, the one CSV and XLSX writer: every cell safe from formula injection) ---


def write_csv(file, sheet):
    """One sheet as CSV (UTF-8 with BOM so Excel shows accents; ';' would be Dutch Excel, ',' suits R and SPSS)."""
    _title, header, rows = sheet
    spreadsheets.write_csv(file, header, rows)


def write_xlsx(file, sheets, notes=()):
    """Sheets as one workbook; notes (filters, warnings) on a last sheet 'toelichting'."""
    book = [(title, header, rows, []) for title, header, rows in sheets]
    if notes:
        book.append(("toelichting", [], [[note] for note in notes], [100]))
    spreadsheets.write_xlsx(file, book)


def grid_sheets(built):
    """A summary grid (summary_grid.Grid) as sheets: the grid itself (a row per row, a column per theme, the
    summaries in the cells) and its quotes, one line each with row, theme, number and text."""
    header = ["rij", "toelichting"] + [theme.name for theme in built.themes]
    rows = [[row.label, row.detail or None] + [cell.summary or None for cell in row.cells] for row in built.rows]
    quotes = [
        [row.label, cell.theme.name, quote.number, quote.interview_title, quote.text]
        for row in built.rows
        for cell in row.cells
        for quote in cell.quotes
    ]
    return [
        (built.grid.name, header, rows),
        ("citaten", ["rij", "thema", "nummer", "interview", "citaat"], quotes),
    ]
