"""Indicator values from CSV or XLSX sheets: read → validate (a report, nothing stored) → store in one go.

Long form: columns gemeente (CBS code or name), indicator (code), jaar, waarde.
Wide form: a column gemeente, then one column per indicator and year ("voorzorg 2021", "voorzorg_2021"),
or only years ("2021") with one indicator given apart. "Nederland"/"landelijk"/"NL" is the national row.
Indicator metadata: an XLSX sheet named "indicatoren" (or a separate sheet file) with columns
code, naam, soort, eenheid, definitie, bron.
"""

import csv
import difflib
import io
import re
import unicodedata
from collections import namedtuple
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Indicator, Municipality, Observation

FIRST_YEAR = 1990
NATIONAL_NAMES = {"nederland", "landelijk", "nl", "nl01", "nederland (landelijk)", "totaal"}
COLUMNS = {
    "municipality": {"gemeente", "gemeentecode", "gemeentenaam", "municipality", "regio", "cbs-code"},
    "indicator": {"indicator", "indicatorcode", "indicator_code"},
    "year": {"jaar", "year", "peiljaar"},
    "value": {"waarde", "value"},
}
TYPES = (
    {label: value for value, label in Indicator.ValueType.choices}
    | {value: value for value in Indicator.ValueType.values}
    | {"ja-nee": "yes_no", "janee": "yes_no", "%": "percentage"}
)
YES, NO = {"ja", "j", "yes", "y", "1", "waar", "true", "x"}, {"nee", "n", "no", "0", "onwaar", "false"}
WIDE_COLUMN = re.compile(r"^(?:(?P<code>.*?)[\s_|:-]+)?(?P<year>(?:19|20)\d\d)$")

PROGRESS_STEP = 2000  # values checked between two reports of progress
Row = namedtuple("Row", "line indicator municipality year value")  # municipality None = national


class SheetError(ValueError):
    """A file that cannot be read as a sheet at all."""


@dataclass
class Report:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, message)
    new_indicators: list = field(default_factory=list)  # unsaved Indicator objects from the metadata
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def ok(self):
        return not self.errors and bool(self.rows)

    def summary(self):
        return (
            f"{len(self.rows)} waarden: {self.created} nieuw, {self.changed} gewijzigd, "
            f"{self.unchanged} ongewijzigd; {len(self.new_indicators)} nieuwe indicator(en)."
        )


