"""What the analyses need: the overview page, case variables and their values, and indicator import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitor import indicator_sheets, indicator_uploads
from monitor.models import Indicator

from ..forms.analysis_setup import IndicatorImportForm, VariableForm, VariableSheetForm
from ..models import Action, ProjectVariable
from ..models.history import case_values
from ..permissions import OWN, READ, WRITE, get_project_for_user
from ..tasks import confirm_indicators

SESSION_KEY = "indicator_import"


@login_required
def analysis_index(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    indicators = Indicator.objects.with_coverage()
    return render(
        request,
        "interviews/analysis_index.html",
        {"project": project, "membership": membership, "indicators": indicators},
    )


@login_required
def variable_list(request, slug):
    project, membership = get_project_for_user(request, slug, need=WRITE if request.method == "POST" else READ)
    form = VariableForm(request.POST or None, instance=ProjectVariable(project=project))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Variabele ‘{form.instance.name}’ toegevoegd.")
        return redirect("interviews:variable_list", project.slug)
    context = {"project": project, "membership": membership, "form": form, "variables": project.variables.all()}
    return render(request, "interviews/variable_list.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def variable_delete(request, slug, variable_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    variable = get_object_or_404(ProjectVariable, pk=variable_id, project=project)
    variable.delete()
    messages.success(request, f"Variabele ‘{variable.name}’ en haar waarden verwijderd.")
    return redirect("interviews:variable_list", project.slug)


@login_required
def variable_sheet(request, slug):
    """Every interview's values of every variable, in one form (a sheet import is in the import pages)."""
    project, membership = get_project_for_user(request, slug, need=WRITE if request.method == "POST" else READ)
    form = VariableSheetForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid() and _save_sheet(form, project, request.user):
        messages.success(request, "De waarden zijn opgeslagen.")
        return redirect("interviews:variable_sheet", project.slug)
    context = {"project": project, "membership": membership, "form": form}
    status = 409 if form.conflicts else 400 if form.errors else 200
    return render(request, "interviews/variable_sheet.html", context, status=status)


def _save_sheet(form, project, user):
    """Save the sheet and record one action per interview whose values changed; False for a stale sheet."""
    with transaction.atomic():
        before = case_values(project)
        saved = form.save()
        if saved:
            Action.record_case_values(project, user, before)
    return saved


def _get_project_for_indicator_import(request, slug):
    """(project, membership) for the project's owner who may also change the indicators every project shares."""
    project, membership = get_project_for_user(request, slug, need=OWN)
    if not request.user.has_perm("monitor.add_observation"):
        # Indicators are shared by every project, so a project role alone is not enough to change them.
        raise PermissionDenied(
            "Indicatoren gelden voor alle projecten. Vraag de beheerder om het recht "
            "‘waarnemingen toevoegen’ voordat u indicatoren importeert."
        )
    return project, membership


@login_required
def indicator_import(request, slug):
    """Upload → validation report (nothing stored; the checked sheet waits in a file) → confirm: stored in one
    transaction, now or, for a large sheet, by the worker with a progress page."""
    project, membership = _get_project_for_indicator_import(request, slug)
    if request.method == "POST" and "confirm" in request.POST:
        return _indicator_import_confirm(request, project)
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    context = {"project": project, "membership": membership, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = context["report"] = indicator_sheets.validate(data["sheets"], data["indicator_code"], data["meta"])
        if report.ok:  # what was checked waits for the confirmation; the session keeps only its token
            keep = (request.user, data["file_name"], data["indicator_code"], data["sheets"], data["meta"])
            request.session[SESSION_KEY] = indicator_uploads.keep(*keep)
    failed = request.method == "POST" and (form.errors or not context.get("report") or not context["report"].ok)
    return render(request, "interviews/indicator_import.html", context, status=400 if failed else 200)


def _indicator_import_confirm(request, project):
    """Store the upload checked before, checked again against what is stored now."""
    token = request.session.pop(SESSION_KEY, None)
    data = indicator_uploads.claim(token, request.user) if isinstance(token, str) else None
    if data is None:
        messages.error(request, _("Er is geen gecontroleerd bestand meer; upload het opnieuw."))
        return redirect("interviews:indicator_import", project.slug)
    confirm_indicators(token, data)
    return redirect("interviews:indicator_import_progress", project.slug, token)


@login_required
def indicator_import_progress(request, slug, token):
    """How far storing a confirmed sheet has come (the page reloads itself); once done, back to the analyses."""
    project, membership = _get_project_for_indicator_import(request, slug)
    state = indicator_uploads.state(token, request.user)
    if state is None:
        raise Http404
    if state["status"] == "done":
        messages.success(request, _("Opgeslagen: %(created)s nieuwe en %(changed)s bijgewerkte waarden.") % state)
        return redirect("interviews:analysis_index", project.slug)
    context = {"project": project, "membership": membership, "state": state, "form": IndicatorImportForm()}
    return render(request, "interviews/indicator_import_progress.html", context)
