"""Retrieval: every passage coded with a theme, with a little context, filtered by case attributes and coder."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from ..forms.retrieval import PassageFilterForm
from ..models import Interview, Passage
from ..permissions import READ, get_project_for_user

CONTEXT = 200  # characters of the transcript shown either side of a passage (whole words)
PER_PAGE = 100


def _subtree_ids(theme):
    """Ids of a theme from in_tree_order() and every theme below it."""
    ids, stack = [], [theme]
    while stack:
        node = stack.pop()
        ids.append(node.pk)
        stack.extend(node.subthemes)
    return ids


@login_required
def theme_passages(request, slug, theme_id):
    project, membership = get_project_for_user(request, slug, need=READ)
    themes = project.themes.in_tree_order()
    theme = next((t for t in themes if t.pk == theme_id), None)
    if theme is None:
        raise Http404("Dit thema bestaat niet (meer) in dit project.")
    form = PassageFilterForm(request.GET or None, project=project)
    passages = (
        form.passages(_subtree_ids(theme) if form.value("subthemes") else [theme.pk], request.user)
        .select_related("interview__municipality", "coder")
        .defer("interview__text")
        .order_by("interview__title", "interview_id", "start", "end", "pk")
    )
    page = Paginator(passages, PER_PAGE).get_page(request.GET.get("pagina"))
    results = Passage.attach_context(Passage.attach_theme_lists(page, themes), CONTEXT)
    context = {
        "project": project,
        "membership": membership,
        "theme": theme,
        "form": form,
        "page": page,
        "passages": results,
        "subthemes": form.value("subthemes"),
        "interview_count": Interview.objects.holding(passages).count(),
    }
    return render(request, "interviews/theme_passages.html", context)
