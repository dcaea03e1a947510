"""Importing transcripts: upload → a preview per file (attributes, problems, pseudonymisation) → confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..forms.upload import MunicipalityChoiceForm, ReplacementReviewForm, TranscriptUploadForm
from ..models import ImportBatch, ImportItem
from ..permissions import WRITE, get_project_for_user
from ..tasks import confirm_batch

RUNNING = (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)


@login_required
def interview_upload(request, slug):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    posted = request.method == "POST"
    form = TranscriptUploadForm(request.POST if posted else None, request.FILES if posted else None, project=project)
    if posted and form.is_valid():
        batch = form.save(request.user)
        return redirect("interviews:import_preview", project.slug, batch.pk)
    context = {"project": project, "membership": membership, "form": form}
    return render(request, "interviews/upload.html", context, status=400 if posted else 200)


@login_required
def import_preview(request, slug, batch_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    batch = get_object_or_404(project.import_batches, pk=batch_id)
    items = list(batch.items.select_related("municipality", "interview").defer("text"))
    for item in items:
        if any(p["code"] == "municipality" for p in item.problems):
            item.municipality_form = MunicipalityChoiceForm(item=item)
        item.replacement_count = sum(1 for p in item.replacements if not p["skip"])
    ready = sum(1 for item in items if item.ok)
    context = {
        "project": project,
        "membership": membership,
        "batch": batch,
        "items": items,
        "ready": ready,
        "sheet_notes": batch.message.splitlines(),
        "running": batch.status in RUNNING and not batch.stuck,
    }
    return render(request, "interviews/import_preview.html", context)


@login_required
def import_progress(request, slug, batch_id):
    """How far a confirmed import is, for the preview page's progress bar (polled every second)."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    batch = get_object_or_404(project.import_batches, pk=batch_id)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "total": batch.total,
            "progress": batch.progress,
            "created": batch.done_count,
            "error": batch.error,
        }
    )


@login_required
@require_POST
def import_municipality(request, slug, batch_id, item_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    item = get_object_or_404(_open_items(project, batch_id), pk=item_id)
    form = MunicipalityChoiceForm(request.POST, item=item)
    if form.is_valid():
        form.save()
        messages.success(request, f"De gemeente voor {item.name} is gekozen.")
    else:
        messages.error(request, f"Kies een van de voorgestelde gemeenten voor {item.name}.")
    return redirect("interviews:import_preview", project.slug, batch_id)


@login_required
def import_review(request, slug, batch_id, item_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    item = get_object_or_404(_open_items(project, batch_id), pk=item_id)
    posted = request.method == "POST"
    form = ReplacementReviewForm(request.POST if posted else None, item=item)
    if posted and form.is_valid():
        form.save()
        messages.success(request, f"De vervangingen voor {item.name} zijn opgeslagen.")
        return redirect("interviews:import_preview", project.slug, batch_id)
    context = {"project": project, "membership": membership, "item": item, "form": form}
    return render(request, "interviews/import_review.html", context, status=400 if posted else 200)


@login_required
@require_POST
def batch_confirm(request, slug, batch_id):
    """Confirm a previewed batch: its items without problems become interviews (by the worker for many files)."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    batch = get_object_or_404(project.import_batches, pk=batch_id)
    try:
        confirm_batch(batch)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        if batch.status == ImportBatch.Status.DONE:
            count = batch.done_count
            messages.success(request, f"{count} interview{'' if count == 1 else 's'} toegevoegd.")
        elif batch.status == ImportBatch.Status.FAILED:
            messages.error(request, batch.error)
    return redirect("interviews:import_preview", project.slug, batch.pk)


@login_required
@require_POST
def import_cancel(request, slug, batch_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    batch = get_object_or_404(project.import_batches, pk=batch_id)
    if not batch.open:
        raise Http404("Deze import loopt of is klaar; die kan niet meer worden geannuleerd.")
    batch.delete()
    messages.success(request, "De import is geannuleerd; er is niets opgeslagen.")
    return redirect("interviews:interview_upload", project.slug)


def _open_items(project, batch_id):
    """The items of a batch that still waits for confirmation."""
    return ImportItem.objects.filter(
        batch__project=project, batch_id=batch_id, batch__status=ImportBatch.Status.PREVIEW
    )
