"""Reports and interchange: the theme summary, the codings table, the codebook out and in, starring quotes."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .. import charts, coding_table, spreadsheets, summary, summary_files
from ..exchange import codebook as codebooks
from ..forms.analysis import AnalysisFilterForm
from ..forms.reports import CodebookImportForm, CodingsFilterForm, SummaryForm
from ..models import Passage
from ..permissions import READ, WRITE, get_project_for_user
from ..selection import Selection

SUMMARY_TYPES = summary_files.SUMMARY_FORMATS
XLSX = SUMMARY_TYPES["xlsx"]
QUOTES_PER_PAGE = 50


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _summary_forms(request, project):
    return AnalysisFilterForm(request.GET, project=project), SummaryForm(request.GET, project=project)


def _summary(filters, options, user):
    return summary.build_summary(options.selection(filters).seen_by(user), options.cleaned_data["quotes"])


@login_required
def report_page(request, slug):
    """The export page: summary filters and options (with a preview once asked), codings and codebook files."""
    project, membership = get_project_for_user(request, slug, need=READ)
    filters, options = _summary_forms(request, project)
    valid = filters.is_valid() and options.is_valid()
    context = {
        "project": project,
        "membership": membership,
        "filters": filters,
        "options": options,
        "summary": _summary(filters, options, request.user) if request.GET and valid else None,
        "themes": project.themes.in_tree_order(),
    }
    return render(request, "interviews/reports.html", context, status=200 if valid else 400)


@login_required
def summary_export(request, slug, fmt):
    project, membership = get_project_for_user(request, slug, need=READ)
    if fmt not in SUMMARY_TYPES:
        raise Http404("Deze samenvatting is er als .docx, .xlsx, .md of .html.")
    filters, options = _summary_forms(request, project)
    if not (filters.is_valid() and options.is_valid()):
        return report_page(request, slug)
    buffer = io.BytesIO()
    kinds = options.cleaned_data["charts"] if fmt == "docx" else []
    pictures = charts.summary_charts(options.selection(filters).seen_by(request.user), kinds) if kinds else []
    summary_files.write_summary_file(_summary(filters, options, request.user), fmt, buffer, pictures)
    return _download(buffer.getvalue(), f"{project.slug}-themasamenvatting.{fmt}", SUMMARY_TYPES[fmt])


def _codings_download(fmt, selection):
    filename = coding_table.filename(selection, fmt)
    if fmt == "csv":
        header, widths, rows = coding_table.coding_table(selection)
        response = StreamingHttpResponse(spreadsheets.csv_lines(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    buffer = io.BytesIO()
    coding_table.write_codings_file(selection, fmt, buffer)
    return _download(buffer.getvalue(), filename, XLSX)


@login_required
def codings_export(request, slug, fmt):
    """Every passage with each of its themes (and once without, when it has none) as CSV or XLSX, with the
    report page's filters and ticked themes; bad filters give that page with the errors."""
    project, membership = get_project_for_user(request, slug, need=READ)
    if fmt not in ("csv", "xlsx"):
        raise Http404("De coderingen zijn er als .csv of .xlsx.")
    if not request.GET:  # no filters: no filter form either (its choice lists cost 10 ms of a 100 ms budget)
        return _codings_download(fmt, Selection(project).seen_by(request.user))
    form = CodingsFilterForm(request.GET, project=project)
    if not form.is_valid():
        return report_page(request, slug)
    return _codings_download(fmt, form.selection().seen_by(request.user))


@login_required
def codebook_export(request, slug, fmt):
    project, membership = get_project_for_user(request, slug, need=READ)
    if fmt not in codebooks.FORMATS:
        raise Http404("Het codeboek is er als .csv, .xlsx of .qdc.")
    buffer = io.BytesIO()
    try:
        codebooks.write_codebook_file(project, fmt, buffer)
    except codebooks.CodebookError as error:
        messages.error(request, " ".join(error.errors))
        return redirect("interviews:reports", project.slug)
    return _download(buffer.getvalue(), f"{project.slug}-codeboek.{fmt}", codebooks.FORMATS[fmt])


@login_required
def codebook_import(request, slug):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    posted = request.method == "POST"
    form = CodebookImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        project=project,
        may_move=membership.may_restructure_codebook,
    )
    if posted and form.is_valid():
        added, updated = form.save(request.user)
        messages.success(request, f"Codeboek ingelezen: {len(added)} thema('s) toegevoegd, {len(updated)} bijgewerkt.")
        return redirect("interviews:codebook", project.slug)
    context = {"project": project, "membership": membership, "form": form}
    return render(request, "interviews/codebook_import.html", context, status=400 if form.errors else 200)


@login_required
def theme_quotes(request, slug, theme_id):
    """A theme's passages, starred first, where writers star the quotes a summary must show."""
    project, membership = get_project_for_user(request, slug, need=READ)
    theme = get_object_or_404(project.themes, pk=theme_id)
    passages = (
        Passage.objects.visible_to(request.user, project)
        .filter(codings__tag=theme)
        .select_related("interview__municipality", "coder")
        .defer("interview__text")
        .order_by("-starred", "interview__title", "start", "pk")
    )
    page = Paginator(passages, QUOTES_PER_PAGE).get_page(request.GET.get("pagina"))
    context = {"project": project, "membership": membership, "theme": theme, "page": page}
    return render(request, "interviews/theme_quotes.html", context)
