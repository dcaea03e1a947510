"""Summary grids (framework matrix): the list and a new grid, the grid page, one cell's summary, the exports."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import analysis_files, summary_grid, word
from ..forms.grids import CellForm, GridForm, grid_filters, grid_selection
from ..permissions import READ, WRITE, get_project_for_user

SHOWN = 2  # passages with their text per cell on the grid page; the cell's page lists them all
EXPORTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _get_grid_for_user(request, slug, grid_id, need=READ):
    """Project, membership and the project's grid, or 404."""
    project, membership = get_project_for_user(request, slug, need=need)
    grid = get_object_or_404(project.summary_grids.prefetch_related("themes"), pk=grid_id)
    return project, membership, grid


def _need(request):
    return WRITE if request.method == "POST" else READ


@login_required
def grid_list(request, slug):
    """The project's grids, and (for coders and owners) the form that makes a new one."""
    project, membership = get_project_for_user(request, slug, need=_need(request))
    form = GridForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        grid = form.save_by(request.user)
        messages.success(request, _("Tabel “%(name)s” gemaakt.") % {"name": grid.name})
        return redirect("interviews:grid_detail", project.slug, grid.pk)
    grids = project.summary_grids.select_related("created_by").prefetch_related("themes")
    context = {"project": project, "membership": membership, "form": form, "grids": grids}
    return render(request, "interviews/grid_list.html", context, status=400 if form.errors else 200)


@login_required
def grid_detail(request, slug, grid_id):
    project, membership, grid = _get_grid_for_user(request, slug, grid_id)
    filters = grid_filters(grid)
    built = summary_grid.build_grid(grid, grid_selection(grid, request.user, filters), shown=SHOWN)
    context = {
        "project": project,
        "membership": membership,
        "grid": grid,
        "built": built,
        "filters": filters.selection().describe(),
        "shown": SHOWN,
    }
    return render(request, "interviews/grid_detail.html", context)


@login_required
def grid_cell(request, slug, grid_id, row, theme_id):
    """One cell: all its passages and its summary; a coder writes the summary and ticks the quotes it rests on."""
    project, membership, grid = _get_grid_for_user(request, slug, grid_id, need=_need(request))
    built = summary_grid.build_grid(grid, grid_selection(grid, request.user), only=(row, theme_id))
    if not built.rows or not built.themes:
        raise Http404(_("Deze cel hoort niet bij de tabel."))
    cell = built.rows[0].cells[0]
    form = CellForm(request.POST if request.method == "POST" else None, grid=grid, cell=cell)
    if request.method == "POST" and form.is_valid():
        verb = form.save(grid, request.user)
        done = {"delete": _("De samenvatting is gewist."), None: _("Er was niets veranderd.")}
        messages.success(request, done.get(verb, _("De samenvatting is opgeslagen.")))
        return redirect(reverse("interviews:grid_detail", args=[project.slug, grid.pk]) + f"#{cell.anchor}")
    context = {"project": project, "membership": membership, "grid": grid, "row": built.rows[0], "cell": cell}
    context["form"] = form
    return render(request, "interviews/grid_cell.html", context, status=400 if form.errors else 200)


@login_required
def grid_export(request, slug, grid_id, fmt):
    """The grid as DOCX (a section per row: per theme its summary and quotes) or XLSX (the grid itself)."""
    project, membership, grid = _get_grid_for_user(request, slug, grid_id)
    if fmt not in EXPORTS:
        raise Http404(_("Alleen DOCX en XLSX."))
    filters = grid_filters(grid)
    built = summary_grid.build_grid(grid, grid_selection(grid, request.user, filters), shown=0)
    buffer = io.BytesIO()
    if fmt == "docx":
        word.write_grid(built, filters.selection().describe(), buffer)
    else:
        analysis_files.write_xlsx(buffer, analysis_files.grid_sheets(built), [filters.selection().describe()])
    response = HttpResponse(buffer.getvalue(), content_type=EXPORTS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-tabel-{grid.pk}.{fmt}"'
    return response


@login_required
@require_POST
def grid_delete(request, slug, grid_id):
    project, membership, grid = _get_grid_for_user(request, slug, grid_id, need=WRITE)
    summary_grid.delete_grid(grid, request.user)
    messages.success(request, _("Tabel “%(name)s” verwijderd.") % {"name": grid.name})
    return redirect("interviews:grid_list", project.slug)
