"""The summary grid's rows, written in Python a row at a time (as analysis_tags does for the big tables): a grid
of 200 interviews × 10 themes has 2,000 cells, and Django's include and url tags per cell and quote cost more
than building the grid. Every value from the database goes through escape(); the page works without script."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()
QUOTE_LENGTH, PASSAGE_LENGTH = 300, 160


def _short(text, length):
    return text if len(text) <= length else text[: length - 1] + "…"


class _Links:
    """The URLs and words a grid page repeats, reversed and translated once each."""

    def __init__(self, slug, grid, can_write):
        self.slug, self.grid, self.interviews = slug, grid, {}
        pattern = reverse("interviews:grid_cell", args=[slug, grid.pk, "ROW", 0])
        self.cell_base = pattern[: pattern.rindex("ROW")]
        self.words = {
            "none": escape(_("Nog geen samenvatting.")),
            "blank": escape(_("Geen passages")),
            "edit": escape(_("bewerken") if can_write else _("alle passages")),
            "write": escape(_("samenvatting schrijven") if can_write else _("alle passages")),
        }
        self.counts = {}

    def count(self, n):
        if n not in self.counts:
            self.counts[n] = ngettext("%(n)d passage", "%(n)d passages", n) % {"n": n} + " · "
        return self.counts[n]

    def quote(self, quote):
        if quote.interview_id not in self.interviews:
            self.interviews[quote.interview_id] = reverse(
                "interviews:interview_detail", args=[self.slug, quote.interview_id]
            )
        return f"{self.interviews[quote.interview_id]}#p{quote.pk}"

    def cell(self, cell):
        return f"{self.cell_base}{cell.row}/{cell.theme.pk}/"  # row keys are digits, CBS codes, years and ':' or '-'


def _quote(links, quote, length):
    return (
        f"<q>{escape(_short(quote.text, length))}</q> "
        f'<a href="{escape(links.quote(quote))}">{escape(quote.interview_title)}</a>'
    )


def _summary(links, cell):
    parts = []
    for text, quote in cell.summary_parts():
        if quote is None:
            parts.append(escape(text).replace("\n", "<br>"))
        else:
            parts.append(f'<a href="#{cell.anchor}-q{quote.number}">{escape(text)}</a>')
    written = date_format(localtime(cell.written_at), "j M Y H:i") if cell.written_at else ""
    by = f'<p class="grid-by">{escape(cell.written_by or "—")}, {written}</p>'
    quotes = "".join(
        f'<li id="{cell.anchor}-q{q.number}" value="{q.number}">{_quote(links, q, QUOTE_LENGTH)}</li>'
        for q in cell.quotes
    )
    return f'<p class="grid-summary">{"".join(parts)}</p>{by}' + (
        f'<ol class="grid-quotes">{quotes}</ol>' if quotes else ""
    )


def grid_cell(links, cell, label):
    """One cell: its summary with the numbered quotes, or its first passages, or that it has none; and the link to
    the cell's page (`label`: the row and theme, escaped, for screen readers)."""
    words = links.words
    if cell.filled:
        kind, body = "filled", _summary(links, cell)
    elif cell.count:
        items = "".join(f"<li>{_quote(links, q, PASSAGE_LENGTH)}</li>" for q in cell.passages)
        kind, body = "open", f'<p class="grid-status">{words["none"]}</p><ul class="grid-passages">{items}</ul>'
    else:
        kind, body = "blank", f'<p class="grid-status">{words["blank"]}</p>'
    count = links.count(cell.count) if cell.count else ""
    action = words["edit"] if cell.filled else words["write"]
    link = f'<a href="{escape(links.cell(cell))}">{action}<span class="visually-hidden">: {label}</span></a>'
    return f'<td id="{escape(cell.anchor)}" class="{kind}">{body}<p class="grid-actions">{count}{link}</p></td>'


@register.simple_tag
def grid_rows(built, slug, can_write):
    """Every row of the grid as <tr> elements: the row's name, then a cell per theme."""
    links = _Links(slug, built.grid, can_write)
    names = [escape(theme.name) for theme in built.themes]
    out = []
    for row in built.rows:
        detail = f'<span class="grid-detail">{escape(row.detail)}</span>' if row.detail else ""
        label = escape(row.label)
        cells = [grid_cell(links, cell, f"{name}, {label}") for cell, name in zip(row.cells, names)]
        out.append(f'<tr><th scope="row">{escape(row.label)}{detail}</th>{"".join(cells)}</tr>')
    return mark_safe("\n".join(out))
