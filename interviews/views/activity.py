"""The activity page: the project's (or one interview's) history of actions, filtered, and its XLSX export."""

import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ..forms.activity import ActivityFilterForm
from ..models import Action
from ..permissions import WRITE, get_project_for_user
from ..spreadsheets import write_xlsx

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request, slug, pk=None):
    """Project, membership, interview (or None), the filter form and the actions it lets through.
    Writers only: the history shows who did what, which is the team's business, not a reader's."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    interview = get_object_or_404(project.interviews.only("pk", "title", "project_id"), pk=pk) if pk else None
    form = ActivityFilterForm(request.GET or None, project=project, interview=interview)
    actions = (
        Action.objects.in_project(project)
        .visible_to(request.user, project)
        .select_related("user", "interview", "api_token")
        .defer("interview__text")
    )
    actions = form.filter(actions) if form.is_valid() or not form.is_bound else actions.none()
    return project, membership, interview, form, actions


def _page(request, slug, pk=None):
    project, membership, interview, form, actions = _filtered(request, slug, pk)
    page = Paginator(actions, PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "project": project,
        "membership": membership,
        "interview": interview,
        "form": form,
        "page": page,
        "actions": Action.for_display(page, project),
    }
    return render(request, "interviews/activity.html", context, status=400 if form.errors else 200)


@login_required
def project_activity(request, slug):
    return _page(request, slug)


@login_required
def interview_activity(request, slug, pk):
    return _page(request, slug, pk)


@login_required
def activity_export(request, slug, fmt):
    if fmt != "xlsx":
        raise Http404(_("De activiteit is alleen als XLSX te downloaden."))
    project, membership, interview, form, actions = _filtered(request, slug)
    if form.errors:
        context = {"project": project, "membership": membership, "form": form, "page": None, "actions": []}
        return render(request, "interviews/activity.html", context, status=400)
    names = dict(project.themes.values_list("pk", "name"))
    header = [_("Wanneer"), _("Wie"), _("Bron"), _("Wat"), _("Interview"), _("Voor → na"), _("Passage")]
    rows = (
        [
            timezone.localtime(action.at).strftime("%Y-%m-%d %H:%M:%S"),
            action.user.username if action.user else "",
            action.get_source_display(),
            action.sentence(),
            action.interview.title if action.interview else "",
            "; ".join(f"{field}: {before} → {after}" for field, before, after in action.changes(200, names)),
            action.passage_id,
        ]
        for action in actions.iterator(chunk_size=500)
    )
    sheet = (_("Activiteit"), header, rows, [18, 14, 16, 50, 30, 70, 10])
    buffer = io.BytesIO()
    write_xlsx(buffer, [sheet])
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-activiteit.xlsx"'
    return response
