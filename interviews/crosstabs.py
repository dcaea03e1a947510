"""Mixed-methods tables: coded themes per group of interviews, tests, trends, co-occurrence.

A `Study` is loaded from a selection.Selection with one scan of the codings; everything after that is
plain Python and sparse matrices (the joint display is in joint.py). A theme counts with its whole subtree
(a passage coded with `personeelstekort` also counts for `knelpunten`, once). Interviews in the analysis are the
filtered interviews with at least one coded passage (by the chosen coder); uncoded ones are reported apart.
Missing values and empty groups stay None (shown as "—"), never 0%.
"""

from collections import namedtuple
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from math import comb

from django.db import connections
from django.db.models import Q

from .clock import made_on
from .models import Coding, ProjectVariable, StakeholderGroup, VariableValue

MISSING = "onbekend"
SMALL_N = 10  # fewer interviews than this in the test: the result means little

Case = namedtuple("Case", "id title municipality_id municipality_code municipality_name year group")
Group = namedtuple("Group", "key label n")
Cell = namedtuple("Cell", "passages interviews share per_interview")
Row = namedtuple("Row", "theme depth cells test")
Test = namedtuple("Test", "name statistic p n warning")
Crosstab = namedtuple("Crosstab", "groups rows notes")  # notes: for the page and the export


