"""The analyses drawn with matplotlib (PNG or SVG into a file object), and the words that describe each chart.

The rules every chart keeps (issue 15):
- A theme is drawn in its codebook colour (Theme.colour). When two themes' colours are (nearly) the same,
  the later one takes the next colour of PALETTE that is unlike every colour drawn so far
  (distinct_colours); lines also differ by marker, so colour is never the only cue.
- One legend per chart, outside the plot (right of it), holding the indicator's series too.
- Percent axes run from 0 to 100 with a margin (PERCENT_LIMITS), so a line at 0% or 100% is not lost in the
  frame; markers are not clipped.
- The indicator's axis (right) starts at 0, or spans 0 when values are negative, and reaches a quarter
  above the largest value; a percentage stops at 105 (indicator_range). So a series from 5.90 to 5.98
  looks as flat as it is, rather than climbing the whole axis.
- Axis numbers are Dutch whatever the server's locale: decimal comma, thousands point (DutchFormatter).
matplotlib is imported only when a chart is drawn (it takes a second to load).
"""

import io
import math
from collections import namedtuple

from . import contrast, crosstabs

# Colours for themes whose own colour is taken: matplotlib's tab10 and the dark half of tab20b/c, without
# their greys (the indicator's lines are black and grey).
PALETTE = (
    "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #bcbd22 #17becf "
    "#393b79 #637939 #8c6d31 #843c39 #7b4173 #3182bd #e6550d #31a354 #756bb1"
).split()
# RGB distance (0–√3) below which two colours read as one in a legend: #2f80ed beside #2d9cdb (0,13) is
# replaced, #56ccf2 beside it (0,26) stays, so most themes keep the colour the codebook shows.
MIN_DISTANCE = 0.15
MARKERS = "osD^vP*Xh<>p"
PERCENT_LIMITS = (-4, 104)
MISSING_TEXT = "—"
MISSING_COLOUR = "#dddddd"

Chart = namedtuple("Chart", "title png alt")


# --- pure rules (tested on their own) ---


rgb = contrast.rgb  # '#2d9cdb' → (0.176, 0.612, 0.859)


def _distance(a, b):
    return math.dist(rgb(a), rgb(b))


def distinct_colours(colours, minimum=MIN_DISTANCE):
    """The themes' colours in order, each one unlike the ones before it: a colour too close to an earlier
    one is replaced by the first PALETTE colour far enough from all of them (kept when none is)."""
    chosen = []
    for colour in colours:
        if any(_distance(colour, earlier) < minimum for earlier in chosen):
            colour = next((p for p in PALETTE if all(_distance(p, c) >= minimum for c in chosen)), colour)
        chosen.append(colour)
    return chosen


def dutch_number(value, digits=0):
    """1234.5 → '1.234,5' (digits after the comma); -0 shows as 0."""
    value = round(float(value), digits)
    if value == 0:
        value = 0.0
    return f"{value:,.{digits}f}".translate(str.maketrans({",": ".", ".": ","}))


def digits_for(values, most=4):
    """The fewest decimals that show every value exactly (up to `most`): [0, 0.25, 0.5] → 2."""
    for digits in range(most + 1):
        if all(abs(round(v, digits) - v) < 1e-9 * max(1, abs(v)) for v in values):
            return digits
    return most


def indicator_range(values, percent=False):
    """(low, high) of the indicator's axis: 0 (or 5% of the span below the lowest value, when negative) to
    a quarter of the span above the highest value; 105 at most for a percentage; (0, 1) without values."""
    values = [float(v) for v in values if v is not None]
    if not values:
        return (0.0, 1.0)
    low, high = min(min(values), 0.0), max(max(values), 0.0)
    span = (high - low) or 1.0
    low = low - 0.05 * span if low < 0 else 0.0
    high = high + 0.25 * span if high > 0 else 0.05 * span
    return (low, min(high, 105.0) if percent and max(values) <= 100 else high)


def blend(colour, amount):
    """White mixed with `colour`: 0 → white, 1 → the colour (for cells coloured by their value)."""
    return contrast.over_white(colour, max(0.0, min(1.0, amount)))


def text_colour(background):
    """Black or white, whichever contrasts more with an (r, g, b) background (WCAG's ratio: at least 4.58:1)."""
    return "black" if contrast.text_on(background) == contrast.BLACK else "white"


# --- matplotlib plumbing ---


