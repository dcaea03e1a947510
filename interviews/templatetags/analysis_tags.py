"""Numbers in the analysis pages: Dutch decimal comma, and '—' for what cannot be computed (never 0%).

The big tables (sixty themes × groups, theme × theme grids, a joint display of thousands of cells) are
written here in Python, a row at a time: Django's template loop costs more than the analysis itself.
Every value from the database goes through escape().
"""

from html import escape
from urllib.parse import parse_qsl, urlencode

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()

MISSING = "—"


def _dutch(value, digits):
    value = float(value)
    if value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else "-∞"
    return f"{value:.{digits}f}".replace(".", ",")


@register.filter
def pct(value, digits=0):
    """43.21 → '43%'; None → '—' (nothing to divide by)."""
    return MISSING if value is None else f"{_dutch(value, int(digits))}%"


@register.filter
def dec(value, digits=2):
    return MISSING if value is None else _dutch(value, int(digits))


@register.filter
def pvalue(value):
    if value is None:
        return MISSING
    return "< 0,001" if value < 0.001 else _dutch(value, 3)


LEFT_OUT = ("format", "chart", "pagina")  # page-only parameters a count's link does not carry


def passages_href(slug, theme_id, query, **params):
    """The retrieval URL of a count (HTML-escaped): the analysis page's query string (its filters) with the
    count's own parameters put over it (an empty value removes a parameter) and the theme's subthemes, as
    every analysis counts a theme with its subtree."""
    base = reverse("interviews:theme_passages", args=[slug, theme_id])
    params = {"subthemes": "on", **params}
    pairs = [(k, v) for k, v in parse_qsl(query or "") if k not in params and k not in LEFT_OUT]
    pairs += [(k, v) for k, v in params.items() if v not in (None, "")]
    return escape(f"{base}?{urlencode(pairs)}")


def _count_link(text, href, label):
    return f'<a href="{href}" class="count-link" aria-label="{escape(label)}">{text}</a>'


@register.simple_tag
def joint_row(row, per, choose_url, back, slug=None, query=""):
    """One row of the joint display: the unit, its indicator values, and a cell per theme (its counts link
    to the passages behind them when `slug` is given)."""
    values = "".join(f"<td>{'<br>'.join(escape(value) for value in values)}</td>" for values in row.values)
    link = None
    if row.key is not None:
        link = f'<a href="{escape(choose_url)}?key={row.key}&amp;per={escape(per)}&amp;back={escape(back)}&amp;theme='
    if per == "interview":
        where = {"interview": row.key}
    elif row.key is None:
        where = {"by": "municipality", "group": "onbekend", "municipality": ""}
    else:
        where = {"municipality": row.key}
    cells = "".join(
        joint_cell(item, link, slug and passages_href(slug, item.theme.pk, query, **where), row.label)
        for item in row.themes
    )
    return mark_safe(f'<tr><th scope="row">{escape(row.label)}</th>{values}{cells}</tr>')


def joint_cell(item, link, href=None, unit=""):
    """One theme's cell of the joint display: counts, the exemplar quote and (with `link`, the start of the
    chooser's URL) a link to choose another."""
    if not item.passages:
        return f'<td><span class="muted">{MISSING}</span></td>'
    quote = choose = ""
    if item.summary:
        text = item.summary if len(item.summary) <= 600 else item.summary[:599] + "…"
        quote = f'<p class="joint-summary"><span class="visually-hidden">Samenvatting: </span>{escape(text)}</p>'
    elif item.exemplar:
        text = item.exemplar[1] if len(item.exemplar[1]) <= 240 else item.exemplar[1][:239] + "…"
        quote = f"<blockquote>{escape(text)}</blockquote>"
        if link:
            choose = (
                f'{link}{item.theme.pk}">ander citaat<span class="visually-hidden"> voor '
                f"{escape(item.theme.name)}</span></a>"
            )
    counts = f"{item.interviews} int.; {item.passages} pass."
    if href:
        counts = _count_link(counts, href, f"Passages met {item.theme.name} bij {unit}: {counts}")
    return f'<td><span class="counts">{counts}</span>{quote}{choose}</td>'


@register.simple_tag
def crosstab_cell(cell, href=None, label=""):
    """Share (bold), then interviews, passages and passages per interview; '—' where nothing can be divided.
    With `href` the counts link to the passages behind them."""
    counts = f"{cell.interviews} int.; {cell.passages} pass."
    if href and cell.passages:
        counts = _count_link(counts, href, f"{label}: {counts}")
    # Passages per interview under the mouse (and for screen readers), so a cell keeps to two short lines.
    per = f"{dec(cell.per_interview)}/int."
    return mark_safe(
        f'<td class="num" title="{per} (passages per interview)"><strong>{pct(cell.share)}</strong><br>'
        f'<span class="muted">{counts}<span class="visually-hidden">; {per}</span></span></td>'
    )


