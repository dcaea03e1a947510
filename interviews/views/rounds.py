"""Coding rounds: the project's rounds, starting and closing one (owners), and the disagreement review with its
consensus decisions (writers decide, every member reads)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import review as reviews
from ..forms.rounds import DecisionForm, RoundForm, close_round
from ..permissions import OWN, READ, WRITE, get_project_for_user


@login_required
def round_list(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    rounds = project.coding_rounds.with_counts().select_related("consensus_coder", "created_by", "closed_by")
    rows = [(r, r.progress(), r.interviews.order_by("title").only("pk", "title")) for r in rounds]
    context = {"project": project, "membership": membership, "rows": rows}
    return render(request, "interviews/round_list.html", context)


@login_required
def round_create(request, slug):
    project, membership = get_project_for_user(request, slug, need=OWN)
    form = RoundForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        coding_round = form.save_by(request.user)
        messages.success(request, _("Ronde ‘%(name)s’ gestart.") % {"name": coding_round.name})
        return redirect("interviews:round_list", project.slug)
    context = {"project": project, "membership": membership, "form": form}
    return render(request, "interviews/round_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def round_close(request, slug, round_id):
    project, membership = get_project_for_user(request, slug, need=OWN)
    coding_round = get_object_or_404(project.coding_rounds, pk=round_id)
    if coding_round.is_open:
        close_round(coding_round, request.user)
        messages.success(
            request, _("Ronde ‘%(name)s’ gesloten: iedereen ziet nu alle passages.") % {"name": coding_round.name}
        )
    else:
        messages.info(request, _("Deze ronde was al gesloten."))
    return redirect("interviews:round_list", project.slug)


def _review_for_user(request, slug, round_id, pk, need=READ):
    """Project, membership, round and its Review of coders a and b (?a=, ?b=: user ids of the round's coders;
    the first two by username when not given), or an error message for the page."""
    project, membership = get_project_for_user(request, slug, need=need)
    coding_round = get_object_or_404(project.coding_rounds.select_related("consensus_coder"), pk=round_id)
    interview = get_object_or_404(coding_round.interviews.all(), pk=pk)
    coders = list(coding_round.coders.order_by("username"))
    by_id = {str(user.pk): user for user in coders}
    a = by_id.get(request.GET.get("a", ""), coders[0] if coders else None)
    b = by_id.get(request.GET.get("b", ""), next((u for u in coders if u != a), None))
    error = None
    if coding_round.is_open:
        error = _("Deze ronde is nog open: de verschillen zijn pas te zien als de eigenaar haar sluit.")
    elif a is None or b is None or a == b:
        error = _("Kies twee verschillende codeurs van deze ronde om te vergelijken.")
    review = None if error else reviews.build_review(coding_round, interview, a, b)
    return project, membership, coding_round, interview, review, error


def _review_page(request, parts, status=200):
    project, membership, coding_round, interview, review, error = parts
    found = reviews.items(review) if review else []
    decide = reverse("interviews:round_decide", args=[project.slug, coding_round.pk, interview.pk])
    action = f"{decide}?{request.GET.urlencode()}" if membership.can_write else None
    context = {
        "project": project,
        "membership": membership,
        "round": coding_round,
        "interview": interview,
        "review": review,
        "items": found,
        "list_html": mark_safe(reviews.list_html(review, found, action, get_token(request))) if review else "",
        "stripes": mark_safe(review.html) if review else "",  # built of escaped text (review.stripes)
        "error": error,
        "query": request.GET.urlencode(),
    }
    return render(request, "interviews/round_review.html", context, status=400 if error else status)


@login_required
def round_review(request, slug, round_id, pk):
    return _review_page(request, _review_for_user(request, slug, round_id, pk))


@login_required
@require_POST
def round_decide(request, slug, round_id, pk):
    """Settle one disagreement (POST theme, start, end, choice; span_start/span_end for an edited or new span)."""
    parts = _review_for_user(request, slug, round_id, pk, need=WRITE)
    project, membership, coding_round, interview, review, error = parts
    if error:
        return _review_page(request, parts)
    form = DecisionForm(request.POST, review=review)
    try:
        decision = form.settle(coding_round, request.user) if form.is_valid() else None
    except ValueError as refused:
        form.add_error(None, str(refused))
        decision = None
    if decision is None:
        for message in form.errors.get("__all__", []) or [_("Kies een besluit voor een bestaande onenigheid.")]:
            messages.error(request, message)
        return _review_page(
            request, (*parts[:4], reviews.build_review(coding_round, interview, review.a, review.b), None), 400
        )
    messages.success(request, _("Besluit vastgelegd: %(choice)s.") % {"choice": decision.get_choice_display()})
    url = reverse("interviews:round_review", args=[project.slug, coding_round.pk, interview.pk])
    return redirect(f"{url}?{request.GET.urlencode()}#volgende")
