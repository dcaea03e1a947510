"""Project members: everyone sees who is in; owners add, change and remove them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..forms.members import MemberAddForm, MemberRemoveForm, MemberRoleForm
from ..models import Membership, Role
from ..permissions import OWN, READ, get_project_for_user


def _render_members(request, project, membership, add_form=None, failed=None, status=200):
    """The member page; the errors of a `failed` role/remove form show on that member's row."""
    rows = []
    for member in project.memberships.select_related("user").order_by("user__username"):
        errors = []
        if failed is not None and failed.instance.pk == member.pk:
            errors = [error for field_errors in failed.errors.values() for error in field_errors]
        rows.append((member, MemberRoleForm(instance=member, prefix=f"m{member.pk}"), errors))
    context = {
        "project": project,
        "membership": membership,
        "rows": rows,
        "add_form": add_form or MemberAddForm(project=project),
    }
    return render(request, "interviews/members.html", context, status=status)


@login_required
def member_list(request, slug):
    need = OWN if request.method == "POST" else READ
    project, membership = get_project_for_user(request, slug, need=need)
    if request.method != "POST":
        return _render_members(request, project, membership)
    form = MemberAddForm(request.POST, project=project)
    if not form.is_valid():
        return _render_members(request, project, membership, add_form=form, status=400)
    added = form.save(by=request.user)
    messages.success(request, f"{added.user.username} is toegevoegd als {added.get_role_display()}.")
    return redirect("interviews:member_list", project.slug)


@login_required
@require_POST
def member_update(request, slug, membership_id):
    project, membership = get_project_for_user(request, slug, need=OWN)
    with transaction.atomic():
        # Lock the owners so two owners cannot demote each other at the same moment.
        list(Membership.objects.select_for_update().filter(project=project, role=Role.OWNER))
        target = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id, project=project)
        removing = "remove" in request.POST
        if removing:
            form = MemberRemoveForm(request.POST, instance=target)
        else:
            form = MemberRoleForm(request.POST, instance=target, prefix=f"m{target.pk}")
        if not form.is_valid():
            return _render_members(request, project, membership, failed=form, status=400)
        form.save(by=request.user)
    name = target.user.username
    if removing:
        messages.success(request, f"{name} is geen lid meer van dit project.")
        if target.user_id == request.user.pk:
            return redirect("interviews:project_list")
    else:
        messages.success(request, f"{name} is nu {target.get_role_display()}.")
    return redirect("interviews:member_list", project.slug)
