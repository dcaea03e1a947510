"""Mixed-methods analyses: themes by attribute and by indicator, trends, joint display, co-occurrence.

Every page takes the shared filters (AnalysisFilterForm, read as a selection.Selection) from the query
string; ?format=csv|xlsx downloads the table and the chart URLs (…/grafiek.svg|png) draw it with the same
query string.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import analysis_files as files
from .. import charts, crosstabs, joint
from ..forms.analysis import (
    AnalysisFilterForm,
    AttributeForm,
    ExemplarForm,
    IndicatorSplitForm,
    JointDisplayForm,
    TrendForm,
)
from ..forms.fields import is_id
from ..models import Passage
from ..permissions import READ, WRITE, get_project_for_user

OVERLAP, SAME = "Overlappende passages", "In hetzelfde interview"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def _download(name, fmt, write):
    buffer = io.BytesIO()
    write(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _sheets_or_page(request, project, sheets, notes, name, template, context):
    """The page, or its tables as CSV (first sheet) / XLSX (all sheets, with the notes) for ?format=."""
    fmt = request.GET.get("format", "")
    if fmt == "csv" and sheets:
        return _download(f"{project.slug}-{name}", "csv", lambda f: files.write_csv(f, sheets[0]))
    if fmt == "xlsx" and sheets:
        notes = context["study"].describe() + notes
        return _download(f"{project.slug}-{name}", "xlsx", lambda f: files.write_xlsx(f, sheets, notes))
    query = request.GET.copy()
    query.pop("format", None)
    context.update(project=project, query=query.urlencode(), notes=notes)
    return render(request, template, context)


def _study(request, project, spans=False):
    form = AnalysisFilterForm(request.GET or None, project=project)
    return form, crosstabs.Study(form.selection().seen_by(request.user), spans=spans)


def _attribute_table(request, project):
    form, study = _study(request, project)
    choice = AttributeForm(request.GET or None, project=project)
    attribute = choice.attribute()
    table = crosstabs.crosstab(study, crosstabs.group_by_attribute(study, attribute, project))
    return form, choice, study, table, [f"Vergeleken naar: {choice.attribute_label()}."]


@login_required
def by_attribute(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    form, choice, study, table, notes = _attribute_table(request, project)
    sheets = [files.crosstab_sheet(table)] if study.cases else []
    context = {
        "membership": membership,
        "form": form,
        "choice": choice,
        "study": study,
        "table": table,
        "chart": "kenmerk",
        "by": choice.attribute(),
        "chart_alt": charts.crosstab_alt(table, request.GET.get("chart", "")),
    }
    return _sheets_or_page(
        request, project, sheets, notes, "themas-per-kenmerk", "interviews/analysis_table.html", context
    )


def _indicator_table(request, project):
    form, study = _study(request, project)
    choice = IndicatorSplitForm(request.GET if "indicator" in request.GET else None)
    if not choice.is_valid():
        return form, choice, study, None, []
    indicator = choice.cleaned_data["indicator"]
    values = crosstabs.observed_values(study, indicator)
    if not values:
        choice.add_error(
            "indicator", f"{indicator.name} heeft geen waarden voor de gemeenten en jaren van deze interviews."
        )
        return form, choice, study, None, []
    groups = crosstabs.group_by_indicator(
        study, indicator, choice.cleaned_data["thresholds"], choice.cleaned_data["quantiles"], values=values
    )
    table = crosstabs.crosstab(study, groups)
    national = sum(flag for _, flag in values.values())
    notes = [f"Indicator: {indicator.name}, de waarde voor de gemeente in het jaar van elk interview."]
    if national:
        notes.append(f"{national} interview(s) kregen de landelijke waarde: hun gemeente heeft er geen.")
    return form, choice, study, table, notes


@login_required
def by_indicator(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    form, choice, study, table, notes = _indicator_table(request, project)
    sheets = [files.crosstab_sheet(table, "thema's × indicator")] if table and study.cases else []
    context = {
        "membership": membership,
        "form": form,
        "choice": choice,
        "study": study,
        "table": table,
        "chart": "indicator",
        "indicator_page": True,
        "chart_alt": charts.crosstab_alt(table, request.GET.get("chart", "")) if table else "",
    }
    return _sheets_or_page(
        request, project, sheets, notes, "themas-per-indicator", "interviews/analysis_table.html", context
    )


def _trend(request, project):
    form, study = _study(request, project)
    choice = TrendForm(request.GET or None)
    indicator = choice.cleaned_data.get("indicator") if choice.is_valid() else None
    trend = crosstabs.trends(study, indicator)
    notes = []
    if indicator and all(v is None for v in trend.national + trend.local):
        notes.append(f"{indicator.name} heeft geen waarden in de jaren van de interviews.")
    return form, choice, study, trend, indicator, notes


@login_required
def trends(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    form, choice, study, trend, indicator, notes = _trend(request, project)
    sheets = [files.trend_sheet(trend, indicator)] if trend.years else []
    context = {
        "membership": membership,
        "form": form,
        "choice": choice,
        "study": study,
        "trend": trend,
        "indicator": indicator,
        "chart": "trends",
        "chart_alt": charts.trend_alt(trend, indicator),
    }
    return _sheets_or_page(request, project, sheets, notes, "trends", "interviews/analysis_trends.html", context)


@login_required
def joint_display(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    form, study = _study(request, project)
    choice = JointDisplayForm(request.GET or None, project=project)
    valid = choice.is_valid()
    indicators = list(choice.cleaned_data.get("indicators") or []) if valid else []
    per = (choice.cleaned_data.get("per") if valid else "") or "municipality"
    level = choice.cleaned_data.get("level", "") if valid else ""
    summaries, mismatch = _grid_summaries(choice, per)
    rows = joint.joint_display(study, indicators, per, level, summaries)
    sheets = [files.joint_sheet(rows, indicators)] if rows else []
    context = {
        "membership": membership,
        "form": form,
        "choice": choice,
        "study": study,
        "rows": rows,
        "indicators": indicators,
        "per": per,
    }
    notes = (
        mismatch
        if not study.cases or rows[0].themes
        else [f"Geen thema's op {joint.JOINT_LEVELS[level]} bij deze filters: kies een hoger niveau."]
    )
    return _sheets_or_page(request, project, sheets, notes, "joint-display", "interviews/analysis_joint.html", context)


def _grid_summaries(choice, per):
    """(summaries, notes): the chosen summary grid's summaries ({} without one), or a note when its rows are not
    the joint display's."""
    grid = choice.cleaned_data.get("grid") if choice.is_valid() else None
    summaries = {} if grid is None else joint.grid_summaries(grid, per)
    if summaries is None:
        unit = dict(choice.fields["per"].choices)[per]
        return {}, [
            _("De rijen van tabel “%(name)s” passen niet: kies een tabel per %(unit)s.")
            % {"name": grid.name, "unit": unit}
        ]
    return summaries, []


