"""The summary grid (framework matrix): rows of interviews, cases (municipality × year) or municipalities, a
column per chosen theme, and in each cell the passages coded with that theme (or a subtheme) and the summary a
coder wrote there, with the quotes it rests on.

build_grid(grid, selection) reads everything in a fixed number of queries whatever the size of the grid: the
grid's themes, the codings of the selection (ids and offsets only, no text), the written cells and their
quotes, then the text of only the passages shown (`shown` per cell, and every chosen quote). The selection is
the grid's filters as the reader may see them (forms.grids.grid_selection: blind coding rounds respected).

save_cell() and delete_grid() change the grid and leave an Action in the history, in one transaction.
"""

import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .crosstabs import fetch
from .models import Action, Coding, GridCell, GridRows, Passage, Subject

SUMMARY_LIMIT = 10_000
CITATION = re.compile(r"\[(\d{1,3})\]")
NO_PLACE = "-"  # the key part of an interview without municipality or year


@dataclass
class Quote:
    """A passage in a cell; `number` is its place among the cell's chosen quotes (1, 2, …), else None."""

    pk: int
    interview_id: int
    interview_title: str
    start: int
    text: str = ""
    coder: str = ""
    number: int | None = None


@dataclass
class Cell:
    row: str
    theme: object
    passages: list = field(default_factory=list)  # Quote, in text order; only `shown` of them when limited
    count: int = 0  # every passage of the cell
    summary: str = ""
    written_by: str = ""
    written_at: object = None
    quotes: list = field(default_factory=list)  # the chosen quotes (Quote with a number), in text order

    @property
    def anchor(self):
        return f"cel-{self.row.replace(':', '-')}-{self.theme.pk}"

    @property
    def filled(self):
        return bool(self.summary)

    def summary_parts(self):
        """The summary as (text, quote or None) pieces: a citation [n] of a chosen quote becomes that quote."""
        return summary_parts(self.summary, self.quotes)


@dataclass
class Row:
    key: str
    label: str
    detail: str
    interview_ids: list
    cells: list = field(default_factory=list)


@dataclass
class Grid:
    grid: object
    themes: list
    rows: list
    filled: int = 0
    with_passages: int = 0

    @property
    def size(self):
        return len(self.rows) * len(self.themes)

    @property
    def empty(self):
        return self.size - self.with_passages


def summary_parts(summary, quotes):
    """[(text, quote or None)]: the summary cut at each citation [n] that names one of the numbered quotes."""
    numbered = {quote.number: quote for quote in quotes}
    parts, last = [], 0
    for match in CITATION.finditer(summary):
        quote = numbered.get(int(match.group(1)))
        if quote is not None:
            parts += [(summary[last : match.start()], None), (match.group(0), quote)]
            last = match.end()
    parts.append((summary[last:], None))
    return [(text, quote) for text, quote in parts if text]


# --- rows ---


def row_of(kind, case):
    """(key, label, detail, sort key) of the row an interview (a selection.cases() tuple) falls in."""
    pk, title, _municipality_id, code, name, year, _group = case
    place = name or _("zonder gemeente")
    if kind == GridRows.INTERVIEW:
        detail = " · ".join(str(part) for part in (name, year) if part)
        return str(pk), title, detail, (name or "~", year or 0, title.casefold(), pk)
    if kind == GridRows.CASE:
        key = f"{code or NO_PLACE}:{year or NO_PLACE}"
        return key, f"{place}, {year or '?'}", "", (name or "~", year or 0)
    return code or NO_PLACE, place, "", (name or "~",)


def grid_rows(kind, cases):
    """The rows of a grid over these cases, sorted by municipality name, year and title; each with its interviews."""
    rows, order = {}, {}
    for case in cases:
        key, label, detail, sort = row_of(kind, case)
        if key not in rows:
            rows[key], order[key] = Row(key, label, detail, []), sort
        rows[key].interview_ids.append(case[0])
    for row in rows.values():
        if kind != GridRows.INTERVIEW:
            count = len(row.interview_ids)
            row.detail = ngettext("%(count)d interview", "%(count)d interviews", count) % {"count": count}
    return [rows[key] for key in sorted(rows, key=order.__getitem__)]


# --- the grid ---


