"""Interchange: a project out as REFI-QDA (.qdpx), and REFI-QDA or Taguette projects in, after a preview.

An upload is read into a plan and shown; the plan waits (exchange/plan_store.py) until the researcher
confirms the project import, and is then stored, into the project or into a new one.
"""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..exchange import plan_store
from ..exchange.plan import store
from ..exchange.qdpx_write import write_project
from ..forms.exchange import ExchangeImportForm, ImportConfirmForm
from ..models import Project
from ..permissions import READ, WRITE, get_project_for_user
from ..tasks import analyse_interview


def _project_or_none(request, slug):
    return get_project_for_user(request, slug, need=WRITE) if slug else (None, None)


def _back_to_upload(slug):
    return redirect("interviews:exchange", slug) if slug else redirect("interviews:project_import")


@login_required
def exchange(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    return render(
        request,
        "interviews/exchange.html",
        {"project": project, "membership": membership, "form": ExchangeImportForm()},
    )


@login_required
def qdpx_export(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    archive = tempfile.TemporaryFile()  # on disk, not in memory: recordings may be hundreds of megabytes
    write_project(project, archive, request.user)
    archive.seek(0)
    return FileResponse(archive, as_attachment=True, filename=f"{project.slug}.qdpx", content_type="application/zip")


@login_required
def project_import_upload(request, slug=None):
    """Read the upload and show what it brings in; nothing is stored yet. Without slug: a new project."""
    project, membership = _project_or_none(request, slug)
    form = ExchangeImportForm(request.POST, request.FILES) if request.method == "POST" else ExchangeImportForm()
    if request.method != "POST" or not form.is_valid():
        template = "interviews/exchange.html" if project else "interviews/project_import.html"
        return render(
            request,
            template,
            {"project": project, "membership": membership, "form": form},
            status=400 if request.method == "POST" else 200,
        )
    token = plan_store.keep(request.session, form.plan, form.kind, slug)
    confirm = ImportConfirmForm(initial={"token": token})
    return _preview(request, project, membership, form.plan, confirm, 200)


def _preview(request, project, membership, plan, confirm, status):
    return render(
        request,
        "interviews/exchange_preview.html",
        {
            "project": project,
            "membership": membership,
            "plan": plan,
            "confirm": confirm,
            "skipped": plan.skipped_summary(),
        },
        status=status,
    )


@login_required
@require_POST
def project_import_confirm(request, slug=None):
    """Store the plan the preview showed, into the project or (without slug) a new one the user owns."""
    project, membership = _project_or_none(request, slug)
    confirm = ImportConfirmForm(request.POST)
    token = confirm.data.get("token", "")
    waiting = plan_store.waiting(request.session, token, slug) if confirm.is_valid() else None
    if waiting is None:
        messages.error(request, "Deze import is niet meer beschikbaar; kies het bestand opnieuw.")
        return _back_to_upload(slug)
    kind, plan = waiting
    if plan.skipped and not confirm.cleaned_data["accept_partial"]:
        confirm.add_error("accept_partial", "Er wordt iets overgeslagen: vink aan dat u de rest toch wilt inlezen.")
        return _preview(request, project, membership, plan, confirm, 400)
    try:  # a second click (or tab) finds the plan taken: the project is not stored twice
        with plan_store.claim(request.session, token), transaction.atomic():
            project = project or Project.create_for(request.user, plan.name)
            interviews = store(plan, project, request.user, kind)
            for interview in interviews:  # sentences and word index: spaCy's slow part, left to the task worker
                analyse_interview.enqueue(interview.pk)
    except plan_store.PlanGone:
        messages.error(request, "Deze import is al bevestigd of niet meer beschikbaar.")
        return _back_to_upload(slug)
    messages.success(request, f"Ingelezen: {len(interviews)} interview(s) en {len(plan.codes)} thema('s).")
    return redirect("interviews:project_detail", project.slug)
