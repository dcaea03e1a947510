"""The project's pseudonymisation: the list of names to replace, the key policy, and the key itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..forms.pseudonyms import KeyPolicyForm, PseudonymNameForm
from ..models import KeyPolicy, PseudonymKey
from ..permissions import OWN, READ, get_project_for_user
from ..pseudonyms import KINDS


@login_required
def pseudonym_settings(request, slug):
    project, membership = get_project_for_user(request, slug, need=OWN)
    posted = request.method == "POST"
    name_form = PseudonymNameForm(request.POST if posted and "name" in request.POST else None, project=project)
    policy_form = KeyPolicyForm(request.POST if posted and "pseudonym_key" in request.POST else None, instance=project)
    for form in (name_form, policy_form):
        if form.is_bound and form.is_valid():
            form.save()
            messages.success(request, "De pseudonimisering is bijgewerkt.")
            return redirect("interviews:pseudonym_settings", project.slug)
    context = {
        "project": project,
        "membership": membership,
        "name_form": name_form,
        "policy_form": policy_form,
        "names": project.pseudonym_names.all(),
    }
    return render(request, "interviews/pseudonym_settings.html", context, status=400 if posted else 200)


@login_required
@require_POST
def pseudonym_name_delete(request, slug, name_id):
    project, membership = get_project_for_user(request, slug, need=OWN)
    name = get_object_or_404(project.pseudonym_names, pk=name_id)
    name.delete()
    messages.success(request, f"“{name.name}” staat niet meer in de lijst.")
    return redirect("interviews:pseudonym_settings", project.slug)


@login_required
def pseudonym_key(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    allowed = {KeyPolicy.KEPT: membership.can_write, KeyPolicy.OWNERS: membership.is_owner}
    if not allowed.get(project.pseudonym_key, membership.is_owner):
        raise PermissionDenied("U mag de sleutel van de pseudonimisering van dit project niet inzien.")
    keys = list(PseudonymKey.objects.filter(interview__project=project).select_related("interview"))
    for key in keys:
        key.kind_label = KINDS.get(key.kind, key.kind)
    context = {
        "project": project,
        "membership": membership,
        "keys": keys,
        "not_kept": project.pseudonym_key == KeyPolicy.NOT_KEPT,
    }
    return render(request, "interviews/pseudonym_key.html", context)
