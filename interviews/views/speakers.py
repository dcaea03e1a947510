"""The speakers of an interview: rename, merge (rename to a name another speaker has), mark the interviewer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from ..forms.speakers import SpeakerForm
from ..permissions import READ, WRITE, get_project_for_user


@login_required
def speaker_list(request, slug, pk):
    posted = request.method == "POST"
    project, membership = get_project_for_user(request, slug, need=WRITE if posted else READ)
    interview = get_object_or_404(project.interviews, pk=pk)
    speakers = interview.speaker_list()
    forms = [SpeakerForm(instance=speaker) for speaker in speakers]
    if posted:
        speaker = next((s for s in speakers if str(s.pk) == request.POST.get("speaker")), None)
        if speaker is None:
            raise Http404("Deze spreker hoort niet bij dit interview.")
        old_name, form = speaker.name, SpeakerForm(request.POST, instance=speaker)
        if form.is_valid():
            kept = form.save()
            messages.success(
                request,
                f"“{old_name}” is samengevoegd met “{kept.name}”."
                if kept.pk != speaker.pk
                else f"Spreker “{kept.name}” is opgeslagen.",
            )
            return redirect("interviews:speaker_list", project.slug, interview.pk)
        forms = [form if f.instance.pk == speaker.pk else f for f in forms]
    context = {"project": project, "membership": membership, "interview": interview, "forms": forms}
    return render(request, "interviews/speakers.html", context, status=400 if posted else 200)
