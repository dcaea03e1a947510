"""Mixed-methods tables: coded themes per group of interviews, tests, trends, co-occurrence.

A `Study` is loaded with a few set-based queries from an AnalysisFilterForm; everything after that
is plain Python over dicts and sets. A theme counts with its whole subtree (a passage coded with
`personeelstekort` also counts for `knelpunten`, once). Interviews in the analysis are the filtered
interviews with at least one coded passage (by the chosen coder); uncoded ones are reported apart.
Missing values and empty groups stay None (shown as "—"), never 0%.
"""

from collections import namedtuple
from decimal import Decimal

from django.db.models import Count, Min, Q

from .models import Coding, Passage, ProjectVariable, StakeholderGroup, VariableValue

MISSING = "onbekend"
SMALL_N = 10  # fewer interviews than this in the test: the result means little

Case = namedtuple("Case", "id title municipality_id municipality_code municipality_name year group")
Group = namedtuple("Group", "key label n")
Cell = namedtuple("Cell", "passages interviews share per_interview")
Row = namedtuple("Row", "theme depth cells test")
Test = namedtuple("Test", "name statistic p n warning")
Crosstab = namedtuple("Crosstab", "groups rows notes")  # notes: for the page and the export


class Study:
    """The filtered interviews, the themes in tree order, and per theme how many of each interview's
    passages carry it (or one of its subthemes). A few aggregate queries, whatever the number of interviews."""

    def __init__(self, form):
        cases = form.interviews().values_list(
            "id", "title", "municipality_id", "municipality__code", "municipality__name", "year", "stakeholder_group"
        )
        self.all_cases = {row[0]: Case(*row) for row in cases}
        coded = Passage.objects.filter(interview__in=form.interviews(), codings__isnull=False).order_by()
        if form.coder_user:
            coded = coded.filter(coder=form.coder_user)
        coded_ids = set(coded.values_list("interview_id", flat=True).distinct())
        self.cases = {pk: case for pk, case in self.all_cases.items() if pk in coded_ids}
        self.uncoded = len(self.all_cases) - len(self.cases)
        self.themes = form.themes().in_tree_order()
        self.subtree = {}
        for theme in reversed(self.themes):  # children come after their parent
            self.subtree[theme.pk] = {theme.pk}.union(*(self.subtree[c.pk] for c in theme.subthemes))
        # By the interviews' ids and no theme filter: SQLite then walks passage and coding indexes only.
        # Rows of themes outside the selection are skipped in Python.
        self.codings = Coding.objects.filter(content_object__interview_id__in=list(self.cases)).order_by()
        if form.coder_user:
            self.codings = self.codings.filter(content_object__coder=form.coder_user)
        self.counts = self._counts() if self.cases else {t.pk: {} for t in self.themes}
        self.filters = form.describe()

    def _counts(self):
        """theme id → {interview id: passages with the theme or a subtheme}; a passage counts once per theme."""
        counts = {t.pk: {} for t in self.themes}
        for interview_id, theme_id, n in self.codings.values_list("content_object__interview_id", "tag_id").annotate(
                n=Count("id")):
            if theme_id in counts:
                counts[theme_id][interview_id] = n
        parents = [t.pk for t in self.themes if t.subthemes]
        if parents:
            totals = {f"t{pk}": Count("content_object_id", distinct=True, filter=Q(tag_id__in=self.subtree[pk]))
                      for pk in parents}
            for pk in parents:
                counts[pk] = {}
            for row in self.codings.values("content_object__interview_id").annotate(**totals):
                for pk in parents:
                    if row[f"t{pk}"]:
                        counts[pk][row["content_object__interview_id"]] = row[f"t{pk}"]
        return counts

    def exemplars(self, themes):
        """(theme id, interview id) → (first starred passage id or None, first passage id), subtree included,
        for the theme ids in `themes`."""
        own = {}
        rows = self.codings.values_list("content_object__interview_id", "tag_id").annotate(
            first=Min("content_object_id"), starred=Min("content_object_id", filter=Q(content_object__starred=True)))
        for interview_id, theme_id, first, starred in rows if self.cases else ():
            own[(theme_id, interview_id)] = (starred, first)
        found = {}
        for theme in self.themes:
            if theme.pk not in themes:
                continue
            for interview_id in self.counts[theme.pk]:
                pairs = [own[(t, interview_id)] for t in self.subtree[theme.pk] if (t, interview_id) in own]
                starred = [s for s, _ in pairs if s is not None]
                found[(theme.pk, interview_id)] = (min(starred) if starred else None, min(f for _, f in pairs))
        return found

    def describe(self):
        """What an export says about the interviews it counts."""
        lines = [f"Filters: {self.filters}", f"{len(self.cases)} gecodeerde interview(s) in de analyse."]
        if self.uncoded:
            lines.append(f"{self.uncoded} interview(s) zonder coderingen tellen niet mee.")
        return lines


