from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render

from ..forms.projects import InterviewFilterForm, ProjectForm
from ..models import Membership, Project
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
    project, membership = get_project_for_user(request, slug, need=READ)
    filters = InterviewFilterForm(request.GET or None, project=project)
    interviews = project.interviews.defer("text").select_related("municipality").prefetch_related("labels")
    if filters.is_valid():
        interviews = interviews.filter_by(**filters.cleaned_data)
    context = {
        "project": project,
        "membership": membership,
        "filters": filters,
        "interviews": interviews.with_coding_counts(),
        "total": project.interviews.count(),
    }
    return render(request, "interviews/project_detail.html", context)
