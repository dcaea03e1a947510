from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render

from ..forms.projects import InterviewListForm, ProjectForm
from ..models import Interview, Membership, Project, coding_progress
from ..permissions import READ, get_project_for_user


@login_required
def project_list(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("project")
        .annotate(interview_count=Count("project__interviews", distinct=True))
        .order_by("project__name")
    )
    return render(request, "interviews/project_list.html", {"memberships": memberships, "form": ProjectForm()})


@login_required
def project_create(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = Project.create_for(request.user, **form.cleaned_data)
        messages.success(request, f"Project “{project.name}” is aangemaakt; u bent eigenaar.")
        return redirect(project)
    status = 400 if request.method == "POST" else 200
    return render(request, "interviews/project_form.html", {"form": form}, status=status)


@login_required
def project_detail(request, slug):
    """The project's interviews: filtered, sorted, a page at a time, with each coder's progress."""
    project, membership = get_project_for_user(request, slug, need=READ)
    form = InterviewListForm(request.GET or None, project=project)
    valid = not form.is_bound or form.is_valid()
    page = Paginator(form.interviews(project, request.user), form.per_page()).get_page(request.GET.get("pagina"))
    progress = coding_progress([interview.pk for interview in page])
    blind = Interview.objects.blind_for(request.user, project)  # a blind round's coder sees only their own work
    for interview in page:
        interview.progress = progress.get(interview.pk, [])
        interview.mine = next((p for p in interview.progress if p.coder_id == request.user.pk), None)
        interview.blind = interview.pk in blind
        if interview.blind:
            interview.progress = [interview.mine] if interview.mine else []
    context = {
        "project": project,
        "membership": membership,
        "filters": form,
        "page": page,
        "interviews": page.object_list,
        "headers": form.headers(),
        "total": project.interviews.count(),
    }
    return render(request, "interviews/project_detail.html", context, status=200 if valid else 400)