def share(part, whole):
    """part/whole as a percentage, or None when there is nothing to divide by."""
    return None if not whole else Decimal(part) * 100 / Decimal(whole)


# --- grouping interviews ---


def group_by_attribute(study, attribute, project=None):
    """{group key: [interview ids]} with labels, for 'stakeholder_group', 'year', 'municipality' or 'variable:<id>'."""
    if attribute.startswith("variable:"):
        variable = ProjectVariable.objects.get(project=project, pk=int(attribute.split(":", 1)[1]))
        values = {v.interview_id: v for v in VariableValue.objects.filter(variable=variable,
                                                                           interview_id__in=study.cases)}
        for value in values.values():
            value.variable = variable
        keyed = {pk: (values[pk].value, values[pk].display) if pk in values else (None, MISSING)
                 for pk in study.cases}
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
    rows = indicator.observations.filter(year__in=years).values_list("municipality_id", "year", "value")
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


def group_by_indicator(study, indicator, thresholds=(), quantiles=0):
    """[(Group, ids)] by the indicator's value in each interview's municipality and year.

    Yes/no → ja/nee; numbers → bins at `thresholds` (ascending) or at `quantiles` equal parts of the
    interviews' values. Interviews without a value form the group "geen waarde".
    """
    values = observed_values(study, indicator)
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
        for group, ids in groups:
            mentioned = [pk for pk in ids if pk in counts]
            passages = sum(counts[pk] for pk in mentioned)
            cells.append(Cell(passages, len(mentioned), share(len(mentioned), len(ids)),
                              None if not ids else Decimal(passages) / len(ids)))
        table = [(c.interviews, g.n - c.interviews) for (g, _), c in zip(groups, cells) if g in test_groups]
        rows.append(Row(theme, theme.depth, cells, compare(table)))
    return Crosstab([g for g, _ in groups], rows, [])


def compare(table):
    """Fisher's exact test for 2×2, chi-square otherwise, on [(mentioned, not mentioned)] per group.

    None when there is nothing to compare (fewer than two non-empty groups, or a row or column of zeros).
    """
    from scipy import stats

    table = [list(pair) for pair in table if sum(pair) > 0]
    n = sum(sum(pair) for pair in table)
    if len(table) < 2 or not all(sum(col) for col in zip(*table)):
        return None
    if len(table) == 2:
        result = stats.fisher_exact(table)
        name, statistic = "Fisher (exact)", result.statistic
    else:
        result = stats.chi2_contingency(table, correction=False)
        name, statistic = f"chi-kwadraat (df={result.dof})", result.statistic
    warning = ""
    if n < SMALL_N:
        warning = f"Slechts {n} interviews: de uitkomst zegt weinig."
    elif len(table) > 2 and (result.expected_freq < 5).any():
        warning = "Verwachte aantallen onder 5: de chi-kwadraattoets is onbetrouwbaar."
    return Test(name, float(statistic), float(result.pvalue), n, warning)


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


def _pair_counts(n, size, cells, first, second):
    """Theme × theme: passages carrying both (diagonal: passages), plus overlapping pairs linking the two.

    Sparse products (scipy): no BLAS threads, which crawl on a busy server, and no dense n × n matrices.
    """
    import numpy
    from scipy import sparse

    carries = sparse.csr_matrix((numpy.ones(len(cells[0])), cells), shape=(n, size))
    carries.data[:] = 1  # a theme reached twice (itself and via a subtheme) still counts once
    rows = numpy.arange(len(first))
    a = sparse.csr_matrix((numpy.ones(len(first)), (rows, first)), shape=(len(first), n)) @ carries
    b = sparse.csr_matrix((numpy.ones(len(second)), (rows, second)), shape=(len(second), n)) @ carries
    both = a.multiply(b)  # both passages carry both themes: one link, not two
    links = (a.T @ b).toarray()
    pairs = links + links.T - (both.T @ both).toarray()
    numpy.fill_diagonal(pairs, 0)
    return (carries.T @ carries).toarray() + pairs


