"""Live co-coding: the workbench asks every second what changed in its interview, and who else has it open.

Polling rather than server-sent events or websockets: an open page asks `GET .../live/` with the ETag of the
state it shows, and gets 304 (no body; after the session, user and membership, two small reads: the presence
rows and the change counters, tests/profile_live_poll.py measures it) until a
colleague's change raised the interview's or the project's counter (models/live.py), then the passages, themes
and who is here. That works under plain gunicorn (`make run`), behind any reverse proxy (no long-lived
connection to buffer or time out), with SQLite, and with several app servers, because the counters live in the
database they share. A second's delay is what co-coding needs; an event stream would need an ASGI server and a
message bus between the servers for the same result. POST (navigator.sendBeacon when the page closes) says the
user left, so colleagues stop seeing them at once instead of after presence expires.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import parse_etags, quote_etag
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import interview_page
from ..forms.live import LiveForm
from ..interview_page import script_json
from ..models import Clock, Passage, Presence
from ..models.live import interview_clock, project_clock
from ..permissions import READ, get_project_for_user
from .coding import STALE_INTERVIEW, coding_urls


@login_required
@require_http_methods(["GET", "POST"])
def interview_live(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=READ)
    if request.method == "POST":
        interview = project.interviews.only("id").filter(pk=pk).first()
        if interview is None:
            raise Http404(STALE_INTERVIEW)
        Presence.leave(interview, request.user)
        return HttpResponse(status=204)
    form = LiveForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": " ".join(e for errors in form.errors.values() for e in errors)}, status=400)
    present = Presence.here(project, pk, request.user)  # None: the project has no such interview (any more)
    if present is None:
        raise Http404(STALE_INTERVIEW)
    clocks = Clock.read([interview_clock(pk), project_clock(project.pk)])
    people = "-".join(str(row[0]) for row in present)  # no comma: If-None-Match splits a list of ETags on it
    etag = quote_etag(f"{interview_page.VERSION}.{'.'.join(map(str, clocks.values()))}.{people}")
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        return _no_store(HttpResponseNotModified(), etag)
    interview = project.interviews.get(pk=pk)
    themes = project.themes.in_tree_order()
    star_url = coding_urls(project, interview)["star"] if membership.can_write else None
    visible = Passage.objects.visible_to(request.user, project).filter(interview=interview)  # a blind round's
    drawing, coders, _coder = interview_page.draw(interview, themes, form.cleaned_data["coder"], star_url, visible)
    rest = {
        "version": etag,
        "themes": [theme.as_json() for theme in themes],
        "coders": {c.username: c.name for c in coders},
        "present": [{"username": u, "name": f"{f} {la}".strip() or u} for _id, u, f, la in present],
        "me": request.user.username,
        "text": drawing.text_digest,
        "memos_html": _memos_html(request, project, membership, interview),
        "message": _("Bijgewerkt met de wijzigingen van collega's."),
    }
    body = mark_safe(f'{{"passages": {drawing.passages_json}, {script_json(rest)[1:]}')
    response = HttpResponse(body, content_type="application/json")
    response["X-Page-Cache"] = "miss" if drawing.drawn else "hit"
    return _no_store(response, etag)


def _memos_html(request, project, membership, interview):
    """The interview's memos as the page shows them (a colleague's new or edited memo replaces the list)."""
    memos = interview.memos.select_related("author")
    context = {"memos": memos, "project": project, "membership": membership, "interview": interview}
    return render_to_string("interviews/_memos.html", context, request)


def _no_store(response, etag):
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache, private"
    return response
