"""Interchange: a project out as REFI-QDA (.qdpx), and REFI-QDA or Taguette projects in, after a preview.

An upload is read into a plan and shown; the plan waits (pickled under VAR_DIR/imports, named by a
random token kept in the session) until the researcher confirms, and is then stored. Keeping the plan
rather than the upload spares reading a large project twice; the file is written and read only by the
server, as Django's file cache does.
"""

import io
import pickle
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..exchange.plan import store
from ..exchange.qdpx_write import write_project
from ..forms.exchange import ExchangeImportForm, ImportConfirmForm
from ..models import Project
from ..permissions import READ, WRITE, get_project_for_user
from ..tasks import analyse_interview

PENDING = "pending_imports"


def _folder():
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("*.upload"), *folder.glob("*.plan"), *folder.glob("*.claimed")]:  # older than a day
        if old.stat().st_mtime < time.time() - 86400:
            old.unlink(missing_ok=True)
    return folder


def _keep(request, plan, kind, slug):
    token = secrets.token_hex(16)
    with open(_folder() / f"{token}.plan", "wb") as file:
        pickle.dump(plan, file, protocol=pickle.HIGHEST_PROTOCOL)
    request.session[PENDING] = {**request.session.get(PENDING, {}), token: {"kind": kind, "slug": slug}}
    return token


def _pending(request, token, slug):
    """(path, kind, plan) of this user's waiting import for this project (slug None: a new project), or None."""
    found = request.session.get(PENDING, {}).get(token)
    path = _folder() / f"{token}.plan"
    if not (found and found["slug"] == slug):
        return None
    try:
        with open(path, "rb") as file:
            return path, found["kind"], pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):  # gone, or an older version's
        return None


def _project_or_none(request, slug):
    return get_project_for_user(request, slug, need=WRITE) if slug else (None, None)


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
    buffer = io.BytesIO()
    write_project(project, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}.qdpx"'
    return response


@login_required
def import_upload(request, slug=None):
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
    token = _keep(request, form.plan, form.kind, slug)
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
def import_confirm(request, slug=None):
    project, membership = _project_or_none(request, slug)
    confirm = ImportConfirmForm(request.POST)
    pending = _pending(request, confirm.data.get("token", ""), slug) if confirm.is_valid() else None
    if pending is None:
        messages.error(request, "Deze import is niet meer beschikbaar; kies het bestand opnieuw.")
        return redirect("interviews:exchange", slug) if slug else redirect("interviews:project_import")
    path, kind, plan = pending
    if plan.skipped and not confirm.cleaned_data["accept_partial"]:
        confirm.add_error("accept_partial", "Er wordt iets overgeslagen: vink aan dat u de rest toch wilt inlezen.")
        return _preview(request, project, membership, plan, confirm, 400)
    claimed = path.with_suffix(".claimed")
    try:  # a second click (or tab) finds the plan taken: the project is not stored twice
        path.rename(claimed)
    except FileNotFoundError:
        messages.error(request, "Deze import is al bevestigd of niet meer beschikbaar.")
        return redirect("interviews:exchange", slug) if slug else redirect("interviews:project_import")
    try:
        with transaction.atomic():
            if project is None:
                project = Project.create_for(request.user, plan.name)
            interviews = store(plan, project, request.user, kind)
            for interview in interviews:  # sentences and word index: spaCy's slow part, left to the task worker
                analyse_interview.enqueue(interview.pk)
    except BaseException:
        claimed.rename(path)  # nothing was stored: the researcher may confirm again
        raise
    claimed.unlink(missing_ok=True)
    request.session[PENDING] = {k: v for k, v in request.session.get(PENDING, {}).items() if k != confirm.data["token"]}
    messages.success(request, f"Ingelezen: {len(interviews)} interview(s) en {len(plan.codes)} thema('s).")
    return redirect("interviews:project_detail", project.slug)
