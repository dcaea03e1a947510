"""The recording beside a transcript: putting one up (or another in its place), playing it to project members only
(with byte ranges, so a long recording seeks without being downloaded whole), taking it off, and setting a turn's
time while listening."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.recordings import RecordingForm, TurnTimeForm
from ..models import Action, Recording, Segment
from ..permissions import READ, WRITE, get_project_for_user
from ..recordings import byte_range

CHUNK = 256 * 1024


@login_required
def recording_upload(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    interview = get_object_or_404(project.interviews.select_related("recording"), pk=pk)
    form = RecordingForm(request.POST or None, request.FILES or None, interview=interview)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        extension, mime, kind = upload.recognised
        stored = default_storage.save(f"opnames/{project.slug}/{interview.pk}.{extension}", upload)  # no lock held
        try:
            Recording.put(interview, stored, upload.name, mime, kind, upload.size, request.user, upload.duration_ms)
        except Exception:
            default_storage.delete(stored)
            raise
        messages.success(request, _("De opname “%s” staat naast de tekst.") % upload.name)
        return redirect(interview)
    context = {"project": project, "membership": membership, "interview": interview, "form": form}
    return render(request, "interviews/recording_upload.html", context, status=400 if form.errors else 200)


@login_required
def recording_file(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=READ)
    recording = get_object_or_404(Recording, interview=get_object_or_404(project.interviews, pk=pk))
    try:
        span = byte_range(request.headers.get("Range"), recording.size)
    except ValueError as unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = str(unsatisfiable)
        return response
    try:
        handle = recording.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Het bestand van de opname ontbreekt in de opslag.")) from None
    if span is None:
        response = FileResponse(handle, content_type=recording.mime)
    else:
        first, last = span
        handle.seek(first)
        response = StreamingHttpResponse(_part(handle, last - first + 1), status=206, content_type=recording.mime)
        response["Content-Range"] = f"bytes {first}-{last}/{recording.size}"
        response["Content-Length"] = str(last - first + 1)
        response._resource_closers.append(handle.close)  # also when the body is never read
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"  # members only: never in a shared cache; the URL changes
    response["ETag"] = f'"{recording.pk}-{recording.size}"'  # with the recording (?v=), so a new one is fetched
    return response


def _part(handle, length):
    """`length` bytes from the handle's position, in chunks; the handle is closed after."""
    try:
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


@login_required
@require_POST
def recording_delete(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    recording = get_object_or_404(Recording, interview=get_object_or_404(project.interviews, pk=pk))
    recording.take_off(request.user)
    messages.success(request, _("De opname “%s” is verwijderd.") % recording.name)
    return redirect(recording.interview)


@login_required
@require_POST
def turn_time(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    interview = get_object_or_404(project.interviews, pk=pk)
    form = TurnTimeForm(request.POST, interview=interview)
    if not form.is_valid():
        return JsonResponse({"error": " ".join(e for errors in form.errors.values() for e in errors)}, status=400)
    turn, ms = form.cleaned_data["segment"], form.cleaned_data["ms"]
    with transaction.atomic():
        before = turn.time_start
        Segment.objects.filter(pk=turn.pk).update(time_start=ms)
        after = {"turn_time": [turn.start, ms]}
        Action.on_interview(interview, request.user, "update", {"turn_time": [turn.start, before]}, after)
    return JsonResponse({"turn": turn.pk, "ms": ms, "message": _("Tijd van de beurt opgeslagen.")})