@register.simple_tag
def crosstab_row(row, groups=(), slug=None, query="", by="", warnings=()):
    """A theme's row of the crosstab: its name, a cell per group, and the test. With `slug`, each cell's
    counts link to its passages (the group by `by`, or by the indicator in the query when `by` is empty).
    A test's warning is the number of its note under the table (`warnings`, from test_warnings), or in full."""
    theme, test = row.theme, row.test
    if slug:
        cells = "".join(
            crosstab_cell(
                cell,
                passages_href(slug, theme.pk, query, by=by, group=group.label),
                f"Passages met {theme.name} in {group.label}",
            )
            for cell, group in zip(row.cells, groups)
        )
    else:
        cells = "".join(crosstab_cell(cell) for cell in row.cells)
    if test:
        warning = ""
        if test.warning in warnings:
            number = list(warnings).index(test.warning) + 1
            warning = (
                f' <a class="warning" href="#toets-noot-{number}" title="{escape(test.warning)}">⚠<sup>{number}</sup>'
                f'<span class="visually-hidden"> {escape(test.warning)}</span></a>'
            )
        elif test.warning:
            warning = f'<br><span class="warning">⚠ {escape(test.warning)}</span>'
        result = (
            f'<td class="test">{escape(test.name)}: {statistic_label(test)} {dec(test.statistic, 3)} (n = {test.n})'
            f"{warning}</td>"
            f'<td class="num">p = {escape(pvalue(test.p))}</td>'
        )
    else:
        result = f'<td class="muted">geen toets mogelijk</td><td class="num">{MISSING}</td>'
    swatch = f'<span class="swatch" style="background: {escape(theme.colour)}" aria-hidden="true"></span>'
    return mark_safe(
        f'<tr><th scope="row" class="depth-{row.depth}">{swatch} {escape(theme.name)}</th>{cells}{result}</tr>'
    )


@register.simple_tag
def test_warnings(table):
    """The tests' warnings of a crosstab, each once, in the order of the rows: the notes under the table."""
    return list(dict.fromkeys(row.test.warning for row in table.rows if row.test and row.test.warning))


def statistic_label(test):
    """What the test's figure is, in words: Fisher's exact test gives an odds ratio, chi-square its χ²."""
    return "oddsratio" if test.name.startswith("Fisher") else "χ² ="


@register.simple_tag
def count_row(name, counts, theme=None, others=(), slug=None, query="", together="interview"):
    """A row of a theme × theme grid: the theme's name and its counts; with `slug` each count links to the
    passages of `theme` together with the column's theme (`others`), the diagonal to the theme's own."""
    if not slug:
        cells = "".join(f'<td class="num">{count}</td>' for count in counts)
        return mark_safe(f'<tr><th scope="row">{escape(name)}</th>{cells}</tr>')
    # The row's link once, each cell's theme appended: a passages_href per cell took 2.4 of the 2.9 s of a
    # 60 × 60 grid under cProfile (a URL reversed and a query string parsed 7,200 times).
    base = passages_href(slug, theme.pk, query, with_theme="", together="")
    pair = escape(urlencode({"together": together}))
    cells = []
    for count, other in zip(counts, others):
        href = base if other.pk == theme.pk else f"{base}&amp;with_theme={other.pk}&amp;{pair}"
        label = f"Passages met {theme.name}" + ("" if other.pk == theme.pk else f" en {other.name}")
        text = _count_link(count, href, label) if count else count
        cells.append(f'<td class="num">{text}</td>')
    return mark_safe(f'<tr><th scope="row">{escape(name)}</th>{"".join(cells)}</tr>')


@register.simple_tag
def trend_row(row, groups=(), slug=None, query=""):
    """A theme's row of the trends table: its share of the interviews per year (linked to the passages)."""

    def counts(cell, group):
        text = f"({cell.interviews} int.)"
        if not (slug and cell.interviews):
            return text
        href = passages_href(slug, row.theme.pk, query, by="year", group=group.label, indicator="")
        return _count_link(text, href, f"Passages met {row.theme.name} in {group.label}")

    cells = "".join(
        f'<td class="num">{pct(cell.share)} <span class="muted">{counts(cell, group)}</span></td>'
        for cell, group in zip(row.cells, groups or [None] * len(row.cells))
    )
    return mark_safe(f'<tr><th scope="row" class="depth-{row.depth}">{escape(row.theme.name)}</th>{cells}</tr>')
