"""What the exports for report writers contain: the theme summary (counts, quotes, memos) and the codings table.

Plain data built with a fixed number of queries; word.py and spreadsheets.py turn it into files.
"""

import datetime
import re
import string
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import zip_longest

from django.utils import timezone

from .models import (
    Coding,
    Interview,
    Memo,
    Passage,
    ProjectVariable,
    PseudonymName,
    StakeholderGroup,
    Theme,
    VariableValue,
)

GROUP_LABELS = dict(StakeholderGroup.choices)
GROUP_ORDER = {value: i for i, value in enumerate(GROUP_LABELS)}
NO_GROUP = "zonder groep"
NO_YEAR = "zonder jaar"


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
        """E.g. 'Interview 3 · gemeente · Gemeente A · 2022'; missing attributes are left out."""
        parts = [self.interview, self.group, self.municipality, str(self.year or "")]
        return " · ".join(part for part in parts if part)


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
    created: datetime.datetime = field(default_factory=timezone.now)

    @property
    def intro(self):
        """E.g. 'Gemaakt op 23-11-2026. Filters: jaar: 2021. 4 interviews.'"""
        filters = f"Filters: {self.filters}." if self.filters and self.filters != "geen filters" else "Zonder filters."
        text = (
            f"Gemaakt op {timezone.localtime(self.created):%d-%m-%Y}. {filters} "
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


def build_summary(project, interviews, codings, themes, quotes_per_theme=5, pseudonymise=False, filters=""):
    """The theme summary: per theme (in codebook order) counts, quotes and memos.

    interviews: the Interview queryset the writer filtered to; codings: the Coding queryset to count (already
    filtered by interviews, coder and themes); themes: the Theme queryset to report on.
    """
    labels = interview_labels(project, interviews, pseudonymise)
    ordered = themes.in_tree_order()
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
        filters=filters,
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


# --- the codings table ---


def local(moment, zone=None):
    """A stored datetime as naive local time (what spreadsheets understand), or None."""
    return moment.astimezone(zone or timezone.get_current_timezone()).replace(tzinfo=None) if moment else None


BEFORE_VARIABLES = [
    ("interview_id", 8),
    ("interview", 30),
    ("gemeentecode", 10),
    ("gemeente", 18),
    ("jaar", 6),
    ("stakeholdergroep", 16),
    ("datum_interview", 12),
    ("labels", 16),
]
AFTER_VARIABLES = [
    ("passage_id", 8),
    ("codeur", 12),
    ("start", 7),
    ("einde", 7),
    ("tekst", 60),
    ("memo", 30),
    ("ster", 5),
    ("thema", 22),
    ("themapad", 30),
    ("herkomst", 12),
    ("gecodeerd_op", 19),
    ("passage_gemaakt", 19),
    ("passage_gewijzigd", 19),
]


def coding_table(project, passages=None, themes=None, pseudonymise=False):
    """(header, column widths, rows) of the codings table; the project's case variables follow the fixed
    attributes of the interview. passages: the Passage queryset to list (default: all of the project's);
    themes: only codings with these themes (ids), and then no passages without a theme (default: all);
    pseudonymise: interviews and municipalities as the theme summary names them (interview_labels)."""
    variables = [(v.name, 14) for v in ProjectVariable.objects.filter(project=project)]
    columns = BEFORE_VARIABLES + variables + AFTER_VARIABLES
    rows = coding_rows(project, passages, themes)
    if pseudonymise:
        rows = _pseudonymised(rows, interview_labels(project, project.interviews.all(), True))
    return [name for name, _ in columns], [width for _, width in columns], rows


def _pseudonymised(rows, labels):
    """Rows with the interview's title and municipality replaced by their pseudonyms (and no CBS code)."""
    for row in rows:
        name, _group, place, _year = labels[row[0]]
        row[1:4] = [name, "", place]
        yield row


def municipality_pseudonym(project, municipality):
    """The pseudonym the summary and the codings table give this municipality in this project."""
    used = project.interviews.exclude(municipality=None).values_list("municipality__code", "municipality__name")
    return _municipality_pseudonyms(project, set(used) | {(municipality.code, municipality.name)})[municipality.code]


def write_codings_file(project, fmt, file, passages=None, themes=None, filters="geen filters", pseudonymise=False):
    """The codings table as 'csv' or 'xlsx' into a binary file object (coding_table's passages, themes and
    pseudonymise). The XLSX says on a second sheet what it holds: `filters` in words (AnalysisFilterForm.describe)."""
    from .spreadsheets import write_csv, write_xlsx

    header, widths, rows = coding_table(project, passages, themes, pseudonymise)
    if fmt == "csv":
        write_csv(file, header, rows)
    else:
        about = [
            ("Project", project.name),
            ("Gemaakt op", local(timezone.now())),
            ("Filters", filters),
            ("Gepseudonimiseerd", "ja: interviews en gemeenten" if pseudonymise else "nee"),
        ]
        write_xlsx(
            file, [("Coderingen", header, rows, widths), ("Over deze export", ["Gegeven", "Waarde"], about, [18, 60])]
        )


def coding_rows(project, passages=None, themes=None):
    """One row (a list, in coding_table's column order) per passage and theme, and one per passage without a theme
    (when all themes are listed: `themes` None).

    Streams: the passages come from the database in chunks, so a large project never sits in memory.
    """
    passages = Passage.objects.filter(interview__project=project) if passages is None else passages
    chosen = None if themes is None else set(themes)
    if chosen is not None:  # only passages with a chosen theme; their other themes are left out below
        passages = passages.coded_with(chosen)
    themes = project.themes.in_tree_order()
    by_id = {t.pk: t for t in themes}
    paths = {t.pk: " > ".join(a.name for a in reversed([t, *_ancestors(t, by_id)])) for t in themes}
    extra = _interview_extras(project)
    origins, zone = dict(Coding._meta.get_field("origin").choices), timezone.get_current_timezone()
    values = passages.order_by(
        "interview__title", "interview_id", "start", "end", "pk", "codings__tag__order", "codings__tag__name"
    ).values_list(
        "interview_id",
        "interview__title",
        "interview__municipality__code",
        "interview__municipality__name",
        "interview__year",
        "interview__stakeholder_group",
        "interview__interview_date",
        "pk",
        "coder__username",
        "start",
        "end",
        "text",
        "memo",
        "starred",
        "codings__tag_id",
        "codings__origin",
        "codings__coded_at",
        "created_at",
        "updated_at",
    )
    for (
        interview_id,
        title,
        code,
        place,
        year,
        group,
        date,
        pk,
        coder,
        start,
        end,
        text,
        memo,
        starred,
        theme_id,
        origin,
        coded_at,
        created,
        updated,
    ) in values.iterator(chunk_size=2000):
        if chosen is not None and theme_id not in chosen:
            continue
        theme = by_id.get(theme_id)
        yield [
            interview_id,
            title,
            code or "",
            place or "",
            year,
            GROUP_LABELS.get(group, ""),
            date,
            *extra[interview_id],
            pk,
            coder,
            start,
            end,
            text,
            memo,
            "ja" if starred else "nee",
            theme.name if theme else "",
            paths.get(theme_id, ""),
            origins.get(origin, ""),
            local(coded_at, zone),
            local(created, zone),
            local(updated, zone),
        ]


def _ancestors(theme, by_id):
    chain, node = [], by_id.get(theme.parent_id)
    while node is not None:
        chain.append(node)
        node = by_id.get(node.parent_id)
    return chain


def _interview_extras(project):
    """{interview id: [labels, variable values…]} in coding_table's column order (two queries)."""
    variables = list(ProjectVariable.objects.filter(project=project).values_list("pk", flat=True))
    extra = defaultdict(lambda: [""] * (1 + len(variables)))
    labels = defaultdict(list)
    for pk, name in Interview.objects.filter(project=project).exclude(labels=None).values_list("pk", "labels__name"):
        labels[pk].append(name)
    for pk, names in labels.items():
        extra[pk][0] = ", ".join(sorted(names, key=str.casefold))
    column = {pk: i + 1 for i, pk in enumerate(variables)}
    for value in VariableValue.objects.filter(variable__project=project).select_related("variable"):
        typed = value.value
        extra[value.interview_id][column[value.variable_id]] = (
            {True: "ja", False: "nee"}[typed] if isinstance(typed, bool) else ("" if typed is None else typed)
        )
    return extra


# --- the summary as Markdown ---

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md(text):
    """Text that Markdown shows as typed: special characters escaped (so '<script>' stays text)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def summary_markdown(summary):
    """The summary as a Markdown document (str)."""
    lines = [f"# Themasamenvatting: {md(summary.project.name)}", "", md(summary.intro), ""]
    for item in summary.themes:
        lines += [
            f"{'#' * min(item.theme.depth + 2, 6)} {md(item.theme.name)}",
            "",
            f"*{md(item.theme.definition)}*" if item.theme.definition else "*Geen definitie.*",
            "",
            item.counts_text,
            "",
        ]
        for label, rows in item.tables:
            lines += [f"| {label} | passages | interviews |", "|---|---:|---:|"]
            lines += [f"| {md(name)} | {p} | {i} |" for name, p, i in rows] + [""]
        for quote in item.quotes:
            lines += ["> " + md(line) for line in quote.text.split("\n")]
            lines += [">", f"> — {md(quote.attribution)}" + (" (representatief)" if quote.starred else ""), ""]
        for memo in item.memos:
            lines += [
                f"**Memo: {md(memo.title)}** ({md(memo.author.username)}, {memo.created_at:%d-%m-%Y})",
                "",
                md(memo.text),
                "",
            ]
    return "\n".join(lines)


SUMMARY_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def write_summary_file(summary, fmt, file):
    """The summary as .docx, .xlsx, .md or .html (a key of SUMMARY_FORMATS) into a binary file object."""
    from django.template.loader import render_to_string

    from . import spreadsheets, word

    if fmt == "docx":
        word.write_summary(summary, file)
    elif fmt == "xlsx":
        spreadsheets.write_xlsx(file, spreadsheets.summary_sheets(summary))
    elif fmt == "md":
        file.write(summary_markdown(summary).encode("utf-8"))
    else:
        file.write(render_to_string("interviews/summary_document.html", {"summary": summary}).encode("utf-8"))