def _formatter(suffix=""):
    from matplotlib.ticker import Formatter

    class DutchFormatter(Formatter):
        """Tick labels with a decimal comma, as many decimals as the ticks need."""

        digits = 0

        def set_locs(self, locs):
            super().set_locs(locs)
            self.digits = digits_for(list(locs))

        def __call__(self, x, pos=None):
            return dutch_number(x, self.digits) + suffix

    return DutchFormatter()


def _figure(width, height):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(min(30, width), min(30, height)), layout="constrained")


def _save(figure, file, fmt):
    figure.savefig(
        file, format=fmt, dpi=120 if fmt == "png" else None, metadata={"Date": None} if fmt == "svg" else None
    )


def _percent_axis(axes, label):
    axes.set_ylim(*PERCENT_LIMITS)
    axes.set_yticks(range(0, 101, 20))
    axes.yaxis.set_major_formatter(_formatter("%"))
    axes.set_ylabel(label)


def _legend(figure, handles, labels):
    """One legend below the plot (outside it), in up to three columns: the plot keeps the figure's width."""
    if handles:
        figure.legend(handles, labels, loc="outside lower center", fontsize="small", ncols=min(3, len(handles)))


def _legend_rows(count):
    return math.ceil(count / 3) if count else 0


def _short(text, limit=40):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cells(axes, image, texts):
    """An (rows × columns × rgb) image with a text per cell (skipped when too many cells to read)."""
    axes.imshow(image, aspect="auto", interpolation="nearest")
    if sum(len(row) for row in texts) <= 600:
        for y, row in enumerate(texts):
            for x, text in enumerate(row):
                axes.text(x, y, text, ha="center", va="center", fontsize="small", color=text_colour(image[y][x]))


# --- the charts ---


def heatmap(file, table, fmt="svg", title="% interviews dat het thema noemt"):
    """Themes × groups: each theme's row in its colour, the fuller the higher the share; an empty group grey '—'."""
    _save(heatmap_figure(table, title), file, fmt)


def heatmap_figure(table, title="% interviews dat het thema noemt"):
    themes = [_short(row.theme.name) for row in table.rows]
    groups = [f"{g.label} (n={g.n})" for g in table.groups]
    figure = _figure(1.3 * len(groups) + 4, 0.4 * len(themes) + 1.8)
    axes = figure.subplots()
    colours = distinct_colours([row.theme.colour for row in table.rows])
    image = [
        [rgb(MISSING_COLOUR) if c.share is None else blend(colour, float(c.share) / 100) for c in row.cells]
        for row, colour in zip(table.rows, colours)
    ]
    texts = [
        [MISSING_TEXT if c.share is None else f"{dutch_number(c.share)}%" for c in row.cells] for row in table.rows
    ]
    _cells(axes, image or [[rgb(MISSING_COLOUR)]], texts)
    axes.set_xticks(range(len(groups)), groups, rotation=30, ha="right")
    axes.set_yticks(range(len(themes)), themes)
    axes.set_title(f"{title}\n(hoe voller de kleur van het thema, hoe hoger)", fontsize="medium")
    return figure


def bars(file, table, fmt="svg", title="% interviews per groep"):
    """Grouped bars: per theme a bar per group (groups are not themes: they take PALETTE's colours)."""
    figure = _figure(
        min(18, 0.15 * len(table.rows) * max(1, len(table.groups)) + 5), 4.5 + 0.22 * _legend_rows(len(table.groups))
    )
    axes = figure.subplots()
    width = 0.8 / max(1, len(table.groups))
    for i, group in enumerate(table.groups):
        heights = [float(row.cells[i].share) if row.cells[i].share is not None else 0 for row in table.rows]
        label = f"{group.label} (n={group.n})" if group.n else f"{group.label} (geen interviews)"
        axes.bar(
            [x + i * width for x in range(len(table.rows))],
            heights,
            width,
            label=label,
            color=PALETTE[i % len(PALETTE)],
        )
    axes.set_xticks(
        [x + width * (len(table.groups) - 1) / 2 for x in range(len(table.rows))],
        [_short(row.theme.name) for row in table.rows],
        rotation=30,
        ha="right",
    )
    _percent_axis(axes, "% interviews")
    axes.set_title(title)
    _legend(figure, *axes.get_legend_handles_labels())
    _save(figure, file, fmt)


def trend_lines(file, trend, indicator=None, fmt="svg"):
    """Theme shares per year (left axis, the themes' colours) and the indicator's series (right axis, dashed)."""
    _save(trend_figure(trend, indicator), file, fmt)


