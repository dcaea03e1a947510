"""The joint display: a row per municipality (or per interview) with the indicator values in the
interview years, and per theme its counts and one exemplar quote, which the researcher can choose."""

from collections import namedtuple

from .crosstabs import MISSING, observed_values
from .models import Passage

JointRow = namedtuple("JointRow", "key label cases values themes")
JointTheme = namedtuple("JointTheme", "theme interviews passages exemplar summary", defaults=[None])


def joint_display(study, indicators, per="municipality", level="", summaries=None):
    """Rows per municipality (or per interview): indicator values in the interview years, and per theme
    the interviews and passages with one exemplar quote (a starred passage first, else the earliest coded).

    The columns are the selected themes at `level` (see joint_columns), each counted with its subtree.
    `summaries` ({(grid row key, theme id): text}, from a summary grid with the same rows: see grid_summaries)
    put a cell's written summary beside its exemplar quote.
    """
    keyed = {}
    for case in sorted(study.cases.values(), key=lambda c: (c.municipality_name or "~", c.year or 0, c.title)):
        key = case.id if per == "interview" else case.municipality_id
        label = case.title if per == "interview" else (case.municipality_name or MISSING)
        keyed.setdefault(key, (label, []))[1].append(case)
    values = [(indicator, observed_values(study, indicator)) for indicator in indicators]
    columns = joint_columns(study, level)
    picked = _exemplars(study, columns, per)
    texts = dict(Passage.objects.filter(pk__in=picked.values()).order_by().values_list("pk", "text"))
    rows = []
    for key, (label, cases) in keyed.items():
        shown = [[_value_text(indicator, found.get(c.id), c.year) for c in cases] for indicator, found in values]
        themes = []
        for theme in columns.values():
            counts = [study.counts[theme.pk].get(c.id, 0) for c in cases]
            passage_id = picked.get((theme.pk, key))
            exemplar = (passage_id, texts[passage_id]) if passage_id else None
            summary = summaries.get((_grid_key(per, cases), theme.pk)) if summaries else None
            themes.append(JointTheme(theme, sum(1 for n in counts if n), sum(counts), exemplar, summary))
        rows.append(JointRow(key, label, cases, shown, themes))
    return rows


def _grid_key(per, cases):
    """The row key a summary grid gives these cases: the interview's id, or the municipality's CBS code."""
    return str(cases[0].id) if per == "interview" else (cases[0].municipality_code or "-")


def grid_summaries(grid, per):
    """{(row key, theme id): summary} of a summary grid whose rows are `per` (interview or municipality); None
    when its rows are something else (cases: a municipality in one year), which the joint display has no row for."""
    if grid.rows != per:
        return None
    return {(row, theme): text for row, theme, text in grid.cells.order_by().values_list("row", "theme_id", "summary")}


JOINT_LEVELS = {"": "bovenste niveau", "1": "niveau 1", "2": "niveau 2", "3": "niveau 3", "alle": "alle thema's"}


def joint_columns(study, level=""):
    """{theme id: theme}: the columns of the joint display, in codebook order.

    level "" (default): the top themes of the selection (the top one and its children when there is one);
    "1", "2", "3": the selected themes at that depth of the selection (1 = its top); "alle": every selected theme.
    """
    if level == "alle":
        return {t.pk: t for t in study.themes}
    if level:
        return {t.pk: t for t in study.themes if t.depth == int(level) - 1}
    roots = [t for t in study.themes if t.depth == 0]
    if len(roots) == 1:
        return {t.pk: t for t in roots + roots[0].subthemes}
    return {t.pk: t for t in roots}


def _exemplars(study, columns, per):
    """(theme id, row key) → the exemplar's passage id: the first starred passage with the theme or a
    subtheme in that row, else the first such passage."""
    import numpy

    if not columns or not len(study.passages):
        return {}
    interviews = numpy.array(sorted(study.cases))
    keys, key_of = numpy.unique(
        interviews
        if per == "interview"
        else numpy.array([study.cases[pk].municipality_id or 0 for pk in interviews.tolist()]),
        return_inverse=True,
    )
    # Every starred passage, intersected below with this study's: without an index on `starred`, one pass
    # over the passage table is quicker than looking each interview's passages up through its index.
    starred = list(Passage.objects.filter(starred=True).order_by().values_list("pk", flat=True))
    found = study.carries[:, [study.column[pk] for pk in columns]].tocoo()  # by passage, so by passage id
    cells = found.col * len(keys) + key_of[numpy.searchsorted(interviews, study.spans[found.row, 0])]
    themes, keys, passages, picked = list(columns), keys.tolist(), study.passages.tolist(), {}
    for chosen in (numpy.ones(len(cells), bool), numpy.isin(study.passages[found.row], starred)):  # starred win
        _, first = numpy.unique(cells[chosen], return_index=True)  # each cell's first passage
        for cell, row in zip(cells[chosen][first].tolist(), found.row[chosen][first].tolist()):
            picked[(themes[cell // len(keys)], keys[cell % len(keys)] or None)] = passages[row]
    return picked


def _value_text(indicator, found, year):
    if found is None:
        return f"{year or '?'}: geen waarde"
    value, national = found
    text = indicator.format_value(value, national=national)
    return f"{year}: {text} (landelijk)" if national else f"{year}: {text}"
