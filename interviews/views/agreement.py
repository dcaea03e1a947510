"""The agreement of coders (issue 14): a coding round's, or any chosen coders × interviews × themes', on three
levels (presence per interview, per stored unit, on the continuum of code points), as a page, XLSX or DOCX."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import agreement_data, agreement_report, spreadsheets, word
from ..forms.agreement import AgreementForm
from ..models import Interview
from ..permissions import READ, get_project_for_user

DOWNLOADS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", spreadsheets.write_agreement),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", word.write_agreement),
}


def _compute(request, project, form):
    """(report, problems): the figures of a valid choice, or why there are none in words."""
    coders, interview_ids, themes, unit = form.choice()
    if set(interview_ids) & Interview.objects.blind_for(request.user, project):
        return None, [_("U codeert in een open ronde op deze interviews: de overeenstemming ziet u als de ronde "
                        "gesloten is, zodat u de codering van een ander niet vooraf kent.")]  # fmt: skip
    material = agreement_data.load(project, coders, interview_ids, themes, unit)
    problems = agreement_data.problems(material)
    return (None if problems else agreement_report.report(material)), problems


@login_required
def agreement(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    form = AgreementForm(request.GET or None, project=project)
    report, problems = _compute(request, project, form) if form.is_valid() else (None, [])
    fmt = request.GET.get("format", "")
    if report is not None and fmt in DOWNLOADS:
        content_type, write = DOWNLOADS[fmt]
        buffer = io.BytesIO()
        write(report, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{project.slug}-overeenstemming.{fmt}"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    context = {"project": project, "membership": membership, "form": form, "report": report}
    context.update(problems=problems, query=query.urlencode(), asked=bool(request.GET))
    status = 400 if form.errors or problems else 200
    return render(request, "interviews/agreement.html", context, status=status)
