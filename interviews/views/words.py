"""Word frequencies on lemmas: a theme's passages or a stakeholder group's, as a table, a word cloud and the
keyness against the rest; and the project's stop-word list.

The page takes the shared analysis filters (AnalysisFilterForm) and its own choices (WordFrequencyForm) from the
query string; ?format=csv|xlsx downloads the table, …/wolk.png|svg draws the cloud with the same query string.
A source is a choice of WordFrequencyForm whose corpora() returns word_frequencies.Corpus(label, spans=[(interview
id, start, end), …]); "query" counts the hits of the saved query chosen in the shared filters.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import word_cloud
from .. import word_frequencies as words
from ..forms.analysis import AnalysisFilterForm
from ..forms.words import StopWordForm, WordFrequencyForm
from ..models import WordList
from ..permissions import READ, WRITE, get_project_for_user
from .analysis import _download, _sheets_or_page

CHOICES = ("source", "word_theme", "group", "whole_text", "top", "compare")


def _stop_words(project):
    word_list = WordList.objects.filter(project=project).first()
    return words.stop_words(word_list.added, word_list.removed) if word_list else words.stop_words()


def _result(request, project):
    """(filter form, choice form, word_frequencies.Result or None when nothing valid is chosen yet)."""
    form = AnalysisFilterForm(request.GET or None, project=project)
    chosen = any(name in request.GET for name in CHOICES)
    if form.is_bound:
        form.is_valid()  # cleaned_data then holds the valid filters, even when another one is not
    query = getattr(form, "cleaned_data", {}).get("query")
    choice = WordFrequencyForm(request.GET if chosen else None, project=project, query=query)
    if not chosen or not choice.is_valid():
        return form, choice, None
    selection = form.selection().seen_by(request.user)
    corpus, everything = choice.corpora(selection)
    compare = choice.cleaned_data["compare"]
    return form, choice, words.analyse(corpus, everything, _stop_words(project), selection.describe(), compare)


def _cloud_alt(result, top):
    rows = result.frequencies.top(min(top, 10))
    listed = ", ".join(f"{row.lemma} ({row.count})" for row in rows)
    return _("Woordwolk van de %(n)s meest voorkomende lemma's; de grootste: %(words)s.") % {
        "n": len(result.frequencies.top(top)),
        "words": listed or _("geen"),
    }


@login_required
def word_frequencies(request, slug):
    project, membership = get_project_for_user(request, slug, need=READ)
    form, choice, result = _result(request, project)
    top = choice.top_n()
    sheets = words.sheets(result, top) if result else []
    context = {
        "membership": membership,
        "form": form,
        "choice": choice,
        "study": result,
        "result": result,
        "top": top,
        "rows": result.frequencies.top(top) if result else [],
        "keys": result.keys[:top] if result and result.keys is not None else None,
        "cloud_alt": _cloud_alt(result, top) if result else "",
        "test_name": words.TEST_NAME,
        "effect_name": words.EFFECT_NAME,
    }
    response = _sheets_or_page(request, project, sheets, [], "woorden", "interviews/analysis_words.html", context)
    if choice.is_bound and choice.errors:
        response.status_code = 400
    return response


@login_required
def word_cloud_image(request, slug, fmt):
    """The word cloud of the page with the same query string, as PNG or SVG."""
    project, membership = get_project_for_user(request, slug, need=READ)
    if fmt not in ("png", "svg"):
        raise Http404(_("Alleen PNG en SVG."))
    _form, choice, result = _result(request, project)
    if result is None:
        problems = [str(error) for errors in choice.errors.values() for error in errors]
        message = " ".join(problems) or _("Kies eerst een thema of een stakeholdergroep.")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    counts = {row.lemma: row.count for row in result.frequencies.top(choice.top_n())}
    empty = _("geen woorden")
    return _download(f"{project.slug}-woordwolk", fmt, lambda f: word_cloud.draw(f, counts, fmt, empty=empty))


@login_required
def stop_words(request, slug):
    """The project's stop words: spaCy's Dutch list with words added and taken out (a coder or owner edits)."""
    project, membership = get_project_for_user(request, slug, need=WRITE if request.method == "POST" else READ)
    word_list = WordList.objects.filter(project=project).first() or WordList(project=project)
    form = StopWordForm(request.POST or None, word_list=word_list)
    if request.method == "POST" and form.is_valid():
        form.save(request.user)
        messages.success(request, _("De stopwoorden zijn opgeslagen."))
        return redirect("interviews:analysis_stop_words", project.slug)
    context = {
        "project": project,
        "membership": membership,
        "form": form,
        "word_list": word_list,
        "standard": sorted(words.STOP_WORDS),
        "effective": len(_stop_words(project)),
    }
    return render(request, "interviews/analysis_stop_words.html", context, status=400 if form.errors else 200)