def fetch(queryset):
    """A values_list queryset's rows as plain tuples, read straight from the cursor: for 50,000 codings
    Django's per-row work would cost more than the query itself."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Study:
    """The filtered interviews, the themes in tree order, and per theme how many of each interview's
    passages carry it (or one of its subthemes).

    One query reads every coding of the filtered interviews (interview, passage, theme; with spans=True
    also the passage's start and end) through the passage and coding indexes only; the counting is done
    on those rows with sparse matrices, so a page scans the codings once, whatever the size of the study.
    After loading: `passages` (sorted ids of the passages with a selected theme), `spans` (per passage:
    interview, passage, theme[, start, end]), `carries` (passage × theme, 1 where the passage has the
    theme or one of its subthemes) and `column` (theme id → column).
    """

    def __init__(self, selection, spans=False):
        self.all_cases = {row[0]: Case(*row) for row in selection.cases()}
        self.themes = selection.theme_tree()
        self.column = {t.pk: i for i, t in enumerate(self.themes)}
        parents = {t.pk: t.parent_id for t in self.themes}
        self.up = {}  # theme id → itself and its ancestors in the selection (what a coding with it counts for)
        for pk in parents:
            line, node = [], pk
            while node in parents and len(line) <= len(parents):
                line.append(node)
                node = parents[node]
            self.up[pk] = line
        # By the interviews' ids and no theme filter: SQLite then walks passage and coding indexes only.
        self.codings = Coding.objects.filter(content_object__interview_id__in=list(self.all_cases)).order_by()
        if selection.coder:
            self.codings = self.codings.filter(content_object__coder=selection.coder)
        self.codings = selection.visible(self.codings)
        fields = ["content_object__interview_id", "content_object_id", "tag_id"]
        fields += ["content_object__start", "content_object__end"] if spans else []
        rows = fetch(self.codings.values_list(*fields)) if self.all_cases else []
        self.counts = self._count(rows, len(fields))
        self.uncoded = len(self.all_cases) - len(self.cases)
        self.filters = selection.describe()

    def _count(self, rows, width):
        """theme id → {interview id: passages with the theme or a subtheme}; a passage counts once per theme."""
        import numpy

        counts = {t.pk: {} for t in self.themes}
        data = numpy.fromiter(chain.from_iterable(rows), numpy.int64, len(rows) * width).reshape(-1, width)
        coded = set(numpy.unique(data[:, 0]).tolist())  # a passage by the chosen coder with any theme
        self.cases = {pk: case for pk, case in self.all_cases.items() if pk in coded}
        column = numpy.full(max(int(data[:, 2].max(initial=0)), *self.column, 0) + 1, -1)
        column[list(self.column)] = list(self.column.values())
        columns = column[data[:, 2]]
        data, columns = data[columns >= 0], columns[columns >= 0]
        self.passages, first, row = numpy.unique(data[:, 1], return_index=True, return_inverse=True)
        self.spans = data[first]
        own = _matrix(row, columns, (len(self.passages), len(self.column)))
        reach = [(self.column[pk], self.column[up]) for pk, chain in self.up.items() for up in chain]
        self.carries = own @ _matrix(*zip(*reach), (len(self.column),) * 2) if reach else own
        self.carries.data[:] = 1  # a theme reached twice (itself and via a subtheme) still counts once
        interviews, row = numpy.unique(self.spans[:, 0], return_inverse=True)
        found = (_matrix(row, numpy.arange(len(row)), (len(interviews), len(row))) @ self.carries).tocsc()
        for theme, column in self.column.items():  # a column: the interviews with the theme and their passages
            where = slice(found.indptr[column], found.indptr[column + 1])
            counts[theme] = dict(zip(interviews[found.indices[where]].tolist(), found.data[where].astype(int).tolist()))
        return counts

    def describe(self):
        """What an export says about the interviews it counts."""
        lines = [
            f"Gemaakt op {made_on()}",
            f"Filters: {self.filters}",
            f"{len(self.cases)} gecodeerde interview(s) in de analyse.",
        ]
        if self.uncoded:
            lines.append(f"{self.uncoded} interview(s) zonder coderingen tellen niet mee.")
        return lines


def _matrix(rows, columns, shape):
    """A sparse matrix with a 1 at each (row, column); pairs given twice add up."""
    import numpy
    from scipy import sparse

    return sparse.csr_matrix((numpy.ones(len(rows)), (rows, columns)), shape=shape)


def share(part, whole):
    """part/whole as a percentage, or None when there is nothing to divide by."""
    return None if not whole else Decimal(part) * 100 / Decimal(whole)


# --- grouping interviews ---


def group_by_attribute(study, attribute, project=None):
    """{group key: [interview ids]} with labels, for 'stakeholder_group', 'year', 'municipality' or 'variable:<id>'."""
    if attribute.startswith("variable:"):
        variable = ProjectVariable.objects.get(project=project, pk=int(attribute.split(":", 1)[1]))
        values = {
            v.interview_id: v for v in VariableValue.objects.filter(variable=variable, interview_id__in=study.cases)
        }
        for value in values.values():
            value.variable = variable
        keyed = {pk: (values[pk].value, values[pk].display) if pk in values else (None, MISSING) for pk in study.cases}
    elif attribute == "stakeholder_group":
        names = dict(StakeholderGroup.choices)
        keyed = {pk: (c.group or None, names.get(c.group, MISSING)) for pk, c in study.cases.items()}
    elif attribute == "year":
        keyed = {pk: (c.year, str(c.year) if c.year else MISSING) for pk, c in study.cases.items()}
    elif attribute == "municipality":
        keyed = {pk: (c.municipality_name, c.municipality_name or MISSING) for pk, c in study.cases.items()}
    else:
        raise ValueError(f"Onbekend kenmerk: {attribute}.")
    return _groups(keyed)


def _groups(keyed):
    """From {interview id: (sort key or None, label)} to [(Group, ids)]: sorted, the missing group last."""
    members = {}
    for pk, (key, label) in keyed.items():
        members.setdefault((key is None, key if key is not None else "", label), []).append(pk)
    ordered = sorted(members, key=lambda k: (k[0], str(type(k[1])), k[1]))
    return [(Group(label, label, len(members[k])), members[k]) for k in ordered for label in [k[2]]]


def observed_values(study, indicator):
    """{interview id: (value, national?)}: the indicator in the interview's municipality and year.

    Falls back to the national value for numbers; a yes/no indicator's national value is a share of
    municipalities and says nothing about one municipality, so there the interview stays without value.
    """
    years = {c.year for c in study.cases.values() if c.year}
    places = {c.municipality_id for c in study.cases.values() if c.municipality_id}
    rows = indicator.observations.filter(Q(municipality=None) | Q(municipality__in=places), year__in=years)
    rows = rows.order_by().values_list("municipality_id", "year", "value")
    local, national = {}, {}
    for municipality_id, year, value in rows:
        (national if municipality_id is None else local)[(municipality_id, year)] = value
    yes_no = indicator.value_type == indicator.ValueType.YES_NO
    found = {}
    for pk, case in study.cases.items():
        if (case.municipality_id, case.year) in local:
            found[pk] = (local[(case.municipality_id, case.year)], False)
        elif not yes_no and (None, case.year) in national:
            found[pk] = (national[(None, case.year)], True)
    return found


def group_by_indicator(study, indicator, thresholds=(), quantiles=0, values=None):
    """[(Group, ids)] by the indicator's value in each interview's municipality and year.

    Yes/no → ja/nee; numbers → bins at `thresholds` (ascending) or at `quantiles` equal parts of the
    interviews' values. Interviews without a value form the group "geen waarde". `values`: observed_values()
    when the caller has them already.
    """
    values = observed_values(study, indicator) if values is None else values
    numbers = sorted(float(v) for v, _ in values.values())
    if indicator.value_type != indicator.ValueType.YES_NO and quantiles and numbers:
        import numpy  # imported when needed: scipy and numpy are slow to load

        cuts = numpy.quantile(numbers, [i / quantiles for i in range(1, quantiles)])
        thresholds = sorted({round(float(cut), 4) for cut in cuts})
    thresholds = sorted(float(t) for t in thresholds)
    keyed = {}
    for pk in study.cases:
        if pk not in values:
            keyed[pk] = (None, "geen waarde")
        elif indicator.value_type == indicator.ValueType.YES_NO:
            keyed[pk] = (0 if values[pk][0] else 1, "ja" if values[pk][0] else "nee")
        else:
            keyed[pk] = _bin(float(values[pk][0]), thresholds, indicator)
    return _groups(keyed)


def _bin(value, thresholds, indicator):
    if not thresholds:
        return (0, "alle waarden")
    index = sum(value >= t for t in thresholds)
    show = [indicator.format_value(Decimal(str(t)).normalize()) for t in thresholds]
    if index == 0:
        return (0, f"< {show[0]}")
    if index == len(thresholds):
        return (index, f"≥ {show[-1]}")
    return (index, f"{show[index - 1]} tot {show[index]}")


# --- the tables ---


def crosstab(study, groups, test_groups=None):
    """Themes × groups: passages, interviews, share of interviews and passages per interview, plus a test.

    `groups` is [(Group, interview ids)]; the test compares mentioned/not mentioned over the groups
    in `test_groups` (default: every group except the missing one, and only groups with interviews).
    """
    if test_groups is None:
        test_groups = [g for g, _ in groups if g.label not in (MISSING, "geen waarde")]
    rows = []
    for theme in study.themes:
        counts = study.counts[theme.pk]
        cells = []
        for _group, ids in groups:
            mentioned = [pk for pk in ids if pk in counts]
            passages = sum(counts[pk] for pk in mentioned)
            cells.append(
                Cell(
                    passages,
                    len(mentioned),
                    share(len(mentioned), len(ids)),
                    None if not ids else Decimal(passages) / len(ids),
                )
            )
        table = [(c.interviews, g.n - c.interviews) for (g, _), c in zip(groups, cells) if g in test_groups]
        rows.append(Row(theme, theme.depth, cells, compare(table)))
    return Crosstab([g for g, _ in groups], rows, [])


def compare(table):
    """Fisher's exact test for 2×2, chi-square otherwise, on [(mentioned, not mentioned)] per group.

    None when there is nothing to compare (fewer than two non-empty groups, or a row or column of zeros).
    The same numbers as scipy.stats.fisher_exact and chi2_contingency(correction=False) (the tests say so),
    worked out here: those take a millisecond or two per theme, and a table has sixty themes.
    """
    table = [list(pair) for pair in table if sum(pair) > 0]
    n = sum(sum(pair) for pair in table)
    if len(table) < 2 or not all(sum(col) for col in zip(*table)):
        return None
    warning = f"Slechts {n} interviews: de uitkomst zegt weinig." if n < SMALL_N else ""
    if len(table) == 2:
        return Test("Fisher (exact)", *fisher_exact(table), n, warning)
    from scipy import special

    columns = [sum(col) for col in zip(*table)]
    expected = [[sum(row) * col / n for col in columns] for row in table]
    statistic = sum((o - e) ** 2 / e for row, guess in zip(table, expected) for o, e in zip(row, guess))
    if not warning and min(min(row) for row in expected) < 5:
        warning = "Verwachte aantallen onder 5: de chi-kwadraattoets is onbetrouwbaar."
    dof = len(table) - 1
    return Test(f"chi-kwadraat (df={dof})", float(statistic), float(special.chdtrc(dof, statistic)), n, warning)


def fisher_exact(table):
    """(odds ratio, two-sided p) of a 2×2 table: the p sums every table with the same margins that is at
    most as likely as this one (exact integers; scipy's relative tolerance of 1e-7 for ties)."""
    (a, b), (c, d) = table
    row, column, n = a + b, a + c, a + b + c + d
    weight = [comb(row, x) * comb(n - row, column - x) for x in range(max(0, column + row - n), min(row, column) + 1)]
    observed = comb(row, a) * comb(n - row, c)
    extreme = sum(w for w in weight if w * 10**7 <= observed * (10**7 + 1))
    odds = a * d / (b * c) if b and c else float("inf")
    return odds, min(1.0, float(Fraction(extreme, comb(n, column))))


Trend = namedtuple("Trend", "years groups rows national local")


def trends(study, indicator=None):
    """Per theme the share of (coded) interviews mentioning it per year, beside the indicator per year.

    `national` is the national value per year (None where missing); `local` the mean over the
    studied municipalities' values that year (for yes/no: the share saying yes, in %).
    """
    groups = [(g, ids) for g, ids in group_by_attribute(study, "year") if g.label != MISSING]
    years = [int(g.label) for g, _ in groups]
    table = crosstab(study, groups, test_groups=[])
    national, local = [None] * len(years), [None] * len(years)
    if indicator is not None:
        rows = indicator.observations.filter(year__in=years).values_list("municipality_id", "year", "value")
        places = {c.municipality_id for c in study.cases.values() if c.municipality_id}
        per_year = {}
        for municipality_id, year, value in rows:
            if municipality_id is None:
                national[years.index(year)] = value
            elif municipality_id in places:
                per_year.setdefault(year, []).append(value)
        scale = 100 if indicator.value_type == indicator.ValueType.YES_NO else 1
        local = [None if not per_year.get(y) else sum(per_year[y]) * scale / len(per_year[y]) for y in years]
    return Trend(years, table.groups, table.rows, national, local)


def _overlapping_pairs(interviews, starts, ends):
    """Index pairs (i, j) of passages in one interview that overlap, each pair once (numpy arrays in, out)."""
    import numpy

    order = numpy.lexsort((starts, interviews))
    room = int(ends.max()) + 1  # keys: interview-major, then offset, so one sorted array holds every interview
    keys = interviews[order] * room + starts[order]
    stops = numpy.searchsorted(keys, interviews[order] * room + ends[order], side="left")
    first = numpy.arange(len(keys))
    later = stops - first - 1  # passages after this one that start before it ends
    a = numpy.repeat(first, later)
    b = a + 1 + numpy.arange(len(a)) - numpy.repeat(numpy.cumsum(later) - later, later)
    return order[a], order[b]


def cooccurrence(study):
    """(overlap, same_interview): theme × theme counts, themes with their subtree. Load the study with spans=True.

    overlap[a][b] (a ≠ b): pairs of passages that overlap (a passage paired with itself included)
    where one carries a and the other b; the diagonal is the theme's passage count.
    same_interview[a][b]: interviews where both occur; the diagonal is the theme's interview count.

    Sparse products (scipy): no BLAS threads, which crawl on a busy server, and no dense n × n matrices.
    """
    import numpy

    ids = [t.pk for t in study.themes]
    if not len(study.passages):
        return ({x: {y: 0 for y in ids} for x in ids},) * 2
    carries, n = study.carries, len(study.passages)
    first, second = _overlapping_pairs(study.spans[:, 0], study.spans[:, 3], study.spans[:, 4])
    pick = numpy.arange(len(first))
    a = _matrix(pick, first, (len(first), n)) @ carries
    b = _matrix(pick, second, (len(second), n)) @ carries
    both = a.multiply(b)  # both passages carry both themes: one link, not two
    links = (a.T @ b).toarray()
    pairs = links + links.T - (both.T @ both).toarray()
    numpy.fill_diagonal(pairs, 0)
    total = (carries.T @ carries).toarray() + pairs
    cases = {pk: i for i, pk in enumerate(study.cases)}
    found = [(cases[interview], study.column[pk]) for pk in ids for interview in study.counts[pk]]
    mentioned = _matrix(*zip(*found), (len(cases), len(ids)))
    same = (mentioned.T @ mentioned).toarray()
    return tuple({x: dict(zip(ids, row)) for x, row in zip(ids, table.astype(int).tolist())} for table in (total, same))
