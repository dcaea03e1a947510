"""Code-combination queries: build one, see its hits in context, save it by name, code its hits in one go.

A saved query is also a filter of the analyses, the summary and the exports (AnalysisFilterForm's "query").
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import RestrictedError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import code_queries
from ..code_queries import Definition
from ..forms.code_queries import CodeHitsForm, CodeQueryForm, SaveQueryForm, query_string
from ..models import Action, CodeQuery, Source, Subject, TextVersion, Theme, lock_unchanged
from ..permissions import READ, WRITE, get_project_for_user
from ..selection import Selection, query_hits

SHOWN = 300  # hits shown with their context; all of them are counted and coded


def _hits_context(project, user, definition):
    hits = query_hits(definition, project, user)
    return {
        "hits": hits,
        "shown": code_queries.add_context(hits[:SHOWN]),
        "interview_count": len({hit.interview_id for hit in hits}),
        "more": max(0, len(hits) - SHOWN),
        "described": code_queries.describe(definition, project),
        "scope": _scope(project, definition),
    }


def _scope(project, definition):
    try:
        return code_queries.describe_scope(definition, Selection.from_filters(project, definition.filters))
    except LookupError:
        return _("een filter van deze zoekvraag noemt iets dat verwijderd is; er zijn geen treffers")


@login_required
def query_builder(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    form = CodeQueryForm(request.GET or None, project=project)
    context = {"project": project, "membership": membership, "form": form, "saved": project.code_queries.all()}
    if form.is_bound and form.is_valid():
        context.update(_hits_context(project, request.user, form.definition()))
        context["save_form"] = SaveQueryForm(project=project)
    context["query_string"] = request.GET.urlencode()
    return render(request, "interviews/code_query.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def query_save(request, slug):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    form = CodeQueryForm(request.POST, project=project)
    save_form = SaveQueryForm(request.POST, project=project)
    if not (form.is_valid() and save_form.is_valid()):
        context = {"project": project, "membership": membership, "form": form, "save_form": save_form}
        context["saved"] = project.code_queries.all()
        return render(request, "interviews/code_query.html", context, status=400)
    with transaction.atomic():
        query = CodeQuery.objects.create(
            project=project,
            name=save_form.cleaned_data["name"],
            definition=form.definition().as_json(),
            created_by=request.user,
        )
        query.record(request.user, "create")
    messages.success(request, _("Zoekvraag ‘%(name)s’ bewaard.") % {"name": query.name})
    return redirect("interviews:query_detail", project.slug, query.pk)


@login_required
def query_detail(request, slug, query_id):
    project, membership = get_project_for_user(request, slug, need=READ)
    query = get_object_or_404(CodeQuery, project=project, pk=query_id)
    definition = Definition.from_json(query.definition)
    context = {"project": project, "membership": membership, "query": query, "code_form": CodeHitsForm(project=project)}
    context.update(_hits_context(project, request.user, definition))
    context["builder_query"] = query_string(definition)
    context["grids"] = list(query.grids.only("pk", "name"))
    return render(request, "interviews/code_query_detail.html", context)


@login_required
@require_POST
def query_code(request, slug, query_id):
    """Code every hit of the saved query (as it finds them now) with a theme, new or existing."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    query = get_object_or_404(CodeQuery, project=project, pk=query_id)
    form = CodeHitsForm(request.POST, project=project)
    if not form.is_valid():
        for error in form.non_field_errors() + [e for errors in form.errors.values() for e in errors]:
            messages.error(request, error)
        return redirect("interviews:query_detail", project.slug, query.pk)
    definition = Definition.from_json(query.definition)
    # The hits are found before the write transaction (no lock held while the query runs); then only the
    # interviews with hits are locked, and a text corrected in between (its passages moved) refuses the coding.
    versions = TextVersion.objects.latest_numbers(project.interviews.values("pk"))
    hits = query_hits(definition, project, request.user)
    interview_ids = sorted({hit.interview_id for hit in hits})
    with transaction.atomic():
        if not lock_unchanged(interview_ids, versions):
            corrected = _("Een tekst is intussen gecorrigeerd; er is niets gecodeerd. Probeer het opnieuw.")
            messages.error(request, corrected)
            return redirect("interviews:query_detail", project.slug, query.pk)
        theme = form.cleaned_data["theme"] or _new_theme(project, request.user, form.cleaned_data["new_theme"])
        count = code_queries.code_hits(hits, theme, request.user)
    messages.success(
        request,
        ngettext("%(count)s treffer gecodeerd met ‘%(theme)s’.", "%(count)s treffers gecodeerd met ‘%(theme)s’.", count)
        % {"count": count, "theme": theme.name},
    )
    return redirect("interviews:query_detail", project.slug, query.pk)


def _new_theme(project, user, name):
    theme, created = Theme.for_name(project, name)
    if created:
        Action.record(
            project,
            user,
            Subject.THEME,
            "create",
            subject_id=theme.pk,
            label=theme.name,
            after=theme.snapshot(),
            source=Source.QUERY,
        )
    return theme


@login_required
@require_POST
def query_delete(request, slug, query_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    query = get_object_or_404(CodeQuery, project=project, pk=query_id)
    try:
        with transaction.atomic():
            query.record(request.user, "delete")
            query.delete()  # RestrictedError when a grid filters on it (also one made a moment ago)
    except RestrictedError:
        grids = ", ".join(f"‘{name}’" for name in query.grids.values_list("name", flat=True))
        messages.error(
            request,
            _("Zoekvraag ‘%(name)s’ is een filter van de samenvattingstabel(len) %(grids)s en blijft bewaard; "
              "verwijder eerst die tabel(len).") % {"name": query.name, "grids": grids},
        )  # fmt: skip
        return redirect(reverse("interviews:query_detail", args=[project.slug, query.pk]))
    messages.success(request, _("Zoekvraag ‘%(name)s’ verwijderd.") % {"name": query.name})
    return redirect(reverse("interviews:query_builder", args=[project.slug]))
