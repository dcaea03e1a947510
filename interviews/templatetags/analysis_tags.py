"""Numbers in the analysis pages: Dutch decimal comma, and '—' for what cannot be computed (never 0%).

The big tables (sixty themes × groups, theme × theme grids, a joint display of thousands of cells) are
written here in Python, a row at a time: Django's template loop costs more than the analysis itself.
Every value from the database goes through escape().
"""

from html import escape

from django import template
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


@register.simple_tag
def joint_row(row, per, choose_url, back):
    """One row of the joint display: the unit, its indicator values, and a cell per theme."""
    values = "".join(f"<td>{'<br>'.join(escape(value) for value in values)}</td>" for values in row.values)
    link = None
    if row.key is not None:
        link = f'<a href="{escape(choose_url)}?key={row.key}&amp;per={escape(per)}&amp;back={escape(back)}&amp;theme='
    cells = "".join(joint_cell(item, link) for item in row.themes)
    return mark_safe(f'<tr><th scope="row">{escape(row.label)}</th>{values}{cells}</tr>')


def joint_cell(item, link):
    """One theme's cell of the joint display: counts, the exemplar quote and (with `link`, the start of the
    chooser's URL) a link to choose another."""
    if not item.passages:
        return f'<td><span class="muted">{MISSING}</span></td>'
    quote = choose = ""
    if item.exemplar:
        text = item.exemplar[1] if len(item.exemplar[1]) <= 240 else item.exemplar[1][:239] + "…"
        quote = f"<blockquote>{escape(text)}</blockquote>"
        if link:
            choose = (
                f'{link}{item.theme.pk}">ander citaat<span class="visually-hidden"> voor '
                f"{escape(item.theme.name)}</span></a>"
            )
    return f'<td><span class="counts">{item.interviews} int.; {item.passages} pass.</span>{quote}{choose}</td>'


@register.simple_tag
def crosstab_cell(cell):
    """Share (bold), then interviews, passages and passages per interview; '—' where nothing can be divided."""
    return mark_safe(
        f'<td class="num"><strong>{pct(cell.share)}</strong><br><span class="muted">{cell.interviews} '
        f"int.; {cell.passages} pass.; {dec(cell.per_interview)}/int.</span></td>"
    )


@register.simple_tag
def crosstab_row(row):
    """A theme's row of the crosstab: its name, a cell per group, and the test."""
    theme, test = row.theme, row.test
    cells = "".join(crosstab_cell(cell) for cell in row.cells)
    if test:
        warning = f'<br><span class="warning">⚠ {escape(test.warning)}</span>' if test.warning else ""
        result = (
            f"<td>{escape(test.name)}: {dec(test.statistic, 3)} (n = {test.n}){warning}</td>"
            f'<td class="num">{escape(pvalue(test.p))}</td>'
        )
    else:
        result = f'<td class="muted">geen toets mogelijk</td><td class="num">{MISSING}</td>'
    swatch = f'<span class="swatch" style="background: {escape(theme.colour)}" aria-hidden="true"></span>'
    return mark_safe(
        f'<tr><th scope="row" class="depth-{row.depth}">{swatch} {escape(theme.name)}</th>{cells}{result}</tr>'
    )


@register.simple_tag
def count_row(name, counts):
    """A row of a theme × theme grid: the theme's name and its counts."""
    cells = "".join(f'<td class="num">{count}</td>' for count in counts)
    return mark_safe(f'<tr><th scope="row">{escape(name)}</th>{cells}</tr>')


@register.simple_tag
def trend_row(row):
    """A theme's row of the trends table: its share of the interviews per year."""
    cells = "".join(
        f'<td class="num">{pct(cell.share)} <span class="muted">({cell.interviews} int.)</span></td>'
        for cell in row.cells
    )
    return mark_safe(f'<tr><th scope="row" class="depth-{row.depth}">{escape(row.theme.name)}</th>{cells}</tr>')
