from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from .. import highlights
from ..forms import InterviewForm
from ..models import Passage
from ..permissions import OWN, READ, WRITE, get_project_for_user
from ..spans import Offsets
from .coding import coding_data


@login_required
def interview_detail(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=READ)
    interview = get_object_or_404(project.interviews.select_related("municipality"), pk=pk)
    themes = project.themes.in_tree_order()
    passages = Passage.attach_theme_lists(interview.passages.select_related("coder"), themes)
    coders = sorted({p.coder for p in passages}, key=lambda u: u.username)
    coder = next((c for c in coders if c.username == request.GET.get("coder")), None)
    passages = [p for p in passages if coder is None or p.coder_id == coder.pk]
    offsets = Offsets(interview.text)
    runs = highlights.runs(interview.text, passages, interview.turn_labels(offsets))
    context = {
        "project": project, "membership": membership, "interview": interview, "passages": passages,
        "runs": runs, "transcript_html": highlights.to_html(runs),
        "passage_list_html": highlights.passage_list_html(passages),
        "coders": coders, "coder": coder, "memos": interview.memos.select_related("author"),
        "coding_data": coding_data(request, project, membership, interview, passages, themes, offsets),
    }
    return render(request, "interviews/interview_detail.html", context)


@login_required
def interview_edit(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    interview = get_object_or_404(project.interviews, pk=pk)
    form = InterviewForm(request.POST or None, instance=interview)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "De gegevens van het interview zijn opgeslagen.")
        return redirect(interview)
    context = {"project": project, "membership": membership, "interview": interview, "form": form}
    return render(request, "interviews/interview_form.html", context, status=400 if form.errors else 200)


@login_required
def interview_delete(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=OWN)
    interview = get_object_or_404(project.interviews, pk=pk)
    if request.method == "POST":
        interview.delete()
        messages.success(request, f"Interview “{interview.title}” en zijn coderingen zijn verwijderd.")
        return redirect(project)
    context = {"project": project, "membership": membership, "interview": interview,
               "passage_count": interview.passages.count()}
    return render(request, "interviews/interview_delete.html", context)