def read_sheets(file, name):
    """{sheet name: list of rows (lists of cell values)} from a CSV or XLSX file object."""
    data = file.read()
    if name.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise SheetError(f"{name} is geen leesbaar Excel-bestand ({error.__class__.__name__}).") from None
        return {
            sheet.title.strip().casefold(): [list(r) for r in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }
    if not name.lower().endswith((".csv", ".txt", ".tsv")):
        raise SheetError(f"{name}: alleen CSV (.csv) en Excel (.xlsx) kunnen worden ingelezen.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # bytes such as 0x81 are neither UTF-8 nor Windows-1252
        raise SheetError(f"{name} is geen tekst in UTF-8 of Windows-1252; sla het op als CSV (UTF-8).")
    if "\x00" in text:
        raise SheetError(f"{name} is geen tekstbestand.")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    return {"data": [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]}


def _clean(cell):
    return unicodedata.normalize("NFC", str(cell)).strip() if cell is not None else ""


def _rows(table):
    """Header (casefolded) and the non-empty rows with their line numbers."""
    table = [row for row in table]
    while table and not any(_clean(c) for c in table[0]):
        table.pop(0)
    if not table:
        return [], []
    header = [_clean(c).casefold() for c in table[0]]
    return header, [(i + 2, row) for i, row in enumerate(table[1:]) if any(_clean(c) for c in row)]


class Places:
    """Municipality lookup by CBS code or name, with close matches for what is not found."""

    def __init__(self):
        self.by_code, self.by_name = {}, {}
        for municipality in Municipality.objects.all():
            self.by_code[municipality.code] = municipality
            self.by_name[municipality.name.casefold()] = municipality

    def find(self, raw):
        """(municipality or None for national, error or '')."""
        text = _clean(raw)
        key = text.casefold()
        if key in NATIONAL_NAMES:
            return None, ""
        code = key.upper()
        if re.fullmatch(r"\d{1,4}", code):
            code = f"GM{int(code):04d}"
        if code in self.by_code:
            return self.by_code[code], ""
        if key in self.by_name:
            return self.by_name[key], ""
        close = difflib.get_close_matches(key, self.by_name, n=3, cutoff=0.75)
        hint = f" Bedoelt u: {', '.join(self.by_name[c].name for c in close)}?" if close else ""
        return False, f"Onbekende gemeente ‘{text}’.{hint}"


def parse_number(raw):
    """A cell as a Decimal: numbers as they are, text with a Dutch decimal comma ('1.234,5') or a point.

    Raises ValueError with a Dutch message. Also used for the case variables of interviews.
    """
    if isinstance(raw, bool):
        raw = int(raw)
    if isinstance(raw, (int, float, Decimal)):
        value = Decimal(str(raw))
    else:
        text = _clean(raw).replace("%", "").replace(" ", "").replace("\u00a0", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"‘{_clean(raw)}’ is geen getal.") from None
    if not value.is_finite():
        raise ValueError(f"‘{_clean(raw)}’ is geen getal.")
    return value


def parse_value(raw, value_type):
    """The Decimal value of a cell for the indicator's type, or ValueError with a Dutch message."""
    word = _clean(raw).casefold() if isinstance(raw, str) else ""
    if value_type == Indicator.ValueType.YES_NO and word in YES | NO:
        return Decimal(int(word in YES))
    value = parse_number(raw)
    if value_type == Indicator.ValueType.YES_NO and value not in (0, 1):
        raise ValueError(f"‘{_clean(raw)}’ is geen ja/nee-waarde (gebruik ja/nee of 1/0).")
    if value_type == Indicator.ValueType.PERCENTAGE and not 0 <= value <= 100:
        raise ValueError(f"Percentage {_clean(raw)} ligt niet tussen 0 en 100.")
    if value_type == Indicator.ValueType.COUNT and (value < 0 or value != value.to_integral_value()):
        raise ValueError(f"Aantal {_clean(raw)} is geen heel getal van 0 of meer.")
    if abs(value) >= Decimal("1e12"):
        raise ValueError(f"{_clean(raw)} is te groot.")
    return value


def parse_metadata(table, report):
    """Indicators from a metadata sheet: new ones are kept unsaved on the report, known ones are updated."""
    header, rows = _rows(table)
    if "code" not in header:
        report.errors.append((1, "Het blad ‘indicatoren’ mist de kolom ‘code’."))
        return {}
    known = {i.code: i for i in Indicator.objects.all()}
    result = {}
    for line, row in rows:
        cells = dict(zip(header, (_clean(c) for c in row)))
        code = cells.get("code", "").lower()
        kind = TYPES.get(cells.get("soort", cells.get("type", "")).casefold(), "")
        indicator = known.get(code) or Indicator(code=code)
        indicator.name = cells.get("naam", cells.get("name", "")) or indicator.name
        indicator.value_type = kind or indicator.value_type
        for attribute, names in (
            ("unit", ("eenheid", "unit")),
            ("definition", ("definitie", "definition")),
            ("source", ("bron", "source")),
        ):
            value = next((cells[n] for n in names if cells.get(n)), "")
            setattr(indicator, attribute, value or getattr(indicator, attribute))
        if not re.fullmatch(r"[a-z0-9_-]{1,60}", code):
            report.errors.append((line, f"Indicatorcode ‘{code}’: gebruik kleine letters, cijfers, - en _."))
        elif not indicator.name or not indicator.value_type:
            report.errors.append(
                (
                    line,
                    f"Indicator ‘{code}’ heeft een naam en een soort nodig "
                    f"(ja/nee, percentage, aantal, bedrag of getal).",
                )
            )
        else:
            result[code] = indicator
            if indicator.pk is None:
                report.new_indicators.append(indicator)
    return result


def validate(sheets, indicator_code="", metadata=None, last_year=None, progress=None):
    """A Report of what would be stored: every row parsed, or the problems with their line numbers.
    `sheets` is left as it is (its "indicatoren" sheet is read, not removed: the confirmation reads it again);
    `progress(done, total)` is told about every PROGRESS_STEP rows checked."""
    sheets = dict(sheets)
    report = Report()
    last_year = last_year or timezone.now().year + 1
    indicators = {i.code: i for i in Indicator.objects.all()}
    meta = sheets.pop("indicatoren", None) if metadata is None else metadata
    if meta:
        indicators.update(parse_metadata(meta, report))
    if not sheets:
        report.errors.append((0, "Het bestand bevat geen blad met waarden."))
        return report
    header, rows = _rows(next(iter(sheets.values())))
    if not rows:
        report.errors.append((0, "Het bestand bevat geen waarden."))
        return report
    places, seen = Places(), {}
    long = {k: next((i for i, h in enumerate(header) if h in names), None) for k, names in COLUMNS.items()}
    if None not in long.values():
        cells = (
            (line, row[long["municipality"]], row[long["indicator"]], row[long["year"]], row[long["value"]])
            for line, row in rows
        )
    else:
        cells = _wide_cells(header, rows, long["municipality"], indicator_code, report)
    for number, (line, place, code, year, raw) in enumerate(cells, start=1):
        if progress and number % PROGRESS_STEP == 0:
            progress(min(line, len(rows)), len(rows))
        _check(report, indicators, places, seen, line, place, _clean(code).lower(), year, raw, last_year)
    if not report.errors:
        _compare_with_stored(report)
    return report


def _wide_cells(header, rows, place_column, indicator_code, report):
    columns = []
    for index, name in enumerate(header):
        match = WIDE_COLUMN.match(name) if index != place_column else None
        if match and (match["code"] or indicator_code):
            columns.append((index, match["code"] or indicator_code, int(match["year"])))
    if place_column is None or not columns:
        report.errors.append(
            (
                1,
                "Kolommen niet herkend: gebruik gemeente, indicator, jaar, waarde (lang) of "
                "gemeente plus kolommen als ‘voorzorg 2021’ (breed; bij alleen jaartallen: "
                "geef de indicator op).",
            )
        )
        return
    for line, row in rows:
        for index, code, year in columns:
            if index < len(row) and _clean(row[index]):
                yield line, row[place_column], code, year, row[index]


def _check(report, indicators, places, seen, line, place, code, year, raw, last_year):
    indicator = indicators.get(code)
    if indicator is None:
        report.errors.append((line, f"Onbekende indicator ‘{code}’: voeg hem toe in het blad ‘indicatoren’."))
        return
    municipality, problem = places.find(place)
    try:
        number = Decimal(_clean(year))
        if number != number.to_integral_value():  # 2023.5 is no year (it used to be taken as 2023)
            raise ValueError
        year = int(number)
    except (InvalidOperation, ValueError, OverflowError):
        problem = problem or _("Jaar ‘%(year)s’ is geen heel jaartal.") % {"year": _clean(year)}
    else:
        if not FIRST_YEAR <= year <= last_year:
            problem = problem or f"Jaar {year} ligt buiten {FIRST_YEAR}–{last_year}."
    if not problem and not _clean(raw):
        problem = "Lege waarde."
    if not problem:
        try:
            value = parse_value(raw, indicator.value_type)
        except ValueError as error:
            problem = str(error)
    if problem:
        report.errors.append((line, problem))
        return
    key = (code, municipality.pk if municipality else None, year)
    if key in seen:
        where = municipality.name if municipality else "landelijk"
        report.errors.append((line, f"Dubbel: {code} {where} {year} staat ook op regel {seen[key]}."))
        return
    seen[key] = line
    report.rows.append(Row(line, indicator, municipality, year, value))


def _compare_with_stored(report):
    stored = _stored(report.rows)
    for row in report.rows:
        old = stored.get((row.indicator.code, row.municipality.pk if row.municipality else None, row.year))
        if old is None:
            report.created += 1
        elif old.value == row.value:
            report.unchanged += 1
        else:
            report.changed += 1


def _stored(rows):
    codes = {row.indicator.code for row in rows if row.indicator.pk}
    return {
        (o.indicator.code, o.municipality_id, o.year): o
        for o in Observation.objects.filter(indicator__code__in=codes).select_related("indicator")
    }


def store(report, note=""):
    """Save the new indicators and every row of a validated report (new values added, changed ones updated).
    The rows are compared and built first; the transaction only writes (on SQLite it holds the one write lock)."""
    if not report.ok:
        raise ValueError("Er is niets opgeslagen: los eerst de fouten in het bestand op.")
    stored = _stored(report.rows)
    new, changed = [], []
    for row in report.rows:
        old = stored.get((row.indicator.code, row.municipality.pk if row.municipality else None, row.year))
        if old is None:
            new.append(
                Observation(
                    indicator=row.indicator, municipality=row.municipality, year=row.year, value=row.value, note=note
                )
            )
        elif old.value != row.value or old.synthetic:
            old.value, old.synthetic, old.note = row.value, False, note or old.note
            changed.append(old)
    with transaction.atomic():
        for indicator in {row.indicator.code: row.indicator for row in report.rows}.values():
            indicator.save()
        for indicator in report.new_indicators:
            if indicator.pk is None:
                indicator.save()
        Observation.objects.bulk_create(new, batch_size=1000)
        Observation.objects.bulk_update(changed, ["value", "synthetic", "note"], batch_size=1000)
    return len(new), len(changed)
