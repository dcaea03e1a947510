from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import interview_page
from ..forms.interviews import InterviewForm, InterviewProgressForm, delete_interview
from ..models import Passage
from ..models.text_versions import to_review_by
from ..permissions import OWN, READ, WRITE, get_project_for_user
from .coding import coding_json, coding_urls


@login_required
def interview_detail(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=READ)
    interviews = project.interviews.select_related("municipality", "recording")
    interview = get_object_or_404(interviews.annotate(to_review=to_review_by(request.user)), pk=pk)
    themes = project.themes.in_tree_order()
    urls = coding_urls(project, interview)
    star_url = urls["star"] if membership.can_write else None
    visible = Passage.objects.visible_to(request.user, project).filter(interview=interview)
    drawing, coders, coder = interview_page.draw(interview, themes, request.GET.get("coder"), star_url, visible)
    context = {
        "project": project,
        "membership": membership,
        "interview": interview,
        "drawing": drawing,
        "transcript_html": mark_safe(drawing.transcript_html),
        "passage_list_html": mark_safe(drawing.list_html),
        "coders": coders,
        "coder": coder,
        "memos": interview.memos.select_related("author"),
        "coding_json": coding_json(request, membership, drawing, themes, coders, urls),
    }
    if recording := getattr(interview, "recording", None):
        sync = reverse("interviews:turn_time", args=[project.slug, interview.pk]) if membership.can_write else None
        context.update(
            recording=recording, player_json=mark_safe(interview_page.player_json(interview, recording, sync))
        )
    response = render(request, "interviews/interview_detail.html", context)
    response["X-Page-Cache"] = "miss" if drawing.drawn else "hit"  # drawn now, or taken from the (shared) cache
    return response


@login_required
def interview_edit(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    interview = get_object_or_404(project.interviews, pk=pk)
    form = InterviewForm(request.POST or None, instance=interview)
    if request.method == "POST" and form.is_valid():
        form.save_by(request.user)
        messages.success(request, "De gegevens van het interview zijn opgeslagen.")
        return redirect(interview)
    context = {"project": project, "membership": membership, "interview": interview, "form": form}
    return render(request, "interviews/interview_form.html", context, status=400 if form.errors else 200)


@login_required
def interview_delete(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=OWN)
    interview = get_object_or_404(project.interviews, pk=pk)
    if request.method == "POST":
        delete_interview(interview, request.user)
        messages.success(request, f"Interview “{interview.title}” en zijn coderingen zijn verwijderd.")
        return redirect(project)
    context = {
        "project": project,
        "membership": membership,
        "interview": interview,
        "passage_count": interview.passages.count(),
    }
    return render(request, "interviews/interview_delete.html", context)


@login_required
@require_POST
def interview_progress(request, slug, pk):
    """The coder's own "coded completely" mark on an interview, set or taken back; back to where they were."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    interview = get_object_or_404(project.interviews, pk=pk)
    form = InterviewProgressForm(request.POST)
    if not form.is_valid():
        context = {"project": project, "membership": membership, "interview": interview, "form": form}
        return render(request, "interviews/interview_progress.html", context, status=400)
    if form.save(interview, request.user):
        done = form.cleaned_data["done"]
        text = (
            _("“%(title)s” staat als volledig gecodeerd door u.")
            if done
            else _("“%(title)s” staat niet meer als volledig gecodeerd door u.")
        )
        messages.success(request, text % {"title": interview.title})
    back = form.cleaned_data["next"]
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect(project)
