"""Search a project's interviews by word, phrase or lemma (keyword in context), and code the results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.textsearch import SearchCodeForm, TextSearchForm
from ..models import Passage, TextChanged, TextVersion
from ..permissions import READ, WRITE, get_project_for_user
from ..textsearch import MAX_HITS, add_context, code_hits, index_missing, interviews_to_search, place_url, search

PER_PAGE = 200


def _search(request, project):
    """(form, interviews searched, hits): the last two None unless the GET query is valid. Interviews made
    without the word index (by code that leaves the index to the task worker) are indexed first."""
    index_missing(project.interviews.all())
    form = TextSearchForm(
        request.GET if "q" in request.GET else None, project=project, initial={"mode": "lemma", "sort": "interview"}
    )
    if not (form.is_bound and form.is_valid()):
        return form, None, None
    data = form.cleaned_data
    interviews = interviews_to_search(
        project, data["stakeholder_group"], data["municipality"], data["year"], data["label"]
    )
    visible = Passage.objects.visible_to(request.user, project)
    return form, interviews, search(data["query"], interviews, data["theme"], data["coded"], data["sort"], visible)


def _render(request, project, membership, form, interviews, hits, code_form, status=200):
    page = Paginator(hits or [], PER_PAGE).get_page(request.GET.get("pagina"))
    add_context([hit for hit in page if not hit.match], interviews)
    for hit in page:
        hit.url = place_url(project.slug, hit)
    context = {
        "project": project,
        "membership": membership,
        "form": form,
        "hits": hits,
        "page": page,
        "code_form": code_form,
        "has_interviews": project.interviews.exists(),
        "too_many": hits is not None and len(hits) >= MAX_HITS,
        "max_hits": MAX_HITS,
        "query_string": request.GET.urlencode(),
    }
    return render(request, "interviews/text_search.html", context, status=status)


@login_required
def text_search(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    form, interviews, hits = _search(request, project)
    return _render(request, project, membership, form, interviews, hits, SearchCodeForm(project=project))


@login_required
@require_POST
def text_search_code(request, slug):
    """Code the selected hits of the search in the query string; back to the search with a message."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    versions = TextVersion.objects.latest_numbers(project.interviews.values("pk"))  # before the offsets are found
    form, interviews, hits = _search(request, project)
    code_form = SearchCodeForm(request.POST, project=project)
    if hits is None or not code_form.is_valid():
        if hits is None:
            code_form.add_error(None, "De zoekopdracht is niet (meer) geldig; zoek opnieuw.")
        return _render(request, project, membership, form, interviews, hits, code_form, status=400)
    data = code_form.cleaned_data
    try:
        count = code_hits(hits, interviews, data["theme"], request.user, data["unit"], data["keys"], versions)
    except TextChanged:
        code_form.add_error(None, _("Een tekst is intussen gecorrigeerd; er is niets gecodeerd. Zoek opnieuw."))
        return _render(request, project, membership, form, interviews, hits, code_form, status=409)
    if not count:
        code_form.add_error(None, "De geselecteerde treffers horen niet (meer) bij deze zoekopdracht.")
        return _render(request, project, membership, form, interviews, hits, code_form, status=400)
    messages.success(request, f"{count} passage(s) gecodeerd met ‘{data['theme'].name}’.")
    return redirect(f"{reverse('interviews:text_search', args=[project.slug])}?{request.GET.urlencode()}")
