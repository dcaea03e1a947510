"""The theme summary's data: which themes, their counts per stakeholder group and year, the quotes chosen and
the memos; and the pseudonyms the exports give interviews and municipalities.

Plain data built from a selection.Selection with a fixed number of queries; summary_files.py renders it (DOCX,
XLSX, Markdown, HTML).
"""

import datetime
import re
import string
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import zip_longest

from django.utils import timezone

from .clock import made_on
from .models import Memo, Passage, PseudonymName, StakeholderGroup, Theme

GROUP_LABELS = dict(StakeholderGroup.choices)
GROUP_ORDER = {value: i for i, value in enumerate(GROUP_LABELS)}
NO_GROUP = "zonder groep"
NO_YEAR = "zonder jaar"
QUOTES_PER_THEME = 5


@dataclass
class Quote:
    passage_id: int
    text: str
    interview: str
    group: str
    municipality: str
    year: int | None
    coder: str
    starred: bool

    @property
    def attribution(self):
        """E.g. 'Interview 3 · gemeente · Gemeente A · 2022'; missing attributes are left out, and so are those the
        interview's name already says ('Amsterdam — verloskundige · 2022', not '… · verloskundige · Amsterdam')."""
        said = self.interview.casefold()
        parts = [str(part) for part in (self.group, self.municipality, self.year or "") if part]
        new = [part for part in parts if not re.search(rf"(?<![\w-]){re.escape(part.casefold())}(?![\w-])", said)]
        return " · ".join([self.interview] * bool(self.interview) + new)


@dataclass
class ThemeSummary:
    theme: Theme
    passages: int = 0
    interviews: int = 0
    tree_passages: int | None = None  # with its subthemes, when it has any in the summary
    tree_interviews: int | None = None
    by_group: list = field(default_factory=list)  # (label, passages, interviews)
    by_year: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    memos: list = field(default_factory=list)

    @property
    def tables(self):
        """The count tables that have rows: (heading, rows)."""
        return [(label, rows) for label, rows in (("Stakeholdergroep", self.by_group), ("Jaar", self.by_year)) if rows]

    @property
    def counts_text(self):
        """E.g. '3 passages in 2 interviews; met subthema's: 5 passages in 3 interviews.'"""
        text = _phrase(self.passages, self.interviews)
        if self.tree_passages is not None:
            text += f"; met subthema's: {_phrase(self.tree_passages, self.tree_interviews)}"
        return text + "."


def _phrase(passages, interviews):
    return f"{passages} passage{'' if passages == 1 else 's'} in {interviews} interview{'' if interviews == 1 else 's'}"


@dataclass
class Summary:
    project: object
    filters: str
    interview_count: int
    themes: list
    pseudonymised: bool
    created: datetime.datetime = field(default_factory=lambda: timezone.now())  # looked up per call: tests set it

    @property
    def intro(self):
        """E.g. 'Gemaakt op 23-11-2026. Filters: jaar: 2021. 4 interviews.'"""
        filters = f"Filters: {self.filters}." if self.filters and self.filters != "geen filters" else "Zonder filters."
        text = (
            f"Gemaakt op {made_on(self.created)}. {filters} "
            f"{self.interview_count} interview{'' if self.interview_count == 1 else 's'}."
        )
        return text + (" Interviews en gemeenten zijn vervangen door pseudoniemen." if self.pseudonymised else "")


def letters(n):
    """0 → A, 25 → Z, 26 → AA: a spreadsheet-style label."""
    label = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        label = string.ascii_uppercase[rest] + label
    return label


def interview_labels(project, interviews, pseudonymise):
    """{interview id: (name, group, municipality, year)} as a quote's attribution shows them.

    Pseudonymised, interviews become 'Interview 1…n' (by title) and each municipality the replacement the
    project lists for its name (pseudonymisation list), else 'Gemeente A…' (by CBS code), so neither a
    title nor a place name gives the speaker away. Numbers and letters are given over the whole project,
    so an interview keeps its pseudonym whatever the filters.
    """
    rows = list(
        project.interviews.order_by("title", "pk").values_list(
            "pk", "title", "stakeholder_group", "municipality__code", "municipality__name", "year"
        )
    )
    chosen = set(interviews.values_list("pk", flat=True))
    pseudonyms = _municipality_pseudonyms(project, {(row[3], row[4]) for row in rows if row[3]}) if pseudonymise else {}
    labels = {}
    for number, (pk, title, group, code, name, year) in enumerate(rows, start=1):
        if pk in chosen:
            place = (pseudonyms.get(code, "") if pseudonymise else name) or ""
            labels[pk] = (f"Interview {number}" if pseudonymise else title, group, place, year)
    return labels


def _municipality_pseudonyms(project, municipalities):
    """{CBS code: pseudonym} for (code, name) pairs: the project's listed replacement, else a free letter."""
    listed = {p.name.casefold(): p.replacement for p in PseudonymName.objects.filter(project=project)}
    taken = {replacement.strip("[] ").casefold() for replacement in listed.values()}
    letters_left = (f"Gemeente {letters(i)}" for i in range(10**6))
    pseudonyms = {}
    for code, name in sorted(municipalities):
        pseudonyms[code] = listed.get(name.casefold()) or next(p for p in letters_left if p.casefold() not in taken)
    return pseudonyms


def municipality_pseudonym(project, municipality):
    """The pseudonym the summary and the codings table give this municipality in this project."""
    used = project.interviews.exclude(municipality=None).values_list("municipality__code", "municipality__name")
    return _municipality_pseudonyms(project, set(used) | {(municipality.code, municipality.name)})[municipality.code]