def trend_figure(trend, indicator=None):
    """trend_lines' figure (matplotlib Figure), for the file writer and the tests."""
    figure = _figure(10, 4.5 + 0.22 * _legend_rows(len(trend.rows) + (2 if indicator is not None else 0)))
    axes = figure.subplots()
    colours = distinct_colours([row.theme.colour for row in trend.rows])
    for i, (row, colour) in enumerate(zip(trend.rows, colours)):
        points = [(y, float(c.share)) for y, c in zip(trend.years, row.cells) if c.share is not None]
        if points:
            axes.plot(
                *zip(*points), marker=MARKERS[i % len(MARKERS)], color=colour, label=row.theme.name, clip_on=False
            )
    _percent_axis(axes, "% interviews dat het thema noemt")
    axes.set_xticks(trend.years, [str(y) for y in trend.years])
    axes.margins(x=0.05)
    handles, labels = axes.get_legend_handles_labels()
    if indicator is not None:
        right = axes.twinx()
        for series, label, colour in (
            (trend.national, "landelijk", "black"),
            (trend.local, "gemeenten in studie", "dimgrey"),
        ):
            points = [(y, float(v)) for y, v in zip(trend.years, series) if v is not None]
            if points:
                right.plot(*zip(*points), linestyle="--", marker="_", color=colour, label=f"{indicator.name} ({label})")
        percent = indicator.value_type in (indicator.ValueType.YES_NO, indicator.ValueType.PERCENTAGE)
        right.set_ylim(*indicator_range(trend.national + trend.local, percent))
        right.yaxis.set_major_formatter(_formatter())
        unit = indicator.national_unit or indicator.unit
        right.set_ylabel(_short(f"{indicator.name} ({unit})" if unit else indicator.name, 60))
        more = right.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    _legend(figure, handles, labels)
    axes.set_title("Thema's per jaar")
    return figure


def cooccurrence_map(file, study, table, fmt="svg", title="In hetzelfde interview"):
    """Theme × theme counts: the fuller the blue, the more often together; the diagonal (a theme's own
    total) grey; a square in each theme's colour beside its name."""
    themes, ids = study.themes, [t.pk for t in study.themes]
    size = 0.45 * len(themes) + 3
    figure = _figure(size + 1.5, size)
    axes = figure.subplots()
    off = [table[a][b] for a in ids for b in ids if a != b]
    top = max(off, default=0) or 1
    image = [[rgb(MISSING_COLOUR) if a == b else blend("#1f5fa8", table[a][b] / top) for b in ids] for a in ids] or [
        [rgb(MISSING_COLOUR)]
    ]
    _cells(axes, image, [[str(table[a][b]) for b in ids] for a in ids])
    names = [_short(t.name, 30) for t in themes]
    axes.set_xticks(range(len(ids)), names, rotation=45, ha="right")
    axes.set_yticks(range(len(ids)), names)
    for i, colour in enumerate(distinct_colours([t.colour for t in themes])):
        axes.scatter([-0.9], [i], marker="s", s=60, color=colour, clip_on=False)
        axes.scatter([i], [len(ids) - 0.1], marker="s", s=60, color=colour, clip_on=False)
    axes.set_xlim(-0.5, len(ids) - 0.5)
    axes.set_ylim(len(ids) - 0.5, -0.5)
    axes.tick_params(axis="both", pad=20)  # room for the colour squares beside the names
    axes.set_title(f"{title}\n(grijs: het thema zelf)", fontsize="medium")
    _save(figure, file, fmt)


def theme_matrix_map(file, study, fmt="svg"):
    """Interviews × themes: passages per cell in the theme's colour, the fuller the more (per theme's maximum)."""
    cases = sorted(study.cases.values(), key=lambda c: (c.title.casefold(), c.id))
    themes = study.themes
    figure = _figure(0.5 * len(themes) + 4, 0.3 * len(cases) + 2.5)
    axes = figure.subplots()
    colours = distinct_colours([t.colour for t in themes])
    columns = [study.counts[t.pk] for t in themes]
    tops = [max(column.values(), default=0) or 1 for column in columns]
    image = [
        [blend(colour, column.get(case.id, 0) / top) for colour, column, top in zip(colours, columns, tops)]
        for case in cases
    ] or [[rgb(MISSING_COLOUR)]]
    texts = [[str(column.get(case.id, "")) for column in columns] for case in cases]
    _cells(axes, image, texts)
    axes.set_xticks(range(len(themes)), [_short(t.name, 30) for t in themes], rotation=45, ha="right")
    axes.set_yticks(
        range(len(cases)) if len(cases) <= 120 else [], [_short(c.title) for c in cases] if len(cases) <= 120 else []
    )
    axes.set_title("Passages per interview en thema\n(hoe voller de kleur, hoe meer passages)", fontsize="medium")
    _save(figure, file, fmt)