@login_required
def exemplar_choose(request, slug):
    """Pick the exemplar quote of one theme in one row (municipality or interview) of the joint display."""
    project, membership = get_project_for_user(request, slug, need=WRITE if request.method == "POST" else READ)
    theme = project.themes.filter(pk=_int(request.GET.get("theme"))).first()
    key, per = _int(request.GET.get("key")), request.GET.get("per", "municipality")
    if theme is None or key is None:
        raise Http404("Onbekend thema of onbekende rij.")
    where = {"interview_id": key} if per == "interview" else {"interview__municipality_id": key}
    candidates = (
        Passage.objects.visible_to(request.user, project)
        .filter(interview__project=project, codings__tag__in=theme.descendants(), **where)
        .distinct()
        .order_by("pk")
    )
    form = ExemplarForm(request.POST or None, candidates=list(candidates))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Het citaat is gekozen.")
        return redirect(f"{reverse('interviews:analysis_joint', args=[project.slug])}?{request.GET.get('back', '')}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "interviews/analysis_exemplar.html",
        {
            "project": project,
            "membership": membership,
            "form": form,
            "theme": theme,
            "back": request.GET.get("back", ""),
        },
        status=status,
    )


def _int(value):
    return int(value) if value and is_id(value) else None  # 2**70 is no id: a query with it would fail


@login_required
def cooccurrence(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    form, study = _study(request, project, spans=True)
    overlap, same = crosstabs.cooccurrence(study)
    sheets = files.cooccurrence_sheets(study, overlap, same) if study.cases else []
    ids = [t.pk for t in study.themes]
    grids = [
        (
            title,
            together,
            [(t, [table[a][b] for b in ids]) for t, a in zip(study.themes, ids)],
            charts.cooccurrence_alt(study, table, title),
        )
        for title, together, table in ((OVERLAP, "overlap", overlap), (SAME, "interview", same))
    ]
    context = {
        "membership": membership,
        "form": form,
        "study": study,
        "grids": grids,
        "matrix_alt": charts.matrix_alt(study),
    }
    return _sheets_or_page(request, project, sheets, [], "samenloop", "interviews/analysis_cooccurrence.html", context)


@login_required
def theme_matrix(request, slug):
    """Theme × interview counts (or 0/1 with ?binary=1) as CSV or XLSX, for SPSS or R."""
    project, membership = get_project_for_user(request, slug, need=READ)
    form, study = _study(request, project)
    sheet = files.theme_matrix_sheet(study, binary=request.GET.get("binary") == "1")
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    write = (
        (lambda f: files.write_xlsx(f, [sheet], study.describe()))
        if fmt == "xlsx"
        else (lambda f: files.write_csv(f, sheet))
    )
    return _download(f"{project.slug}-thema-interview-matrix", fmt, write)


def _drawing(request, project, kind, fmt):
    """(file name, writer) of the analysis `kind` drawn as `fmt`, from the page's query string; None if unknown."""
    if kind in ("kenmerk", "indicator"):
        table = (_attribute_table if kind == "kenmerk" else _indicator_table)(request, project)[3]
        if table is None:
            raise Http404("Kies eerst een indicator.")
        draw = charts.bars if request.GET.get("chart") == "bars" else charts.heatmap
        return kind, lambda f: draw(f, table, fmt)
    if kind == "trends":
        _, _, _, trend, indicator, _ = _trend(request, project)
        return kind, lambda f: charts.trend_lines(f, trend, indicator, fmt)
    if kind == "samenloop":
        _, study = _study(request, project, spans=True)
        overlap, same = crosstabs.cooccurrence(study)
        table, title = (overlap, OVERLAP) if request.GET.get("tabel") == "overlap" else (same, SAME)
        return kind, lambda f: charts.cooccurrence_map(f, study, table, fmt, title)
    if kind == "matrix":
        _, study = _study(request, project)
        return "thema-interview-matrix", lambda f: charts.theme_matrix_map(f, study, fmt)
    return None


@login_required
def chart(request, slug, kind, fmt):
    """The analysis `kind` drawn as PNG or SVG, with the same query string as its page."""
    project, membership = get_project_for_user(request, slug, need=READ)
    if fmt not in ("png", "svg"):
        raise Http404("Alleen PNG en SVG.")
    drawing = _drawing(request, project, kind, fmt)
    if drawing is None:
        raise Http404("Onbekende grafiek.")
    name, write = drawing
    return _download(f"{project.slug}-{name}", fmt, write)