def spread(candidates, groups, limit):
    """Up to `limit` passage ids taking turns over stakeholder groups (in the groups' fixed order), and
    within a group over interviews: first each interview's first passage, then the seconds, and so on.

    candidates: (passage id, interview id, interview position (by title), start); groups: {interview id: group}.
    """
    by_group, seen_in_interview = defaultdict(list), defaultdict(int)
    for pid, interview_id, position, start in sorted(candidates, key=lambda c: (c[2], c[3], c[0])):
        rank = seen_in_interview[interview_id]
        seen_in_interview[interview_id] += 1
        by_group[groups[interview_id]].append((rank, position, start, pid))
    queues = [sorted(by_group[g]) for g in sorted(by_group, key=lambda g: GROUP_ORDER.get(g, len(GROUP_ORDER)))]
    turns = [item[-1] for row in zip_longest(*queues) for item in row if item is not None]
    return turns[:limit]


def choose_quotes(rows, labels, limit):
    """Passage ids to quote: every starred passage first (by interview title and position), then a spread
    across stakeholder groups until `limit` quotes. rows: (passage id, interview id, starred, start);
    labels: interview_labels(), in title order."""
    position = {pk: n for n, pk in enumerate(labels)}
    starred = sorted((position[i], s, p) for p, i, star, s in rows if star)
    rest = [(p, i, position[i], s) for p, i, star, s in rows if not star]
    groups = {pk: label[1] for pk, label in labels.items()}
    return [p for _, _, p in starred] + spread(rest, groups, max(limit - len(starred), 0))


def _counts(rows, labels):
    """Passages and interviews per group and per year: two lists of (label, passages, interviews)."""
    groups, years = defaultdict(lambda: (set(), set())), defaultdict(lambda: (set(), set()))
    for passage_id, interview_id, _, _ in rows:
        label = labels[interview_id]
        for found, key in ((groups, label[1]), (years, label[3])):
            found[key][0].add(passage_id)
            found[key][1].add(interview_id)
    group_order = sorted(groups, key=lambda g: GROUP_ORDER.get(g, len(GROUP_ORDER)))
    year_order = sorted(years, key=lambda y: (y is None, y or 0))
    return (
        [(GROUP_LABELS.get(g) or NO_GROUP, len(groups[g][0]), len(groups[g][1])) for g in group_order],
        [(y or NO_YEAR, len(years[y][0]), len(years[y][1])) for y in year_order],
    )


def build_summary(selection, quotes=None):
    """The theme summary of a selection.Selection: per chosen theme (in codebook order) counts, quotes and memos.

    The selection's chosen_themes() are reported on, its codings() counted in its interviews(); `quotes`: how
    many quotes per theme (None: QUOTES_PER_THEME; starred passages always come along); interviews and
    municipalities by their pseudonyms when the selection is pseudonymised.
    """
    project, pseudonymise = selection.project, selection.pseudonymised
    quotes_per_theme = QUOTES_PER_THEME if quotes is None else quotes
    labels = interview_labels(project, selection.interviews(), pseudonymise)
    ordered = selection.chosen_themes().in_tree_order()
    codings = selection.codings()
    rows = defaultdict(list)
    for theme_id, *row in codings.filter(tag__in=[t.pk for t in ordered]).values_list(
        "tag_id",
        "content_object_id",
        "content_object__interview_id",
        "content_object__starred",
        "content_object__start",
    ):
        if row[1] in labels:
            rows[theme_id].append(tuple(row))
    summaries = {t.pk: _theme_summary(t, rows[t.pk], labels, quotes_per_theme) for t in ordered}
    _add_tree_counts(ordered, rows, summaries)
    _fill_quotes(summaries.values(), labels)
    for memo in Memo.objects.filter(theme__in=list(summaries)).select_related("author").order_by("created_at", "pk"):
        summaries[memo.theme_id].memos.append(memo)
    return Summary(
        project=project,
        filters=selection.describe(),
        interview_count=len(labels),
        themes=[summaries[t.pk] for t in ordered],
        pseudonymised=pseudonymise,
    )


def _theme_summary(theme, rows, labels, limit):
    by_group, by_year = _counts(rows, labels)
    summary = ThemeSummary(
        theme=theme,
        passages=len({r[0] for r in rows}),
        interviews=len({r[1] for r in rows}),
        by_group=by_group,
        by_year=by_year,
    )
    summary.quotes = choose_quotes(rows, labels, limit)  # ids for now; _fill_quotes makes them Quotes
    return summary


def _add_tree_counts(ordered, rows, summaries):
    """Themes with subthemes in the summary also get the counts of their whole subtree."""
    subtree = {}
    for theme in reversed(ordered):  # children come after their parent
        passages = {r[0] for r in rows[theme.pk]}
        interviews = {r[1] for r in rows[theme.pk]}
        for child in theme.subthemes:
            passages |= subtree[child.pk][0]
            interviews |= subtree[child.pk][1]
        subtree[theme.pk] = (passages, interviews)
        if theme.subthemes:
            summaries[theme.pk].tree_passages, summaries[theme.pk].tree_interviews = len(passages), len(interviews)


def _fill_quotes(summaries, labels):
    """Replace each summary's chosen passage ids by Quotes (one query for all themes)."""
    wanted = {pid for s in summaries for pid in s.quotes}
    found = {
        row[0]: row
        for row in Passage.objects.filter(pk__in=wanted).values_list(
            "pk", "text", "interview_id", "coder__username", "starred"
        )
    }
    for summary in summaries:
        quotes = []
        for pid in summary.quotes:
            _, text, interview_id, coder, starred = found[pid]
            name, group, place, year = labels[interview_id]
            quotes.append(Quote(pid, text, name, GROUP_LABELS.get(group, ""), place, year, coder, starred))
        summary.quotes = quotes
