"""Memos: researchers' notes on the project, an interview or a theme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render

from ..forms.memos import MemoFilterForm, MemoForm, delete_memo
from ..models import Interview, Memo, Theme
from ..permissions import READ, WRITE, get_project_for_user


def _get_memo_for_user(request, slug, memo_id):
    """Project, membership and memo, when the user may change it: its author or an owner."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    memo = get_object_or_404(Memo.objects.select_related("interview", "theme"), pk=memo_id, project=project)
    if not memo.can_be_changed_by(membership):
        raise PermissionDenied("Alleen de schrijver van deze memo of een eigenaar kan hem wijzigen.")
    return project, membership, memo


def _subject_from_query(request, project):
    """The interview or theme named by ?interview=ID or ?theme=ID, which must belong to this project."""
    found = {}
    for name, model in (("interview", Interview), ("theme", Theme)):
        value = request.GET.get(name)
        if value is not None:
            if not value.isdecimal():
                raise Http404(f"Onbekend {name}.")
            found[name] = get_object_or_404(model, pk=int(value), project=project)
    return found


def _subject_page(project, memo):
    """Back to where the memo belongs: its interview, the codebook for a theme, else the memo list."""
    if memo.interview_id:
        return redirect("interviews:interview_detail", project.slug, memo.interview_id)
    if memo.theme_id:
        return redirect("interviews:codebook", project.slug)
    return redirect("interviews:memo_list", project.slug)


def _memo_form(request, project, membership, memo, done):
    """Show the memo form; on a valid POST save the memo and go back to its subject."""
    form = MemoForm(request.POST if request.method == "POST" else None, instance=memo)
    if form.is_valid():
        form.save_by(request.user)
        messages.success(request, done)
        return _subject_page(project, memo)
    context = {"project": project, "membership": membership, "form": form, "memo": memo}
    return render(request, "interviews/memo_form.html", context, status=400 if form.is_bound else 200)


@login_required
def memo_list(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    filter_form = MemoFilterForm(request.GET)
    memos = project.memos.select_related("author", "interview", "theme").order_by("-created_at", "-pk")
    context = {
        "project": project,
        "membership": membership,
        "filter_form": filter_form,
        "memos": filter_form.filter(memos),
    }
    return render(request, "interviews/memo_list.html", context)


@login_required
def memo_create(request, slug):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    subject = _subject_from_query(request, project)
    if len(subject) > 1:
        return HttpResponseBadRequest("Een memo hoort bij één interview of één thema, niet bij beide.")
    memo = Memo(project=project, author=request.user, **subject)
    return _memo_form(request, project, membership, memo, "De memo is opgeslagen.")


@login_required
def memo_edit(request, slug, memo_id):
    project, membership, memo = _get_memo_for_user(request, slug, memo_id)
    return _memo_form(request, project, membership, memo, "De memo is bijgewerkt.")


@login_required
def memo_delete(request, slug, memo_id):
    project, membership, memo = _get_memo_for_user(request, slug, memo_id)
    if request.method == "POST":
        delete_memo(memo, request.user)
        messages.success(request, f"De memo “{memo.title}” is verwijderd.")
        return _subject_page(project, memo)
    context = {"project": project, "membership": membership, "memo": memo}
    return render(request, "interviews/memo_delete.html", context)