# --- what each chart shows, in words (the images' alt text) ---


def _names(items, limit=6):
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" en {len(items) - limit} meer" if len(items) > limit else "")


def crosstab_alt(table, kind="heatmap"):
    """E.g. 'Heatmap: % interviews dat het thema noemt, 4 thema's × 2 groepen (jgz n=2, gemeente n=1).
    Hoogst: samenwerking in jgz (50%).'"""
    what = "Staafdiagram" if kind == "bars" else "Heatmap"
    groups = _names(f"{g.label} n={g.n}" for g in table.groups)
    cells = [(c.share, row.theme.name, g.label) for row in table.rows for c, g in zip(row.cells, table.groups)]
    cells = [cell for cell in cells if cell[0] is not None]
    text = (
        f"{what}: % interviews dat het thema noemt, {len(table.rows)} thema's × {len(table.groups)} groepen ({groups})."
    )
    if cells:
        share, theme, group = max(cells, key=lambda cell: cell[0])
        text += f" Hoogst: {theme} in {group} ({dutch_number(share)}%)."
    return text


def trend_alt(trend, indicator=None):
    years = f"{trend.years[0]}–{trend.years[-1]}" if trend.years else "geen jaren"
    text = f"Lijngrafiek: % interviews dat het thema noemt per jaar ({years}), {len(trend.rows)} thema's"
    text += " in hun eigen kleur"
    if indicator is not None:
        values = [v for v in trend.national + trend.local if v is not None]
        span = f"{dutch_number(min(values), 2)} tot {dutch_number(max(values), 2)}" if values else "geen waarden"
        text += f"; {indicator.name} als stippellijn op de rechteras (van {span})"
    return text + "."


def cooccurrence_alt(study, table, title):
    ids = [t.pk for t in study.themes]
    pairs = [
        (table[a][b], x.name, y.name)
        for i, (a, x) in enumerate(zip(ids, study.themes))
        for b, y in zip(ids[i + 1 :], study.themes[i + 1 :])
    ]
    text = f"Heatmap samenloop ({title.lower()}): {len(ids)} × {len(ids)} thema's."
    if pairs and max(pairs)[0]:
        count, a, b = max(pairs)
        text += f" Vaakst samen: {a} en {b} ({count})."
    return text


def matrix_alt(study):
    total = sum(sum(column.values()) for column in study.counts.values())
    return (
        f"Heatmap: passages per interview en thema, {len(study.cases)} interviews × {len(study.themes)} thema's, "
        f"elk thema in zijn eigen kleur ({total} codeertellingen, een thema met zijn subthema's)."
    )


# --- the charts of a Word summary ---


def summary_charts(selection, kinds):
    """[Chart] of the chosen kinds (forms.reports.CHART_CHOICES) for a selection, as PNG."""
    study = crosstabs.Study(selection, spans="samenloop" in kinds)
    out = []
    for kind in kinds:
        buffer = io.BytesIO()
        if kind == "groep":
            table = crosstabs.crosstab(study, crosstabs.group_by_attribute(study, "stakeholder_group"))
            heatmap(buffer, table, "png")
            out.append(Chart("Thema's × stakeholdergroep", buffer.getvalue(), crosstab_alt(table)))
        elif kind == "jaar":
            trend = crosstabs.trends(study)
            trend_lines(buffer, trend, fmt="png")
            out.append(Chart("Thema's per jaar", buffer.getvalue(), trend_alt(trend)))
        elif kind == "samenloop":
            same = crosstabs.cooccurrence(study)[1]
            cooccurrence_map(buffer, study, same, "png")
            out.append(
                Chart(
                    "Samenloop in hetzelfde interview",
                    buffer.getvalue(),
                    cooccurrence_alt(study, same, "In hetzelfde interview"),
                )
            )
        elif kind == "matrix":
            theme_matrix_map(buffer, study, "png")
            out.append(Chart("Thema × interview", buffer.getvalue(), matrix_alt(study)))
    return out
