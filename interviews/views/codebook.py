"""The codebook: the theme tree with counts, and creating, editing, merging and deleting themes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.codebook import CodebookPolicyForm, ThemeDeleteForm, ThemeForm, ThemeMergeForm, ThemeOrderForm
from ..permissions import OWN, READ, WRITE, get_project_for_user
from .coding import _wants_json, coding_endpoint


def _need(request):
    """Every member may look; writing needs a coder or owner."""
    return WRITE if request.method == "POST" else READ


def _data(request):
    return request.POST if request.method == "POST" else None


def _check_restructure(membership):
    """Deleting, merging and moving themes changes everyone's codings: owners, or coders when the owner allows it."""
    if not membership.may_restructure_codebook:
        raise PermissionDenied(
            _(
                "Alleen een eigenaar kan thema's verwijderen, samenvoegen of verplaatsen. "
                "De eigenaar kan dit in het codeboek ook aan codeurs toestaan."
            )
        )


@login_required
def codebook(request, slug):
    project, membership = get_project_for_user(request, slug, need=_need(request))
    form = ThemeForm(project, _data(request))
    if request.method == "POST" and form.is_valid():
        theme = form.save_by(request.user)
        messages.success(request, f"Thema “{theme.name}” toegevoegd.")
        return redirect("interviews:codebook", project.slug)
    themes = project.themes.tree_with_counts()
    context = {
        "project": project,
        "membership": membership,
        "form": form,
        "roots": [t for t in themes if t.depth == 0],
        "theme_total": len(themes),
        "policy_form": CodebookPolicyForm(instance=project) if membership.is_owner else None,
    }
    return render(request, "interviews/codebook.html", context, status=400 if form.errors else 200)


@login_required
def theme_edit(request, slug, theme_id):
    project, membership = get_project_for_user(request, slug, need=_need(request))
    theme = get_object_or_404(project.themes.with_counts(), pk=theme_id)
    form = ThemeForm(project, _data(request), instance=theme, may_move=membership.may_restructure_codebook)
    if request.method == "POST" and form.moves(request.POST):
        _check_restructure(membership)
    if request.method == "POST" and form.is_valid():
        form.save_by(request.user)
        messages.success(request, f"Thema “{theme.name}” opgeslagen.")
        return redirect("interviews:codebook", project.slug)
    context = {"project": project, "membership": membership, "theme": theme, "form": form}
    return render(request, "interviews/theme_edit.html", context, status=400 if form.errors else 200)


@login_required
def theme_merge(request, slug, theme_id):
    project, membership = get_project_for_user(request, slug, need=_need(request))
    theme = get_object_or_404(project.themes.with_counts(), pk=theme_id)
    form = ThemeMergeForm(theme, _data(request))
    if request.method == "POST":
        _check_restructure(membership)
    if request.method == "POST" and form.is_valid():
        name = theme.name
        target, moved = form.save(request.user)
        messages.success(
            request,
            f"Thema “{name}” is samengevoegd met “{target.name}”: {moved} "
            f"{'codering' if moved == 1 else 'coderingen'} verplaatst.",
        )
        return redirect("interviews:codebook", project.slug)
    context = {"project": project, "membership": membership, "theme": theme, "form": form}
    return render(request, "interviews/theme_merge.html", context, status=400 if form.errors else 200)


@login_required
def theme_delete(request, slug, theme_id):
    project, membership = get_project_for_user(request, slug, need=_need(request))
    theme = get_object_or_404(project.themes.with_counts().select_related("parent"), pk=theme_id)
    if request.method == "POST":
        _check_restructure(membership)
        name, codings = theme.name, theme.passage_count
        ThemeDeleteForm(theme, request.POST).save(request.user)
        messages.success(
            request, f"Thema “{name}” verwijderd, met {codings} {'codering' if codings == 1 else 'coderingen'}."
        )
        return redirect("interviews:codebook", project.slug)
    context = {
        "project": project,
        "membership": membership,
        "theme": theme,
        "children": theme.children.all(),
        "memo_count": theme.memos.count(),
        "merge_form": ThemeMergeForm(theme) if theme.passage_count else None,
    }
    return render(request, "interviews/theme_delete.html", context)


@login_required
@require_POST
def codebook_policy(request, slug):
    project, membership = get_project_for_user(request, slug, need=OWN)
    form = CodebookPolicyForm(request.POST, instance=project)
    if form.is_valid():
        form.save()
        messages.success(request, _("Opgeslagen: %(policy)s.") % {"policy": project.get_codebook_policy_display()})
    else:
        messages.error(request, _("Kies wie thema's mag verwijderen, samenvoegen en verplaatsen."))
    return redirect("interviews:codebook", project.slug)


@coding_endpoint
def theme_order(request, slug):
    """Reorder a theme among its siblings (buttons, keys, drag and drop); JSON for the page's script."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    _check_restructure(membership)
    form = ThemeOrderForm(project, request.POST)
    if not form.is_valid():
        error = " ".join(message for errors in form.errors.values() for message in errors)
        if _wants_json(request):
            return JsonResponse({"error": error}, status=400)
        messages.error(request, error)
        return redirect("interviews:codebook", project.slug)
    old, new = form.save(request.user)
    theme = form.cleaned_data["theme"]
    message = _("“%(name)s” staat nu op plaats %(place)s.") % {"name": theme.name, "place": new}
    if old == new:
        message = _("“%(name)s” staat al op plaats %(place)s.") % {"name": theme.name, "place": new}
    if _wants_json(request):
        return JsonResponse({"message": message, "place": new})
    messages.success(request, message)
    return redirect(reverse("interviews:codebook", args=[project.slug]) + f"#thema-{theme.pk}")
