from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render

from ..forms import TranscriptUploadForm
from ..permissions import WRITE, get_project_for_user


@login_required
def interview_upload(request, slug):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    posted = request.method == "POST"
    form = TranscriptUploadForm(request.POST if posted else None, request.FILES if posted else None, project=project)
    if posted and form.is_valid():
        try:
            interviews = form.save(request.user)
        except IntegrityError:  # another upload took a title between our check and our save
            form.add_error(None, "Een van deze titels is intussen al gebruikt. Er is niets opgeslagen; probeer het opnieuw.")
        else:
            count = len(interviews)
            messages.success(request, f"{count} interview{'' if count == 1 else 's'} toegevoegd.")
            return redirect("project_detail", project.slug)
    context = {"project": project, "membership": membership, "form": form}
    return render(request, "interviews/upload.html", context, status=400 if posted else 200)
