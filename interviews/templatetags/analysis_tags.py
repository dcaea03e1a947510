"""Numbers in the analysis pages: Dutch decimal comma, and '—' for what cannot be computed (never 0%)."""

from django import template
from django.utils.html import escape
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
def joint_cell(item, key, per, choose_url, back):
    """One theme's cell of the joint display, built here (a display has thousands; every value escaped)."""
    if not item.passages:
        return mark_safe(f'<td><span class="muted">{MISSING}</span></td>')
    quote = link = ""
    if item.exemplar:
        text = item.exemplar[1] if len(item.exemplar[1]) <= 240 else item.exemplar[1][:239] + "…"
        quote = f"<blockquote>{escape(text)}</blockquote>"
        if key is not None:
            link = (f'<a href="{escape(choose_url)}?theme={item.theme.pk}&amp;key={escape(key)}&amp;per={escape(per)}'
                    f'&amp;back={escape(back)}">ander citaat<span class="visually-hidden"> voor '
                    f"{escape(item.theme.name)}</span></a>")
    return mark_safe(f'<td><span class="counts">{item.interviews} int.; {item.passages} pass.</span>{quote}{link}</td>')


@register.simple_tag
def crosstab_cell(cell):
    """Share (bold), then interviews, passages and passages per interview; '—' where nothing can be divided."""
    return mark_safe(f'<td class="num"><strong>{pct(cell.share)}</strong><br><span class="muted">{cell.interviews} '
                     f"int.; {cell.passages} pass.; {dec(cell.per_interview)}/int.</span></td>")
