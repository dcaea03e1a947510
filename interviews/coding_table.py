"""The codings table: one row per passage and theme (and one per passage without a theme), with the
interview's attributes and the project's case variables, for a selection.Selection; as CSV or XLSX.

Rows stream from the database in chunks, so a large project never sits in memory.
"""

from collections import defaultdict

from django.utils import timezone
from django.utils.text import slugify

from .clock import made_on
from .models import Coding, Interview, Passage, ProjectVariable, VariableValue
from .spreadsheets import write_csv, write_xlsx
from .summary import GROUP_LABELS, interview_labels, municipality_pseudonym


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


def coding_table(selection):
    """(header, column widths, rows) of the codings table of a selection.Selection; the project's case variables
    follow the fixed attributes of the interview. Its all_passages() are listed, each with its themes; with a
    theme filter or ticked themes only the codings with those (chosen_themes()) and no passages without a theme.
    Pseudonymised, interviews and municipalities are named as the theme summary names them (interview_labels)."""
    project = selection.project
    variables = [(v.name, 14) for v in ProjectVariable.objects.filter(project=project)]
    columns = BEFORE_VARIABLES + variables + AFTER_VARIABLES
    rows = coding_rows(project, selection.all_passages(), _listed_themes(selection))
    if selection.pseudonymised:
        rows = _pseudonymised(rows, interview_labels(project, project.interviews.all(), True))
    return [name for name, _ in columns], [width for _, width in columns], rows


def _listed_themes(selection):
    """The ids of the themes whose codings are listed, or None for every theme and no theme."""
    if not (selection.theme or selection.ticked):
        return None
    return list(selection.chosen_themes().values_list("pk", flat=True))


def describe(selection):
    """The selection's filters and ticked themes, e.g. 'jaar: 2021; thema's: financiering'; pseudonymised, the
    municipality filter is named by its pseudonym (the description must not name what the table hides)."""
    described = selection.describe()
    place = selection.municipality
    if place and selection.pseudonymised:
        described = described.replace(str(place), municipality_pseudonym(selection.project, place))
    if not selection.ticked:
        return described
    names = f"thema's: {', '.join(sorted(t.name for t in selection.ticked))}"
    return names if described == "geen filters" else f"{described}; {names}"


def filename(selection, fmt):
    """E.g. 'studie-coderingen.csv', or with the filters: 'studie-coderingen-jaar-2021.csv'."""
    described = describe(selection)
    suffix = "" if described == "geen filters" else "-" + slugify(described)[:80].strip("-")
    if selection.pseudonymised:
        suffix += "-gepseudonimiseerd"
    return f"{selection.project.slug}-coderingen{suffix}.{fmt}"


def _pseudonymised(rows, labels):
    """Rows with the interview's title and municipality replaced by their pseudonyms (and no CBS code)."""
    for row in rows:
        name, _group, place, _year = labels[row[0]]
        row[1:4] = [name, "", place]
        yield row


def write_codings_file(selection, fmt, file):
    """The codings table of a selection.Selection as 'csv' or 'xlsx' into a binary file object. The XLSX says
    on a second sheet what it holds: the filters in words (describe)."""
    header, widths, rows = coding_table(selection)
    if fmt == "csv":
        write_csv(file, header, rows)
    else:
        about = [
            ("Project", selection.project.name),
            ("Gemaakt op", made_on()),
            ("Filters", describe(selection)),
            ("Gepseudonimiseerd", "ja: interviews en gemeenten" if selection.pseudonymised else "nee"),
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