def cooccurrence(study):
    """(overlap, same_interview): theme × theme counts, themes with their subtree.

    overlap[a][b] (a ≠ b): pairs of passages that overlap (a passage paired with itself included)
    where one carries a and the other b; the diagonal is the theme's passage count.
    same_interview[a][b]: interviews where both occur; the diagonal is the theme's interview count.
    """
    ids = [t.pk for t in study.themes]
    column = {pk: i for i, pk in enumerate(ids)}
    parent = {t.pk: t.parent_id for t in study.themes}
    spans = study.codings.values_list("content_object__interview_id", "content_object__start", "content_object__end",
                                      "content_object_id", "tag_id")
    row_of, by_interview, cells = {}, {}, ([], [])
    for interview_id, start, end, passage_id, theme_id in spans if study.cases else ():
        if theme_id not in column:
            continue
        if passage_id not in row_of:
            row_of[passage_id] = len(row_of)
            by_interview.setdefault(interview_id, []).append((start, end, row_of[passage_id]))
        node = theme_id
        while node in column:  # the theme and its ancestors in the selection
            cells[0].append(row_of[passage_id])
            cells[1].append(column[node])
            node = parent[node]
    first, second = [], []
    for items in by_interview.values():
        items.sort()
        for i, (_, end, p) in enumerate(items):
            for later_start, _, q in items[i + 1:]:
                if later_start >= end:
                    break
                first.append(p)
                second.append(q)
    total = _pair_counts(len(row_of), len(ids), cells, first, second)
    overlap = {x: {y: int(total[i, j]) for j, y in enumerate(ids)} for i, x in enumerate(ids)}
    found = {x: set(study.counts[x]) for x in ids}
    same = {x: {y: len(found[x] & found[y]) for y in ids} for x in ids}
    return overlap, same


# --- the joint display ---

JointRow = namedtuple("JointRow", "key label cases values themes")
JointTheme = namedtuple("JointTheme", "theme interviews passages exemplar")


def joint_display(study, indicators, per="municipality"):
    """Rows per municipality (or per interview): indicator values in the interview years, and per theme
    the interviews and passages with one exemplar quote (a starred passage first, else the earliest coded).

    The columns are the top themes of the selection (all root themes, or the chosen theme and its children).
    """
    keyed = {}
    for case in sorted(study.cases.values(), key=lambda c: (c.municipality_name or "~", c.year or 0, c.title)):
        key = case.id if per == "interview" else case.municipality_id
        label = case.title if per == "interview" else (case.municipality_name or MISSING)
        keyed.setdefault(key, (label, []))[1].append(case)
    values = [(indicator, observed_values(study, indicator)) for indicator in indicators]
    columns = joint_columns(study)
    best = {}
    for (theme_id, interview_id), (starred, first) in study.exemplars(columns).items():
        if interview_id in study.cases:
            cell = (theme_id, _key(study, interview_id, per))
            old_starred, old_first = best.get(cell, (None, None))
            best[cell] = (_least(old_starred, starred), _least(old_first, first))
    picked = {cell: starred or first for cell, (starred, first) in best.items()}
    texts = dict(Passage.objects.filter(pk__in=picked.values()).values_list("pk", "text")) if picked else {}
    rows = []
    for key, (label, cases) in keyed.items():
        shown = [[_value_text(indicator, found.get(c.id), c.year) for c in cases] for indicator, found in values]
        themes = []
        for theme in columns.values():
            counts = [study.counts[theme.pk].get(c.id, 0) for c in cases]
            passage_id = picked.get((theme.pk, key))
            exemplar = (passage_id, texts[passage_id]) if passage_id else None
            themes.append(JointTheme(theme, sum(1 for n in counts if n), sum(counts), exemplar))
        rows.append(JointRow(key, label, cases, shown, themes))
    return rows


def joint_columns(study):
    """{theme id: theme} of the top two levels of the selected themes (the top one alone when it has many)."""
    roots = [t for t in study.themes if t.depth == 0]
    if len(roots) == 1:
        return {t.pk: t for t in roots + roots[0].subthemes}
    return {t.pk: t for t in roots}


def _least(a, b):
    return b if a is None else a if b is None else min(a, b)


def _key(study, interview_id, per):
    return interview_id if per == "interview" else study.cases[interview_id].municipality_id


def _value_text(indicator, found, year):
    if found is None:
        return f"{year or '?'}: geen waarde"
    value, national = found
    text = indicator.format_value(value, national=national)
    return f"{year}: {text} (landelijk)" if national else f"{year}: {text}"