def _subtree(theme):
    ids, stack = [], [theme]
    while stack:
        node = stack.pop()
        ids.append(node.pk)
        stack.extend(getattr(node, "subthemes", []))
    return ids


def grid_columns(grid, selection):
    """The grid's themes in codebook order (each with .subthemes from the project's tree)."""
    chosen = set(grid.themes.values_list("pk", flat=True))
    tree = list(selection.all_themes or grid.project.themes.in_tree_order())
    return [theme for theme in tree if theme.pk in chosen]


def build_grid(grid, selection, shown=None, only=None):
    """The Grid of `grid` over `selection`: rows × the grid's themes, each cell with its passages (text exact),
    its count, its summary and its chosen quotes. `shown`: at most this many passages per cell get their text
    (the chosen quotes always do); None: all. `only`: (row key, theme id) builds that one cell's row and column."""
    themes = grid_columns(grid, selection)
    rows = grid_rows(grid.rows, selection.cases())
    if only is not None:
        rows = [row for row in rows if row.key == only[0]]
        themes = [theme for theme in themes if theme.pk == only[1]]
    built = Grid(grid, themes, rows)
    if not rows or not themes:
        return built
    row_of_interview = {pk: row.key for row in rows for pk in row.interview_ids}
    columns_of_theme = {}  # a theme's codings count in its own column and in those of its ancestors in the grid
    for theme in themes:
        for pk in _subtree(theme):
            columns_of_theme.setdefault(pk, []).append(theme.pk)
    titles = {case[0]: case[1] for case in selection.cases()}
    in_order = sorted(row_of_interview, key=lambda pk: (titles[pk].casefold(), pk))  # a cell's passages: by title
    found = _passages(selection, {pk: (n, row_of_interview[pk]) for n, pk in enumerate(in_order)}, columns_of_theme)
    written = _written(grid, {row.key for row in rows}, {theme.pk for theme in themes})
    cells = {}
    for row in rows:
        for theme in themes:
            cell = Cell(row.key, theme)
            spans = [(in_order[n], start, pk) for n, start, pk in sorted(found.get((row.key, theme.pk), {}).values())]
            cell.count = len(spans)
            chosen = written.get((row.key, theme.pk))
            if chosen:
                cell.summary, cell.written_by, cell.written_at, quote_ids = chosen
                keep = [span for span in spans if span[2] in quote_ids]
                cell.quotes = [Quote(pk, i, titles[i], start, number=n) for n, (i, start, pk) in enumerate(keep, 1)]
            numbers = {quote.pk: quote.number for quote in cell.quotes}
            limited = spans if shown is None else spans[:shown]
            cell.passages = [Quote(pk, i, titles[i], start, number=numbers.get(pk)) for i, start, pk in limited]
            row.cells.append(cell)
            cells[(row.key, theme.pk)] = cell
            built.filled += cell.filled
            built.with_passages += bool(spans)
    _add_texts([quote for cell in cells.values() for quote in cell.passages + cell.quotes])
    return built


def _passages(selection, rank_and_row, columns_of_theme):
    """{(row key, column theme id): {passage id: (interview's rank, start, passage id)}}: one query over the codings;
    `rank_and_row`: interview id → (its place in the cells' order, its row key).

    As crosstabs.Study reads them: by the interviews' ids and without a theme filter, so SQLite walks the passage
    and coding indexes only, read straight from the cursor; the themes are picked here."""
    codings = Coding.objects.filter(content_object__interview_id__in=list(rank_and_row)).order_by()
    codings = selection.visible(codings.filter(content_object__coder=selection.coder) if selection.coder else codings)
    fields = ("content_object_id", "tag_id", "content_object__interview_id", "content_object__start")
    found = {}
    for passage_id, theme_id, interview_id, start in fetch(codings.values_list(*fields)):
        rank, row = rank_and_row[interview_id]
        for column in columns_of_theme.get(theme_id, ()):
            found.setdefault((row, column), {})[passage_id] = (rank, start, passage_id)
    return found


