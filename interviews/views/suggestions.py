"""Theme rules and the review queue of their suggestions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..forms.suggestions import QueueForm, RuleRunForm, SuggestionReviewForm, ThemeRuleForm
from ..models import Interview, Suggestion, ThemeRule
from ..permissions import READ, WRITE, get_project_for_user
from ..rules import in_context, run_in_project


def _rules_page(request, project, membership, rule_form=None, run_form=None, run=None, status=200):
    context = {
        "project": project,
        "membership": membership,
        "rules": ThemeRule.objects.filter(theme__project=project).select_related("theme").with_counts(),
        "rule_form": rule_form or ThemeRuleForm(project=project),
        "run_form": run_form or RuleRunForm(project=project),
        "run": run,
        "has_interviews": project.interviews.exists(),
    }
    return render(request, "interviews/rule_list.html", context, status=status)


@login_required
def rule_list(request, slug):
    """The project's theme rules with their precision so far; POST adds a rule."""
    project, membership = get_project_for_user(request, slug, need=WRITE if request.method == "POST" else READ)
    if request.method != "POST":
        return _rules_page(request, project, membership)
    form = ThemeRuleForm(request.POST, project=project)
    if not form.is_valid():
        return _rules_page(request, project, membership, rule_form=form, status=400)
    form.instance.created_by = request.user
    rule = form.save()
    messages.success(request, f"Regel voor ‘{rule.theme.name}’ opgeslagen. Voer hem uit om suggesties te maken.")
    return redirect("interviews:rule_list", project.slug)


@login_required
@require_POST
def rule_delete(request, slug, rule_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    rule = get_object_or_404(ThemeRule, pk=rule_id, theme__project=project)
    rule.delete()
    messages.success(
        request,
        f"Regel voor ‘{rule.theme.name}’ verwijderd, met de suggesties die nog open stonden; "
        "geaccepteerde suggesties blijven coderingen.",
    )
    return redirect("interviews:rule_list", project.slug)


@login_required
@require_POST
def rules_run(request, slug):
    """Run rules; more new suggestions than the limit: ask to confirm first (nothing is created)."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    form = RuleRunForm(request.POST, project=project)
    if not form.is_valid():
        return _rules_page(request, project, membership, run_form=form, status=400)
    data = form.cleaned_data
    run = run_in_project(project, data["rule"], data["interview"], confirmed=data["confirm"])
    if run.needs_confirmation:
        return _rules_page(request, project, membership, run_form=form, run=run)
    messages.success(request, f"{run.created} nieuwe suggestie(s) gemaakt.")
    return (
        redirect("interviews:suggestion_queue", project.slug)
        if run.created
        else redirect("interviews:rule_list", project.slug)
    )


def _reviewable(request, project):
    """The project's suggestions, but none on interviews where a blind round shows the user only their own
    passages (models/rounds.py): which suggestions are left there would tell what the other coders coded."""
    blind = Interview.objects.blind_for(request.user, project)
    return Suggestion.objects.filter(rule__theme__project=project).exclude(interview_id__in=blind)


@login_required
def suggestion_queue(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    return _queue_page(request, project, membership)


def _queue_page(request, project, membership, status=200):
    """The next pending suggestion (optionally of one rule, not one skipped) in its context."""
    pending = (
        _reviewable(request, project)
        .filter(status=Suggestion.Status.PENDING)
        .select_related("rule__theme", "interview")
        .order_by("interview__title", "interview_id", "start", "pk")
    )
    query = QueueForm(request.GET)
    query.is_valid()  # a rule or skipped suggestion that is no id is left out, as an unknown one is
    rule = ThemeRule.objects.filter(theme__project=project, pk=query.cleaned_data.get("regel")).first()
    if rule:
        pending = pending.filter(rule=rule)
    skipped = query.cleaned_data.get("na") or []
    current = pending.exclude(pk__in=skipped).first() or pending.first()
    context = {
        "project": project,
        "membership": membership,
        "rule": rule,
        "current": current,
        "remaining": pending.count(),
        "skip": skipped,
        "rules": ThemeRule.objects.filter(theme__project=project).select_related("theme"),
    }
    if current:
        context["before"], context["parts"], context["after"] = in_context(current, current.interview.text)
    return render(request, "interviews/suggestion_queue.html", context, status=status)


@login_required
@require_POST
def suggestion_review(request, slug, suggestion_id):
    """Accept (the reviewer's coding, origin "suggestion") or reject; back to the queue."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    suggestion = get_object_or_404(
        _reviewable(request, project).select_related("rule__theme", "interview"), pk=suggestion_id
    )
    form = SuggestionReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies accepteren of afwijzen.")
        return _queue_page(request, project, membership, status=400)
    accept = form.cleaned_data["decision"] == "accept"
    done = suggestion.accept(request.user) if accept else suggestion.reject(request.user)
    if not done:
        messages.warning(request, "Deze suggestie was al beoordeeld.")
    else:
        messages.success(
            request, f"Suggestie ‘{suggestion.rule.theme.name}’ {'geaccepteerd' if accept else 'afgewezen'}."
        )
    query = f"?regel={request.POST['regel']}" if request.POST.get("regel", "").isdigit() else ""
    return redirect(reverse("interviews:suggestion_queue", args=[project.slug]) + query)