def _written(grid, rows, themes):
    """{(row key, theme id): (summary, writer's username, when, {quote passage ids})}: two queries."""
    cells = {
        pk: (row, theme_id, summary, username or "", at)
        for pk, row, theme_id, summary, username, at in grid.cells.order_by().values_list(
            "pk", "row", "theme_id", "summary", "written_by__username", "written_at"
        )
        if row in rows and theme_id in themes
    }
    quotes = {}
    for cell_id, passage_id in GridCell.quotes.through.objects.filter(gridcell__grid=grid).values_list(
        "gridcell_id", "passage_id"
    ):
        quotes.setdefault(cell_id, set()).add(passage_id)
    return {
        (row, theme): (summary, by, at, quotes.get(pk, set())) for pk, (row, theme, summary, by, at) in cells.items()
    }


def _add_texts(quotes, batch=5_000):
    """Fill in each quote's text (passage.text, which is interview.text[start:end]) and coder: a query per 5,000
    passages, written out because Django prepares each value of a long `pk__in` one by one (140 ms for 6,000) and
    psycopg splits a query of thousands of placeholders (40 ms): PostgreSQL gets the ids as one array."""
    ids = sorted({quote.pk for quote in quotes})
    passage, user = Passage._meta.db_table, Passage._meta.get_field("coder").related_model._meta.db_table
    select = f"SELECT p.id, p.text, u.username FROM {passage} p JOIN {user} u ON u.id = p.coder_id WHERE p.id "
    texts = {}
    with connection.cursor() as cursor:
        for first in range(0, len(ids), batch):
            chunk = ids[first : first + batch]
            if connection.vendor == "postgresql":
                cursor.execute(select + "= ANY(%s)", [chunk])
            else:
                cursor.execute(select + f"IN ({', '.join(['%s'] * len(chunk))})", chunk)
            texts.update((pk, (text, coder)) for pk, text, coder in cursor.fetchall())
    for quote in quotes:
        quote.text, quote.coder = texts[quote.pk]


# --- changes, each with its Action ---


def cell_snapshot(cell):
    """A stored GridCell as history keeps it (None when there is none)."""
    if cell is None:
        return {}
    return {"summary": cell.summary, "quotes": sorted(cell.quotes.values_list("pk", flat=True))}


@transaction.atomic
def save_cell(grid, row, theme, summary, quote_ids, user, now=None):
    """Write (or with an empty summary, remove) the summary of one cell and its quotes; record it in the history.
    Returns the verb ("create", "update", "delete") or None when nothing changed."""
    stored = GridCell.objects.select_for_update().filter(grid=grid, row=row, theme=theme).first()
    before = cell_snapshot(stored)
    if not summary:
        if stored is None:
            return None
        stored.delete()
        verb, after = "delete", {}
    else:
        cell = stored or GridCell(grid=grid, row=row, theme=theme)
        cell.summary, cell.written_by, cell.written_at = summary, user, now or timezone.now()
        cell.save()
        cell.quotes.set(sorted(quote_ids))
        after = cell_snapshot(cell)
        if after == before:
            return None
        verb = "update" if stored else "create"
    label = f"{grid.name}: {row} × {theme.name}"
    Action.record(grid.project, user, Subject.GRID_CELL, verb, subject_id=grid.pk, label=label,
                  before={**before, "row": row, "theme": theme.pk} if before else {},
                  after={**after, "row": row, "theme": theme.pk} if after else {})  # fmt: skip
    return verb


def grid_snapshot(grid):
    """A grid with its cells, as history keeps it (enough to put it back by hand)."""
    return {
        "name": grid.name,
        "rows": grid.rows,
        "themes": sorted(grid.themes.values_list("pk", flat=True)),
        "filters": grid.filters,
        "cells": [
            {"row": cell.row, "theme": cell.theme_id, "summary": cell.summary,
             "quotes": sorted(q.pk for q in cell.quotes.all())}
            for cell in grid.cells.prefetch_related("quotes")
        ],
    }  # fmt: skip


@transaction.atomic
def create_grid(grid, themes, user):
    """Store a new grid with its themes and record it."""
    grid.created_by = user
    grid.save()
    grid.themes.set(themes)
    Action.record(grid.project, user, Subject.GRID, "create", subject_id=grid.pk, label=grid.name,
                  after=grid_snapshot(grid))  # fmt: skip
    return grid


@transaction.atomic
def delete_grid(grid, user):
    """Delete a grid and its cells; the history keeps all of it."""
    before, pk = grid_snapshot(grid), grid.pk
    grid.delete()
    Action.record(grid.project, user, Subject.GRID, "delete", subject_id=pk, label=grid.name, before=before)
