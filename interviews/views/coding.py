"""Coding an interview: create, move, (re)theme and delete passages.

Every endpoint is a POST. The page's script asks for JSON (header `Accept: application/json`) and
gets the changed passage, or {"error": "<Dutch message>"} with 400, 403 or 404. A plain HTML form
gets a redirect to the passage in the interview page, with a message saying what happened.
Each change is recorded as one history Action (record_passage, in the change's transaction), which the
workbench's undo and redo (views/undo.py) put back.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.coding import (
    FORM_TYPES,
    GONE,
    JSON_TYPE,
    STALE_TEXT,
    PassageCreateForm,
    PassageStarForm,
    PassageThemesForm,
    PassageUpdateForm,
    json_form_data,
)
from ..interview_page import script_json
from ..models import Action, Passage, Subject
from ..permissions import WRITE, get_project_for_user
from ..spans import Offsets
from ..versions import PATTERN as VERSION_PATTERN

STALE_INTERVIEW = "Dit interview bestaat niet (meer) in dit project. Laad de pagina opnieuw."
STALE_PASSAGE = "Deze passage bestaat niet (meer). Misschien is ze net verwijderd; laad de pagina opnieuw."
STALE_THEME = "Dit thema bestaat niet (meer) in dit project. Laad de pagina opnieuw."
NOT_YOURS = (
    "U kunt alleen uw eigen passages wijzigen; deze passage is van {}. Een eigenaar van het project kan dat wel."
)
LOGGED_OUT = "U bent niet (meer) ingelogd. Log opnieuw in en probeer het nog eens; er is niets opgeslagen."
# The page's script fills in the passage and theme ids: urls["passage"].replace("__P__", id).
P, T = "__P__", "__T__"
_P_SENTINEL, _T_SENTINEL = 2147483001, 2147483002


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def coding_endpoint(view):
    """Logged in, POST only. When JSON was asked for, a 404 or 403 raised inside is answered as JSON,
    and a visitor whose session ended gets 401 with a message instead of the login page."""
    protected = login_required(require_POST(view))

    @wraps(view)
    def answer(request, *args, **kwargs):
        if request.user.is_authenticated and request.method == "POST" and request.content_type not in FORM_TYPES:
            try:  # a JSON body is read as the form's fields; another type of body is refused, never ignored
                request.POST = _json_body(request)
            except ValueError as error:
                status = 415 if request.content_type != JSON_TYPE else 400
                return JsonResponse({"error": str(error)}, status=status)
        wants_json = _wants_json(request)
        if wants_json and not request.user.is_authenticated:
            return JsonResponse({"error": LOGGED_OUT}, status=401)
        try:
            return protected(request, *args, **kwargs)
        except (Http404, PermissionDenied) as error:
            if not wants_json:
                raise
            return JsonResponse({"error": str(error)}, status=404 if isinstance(error, Http404) else 403)
        except Stale as stale:
            return stale.answer(request, wants_json)

    return answer


class Stale(Exception):
    """A change sent with the version of a passage that is no longer so: nothing is changed (409, with the
    passage as it is now), or a version that is no version (400)."""

    def __init__(self, message, status=409, passage=None, passage_json=None):
        super().__init__(message)
        self.status, self.passage, self.passage_json = status, passage, passage_json

    def answer(self, request, wants_json):
        if wants_json:
            return JsonResponse({"error": str(self), "passage": self.passage_json}, status=self.status)
        messages.error(request, str(self))
        project = self.passage.interview.project
        return redirect(_interview_url(project, self.passage.interview_id, self.passage.pk))


def check_version(request, membership, passage):
    """Stale unless the posted `version` (optional: a plain form or API client may leave it out) is the
    passage's as it is now (versions.passage_version): a colleague's change is never silently overwritten."""
    posted = request.POST.get("version", "")
    if not posted:
        return
    if not VERSION_PATTERN.fullmatch(posted):
        raise Stale(
            _("De versie van de passage is ongeldig (16 tekens 0-9 en a-f); er is niets opgeslagen."), 400, passage
        )
    passage.load_theme_list()
    if passage.version() == posted:
        return
    last = Action.objects.filter(subject=Subject.PASSAGE, subject_id=passage.pk).select_related("user").first()
    who = (last.user.get_full_name() or last.user.username) if last and last.user else _("iemand anders")
    message = _(
        "Deze passage is intussen gewijzigd door %(who)s. Uw wijziging is niet opgeslagen, zodat die van "
        "%(who)s niet verloren gaat. De passage wordt getoond zoals ze nu is; bekijk haar en probeer het zo nodig "
        "opnieuw."
    ) % {"who": who}
    current = _passage_json(request, membership, passage, Offsets(passage.interview.text))
    raise Stale(message, 409, passage, current)


def _json_body(request):
    if request.content_type != JSON_TYPE:
        raise ValueError(
            _("Een body van het type %(type)s wordt niet gelezen: stuur een formulier of JSON (application/json).")
            % {"type": request.content_type}
        )
    return json_form_data(request.body)


def _interview_url(project, interview_id, passage_id=None):
    url = reverse("interviews:interview_detail", args=[project.slug, interview_id])
    return f"{url}#p{passage_id}" if passage_id else url


def _done(request, project, passage, payload, message, status=200):
    """The payload as JSON, or a redirect to the passage (to the interview when it was deleted)."""
    if _wants_json(request):
        return JsonResponse(payload, status=status)
    messages.success(request, message)
    back = request.POST.get("next", "")  # a page of the site that sent the form (theme quotes), never elsewhere
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(back)  # a path, never a view name for redirect() to look up
    return redirect(_interview_url(project, passage.interview_id, passage.pk))


def _refused(request, project, interview_id, form):
    """The form's errors as one Dutch message: 404 for a theme that is gone, else 400."""
    message = " ".join(error for errors in form.errors.values() for error in errors)
    if _wants_json(request):
        gone = any(form.has_error(field, GONE) for field in form.errors)
        stale = form.has_error("text_version", STALE_TEXT)
        return JsonResponse({"error": message}, status=409 if stale else 404 if gone else 400)
    messages.error(request, message)
    return redirect(_interview_url(project, interview_id))


def _text_corrected(request, project, interview_id):
    """409: the text was corrected after this request read it; nothing is stored."""
    message = _("De tekst van dit interview is intussen gecorrigeerd; er is niets opgeslagen. Laad de pagina opnieuw.")
    if _wants_json(request):
        return JsonResponse({"error": message}, status=409)
    messages.error(request, message)
    return redirect(_interview_url(project, interview_id))


def _passage_for(request, project, membership, passage_id):
    """The passage (with its interview and coder) if the user may change it: its coder or an owner. A passage
    hidden by a blind round is not found."""
    passage = _visible_passage(request, project, passage_id)
    if passage is None:
        raise Http404(STALE_PASSAGE)
    if passage.coder_id != request.user.pk and not membership.is_owner:
        raise PermissionDenied(NOT_YOURS.format(passage.coder.get_full_name() or passage.coder.username))
    check_version(request, membership, passage)
    return passage


def _visible_passage(request, project, passage_id):
    """The passage with its interview and coder, when it is in the project and the user may see it; else None."""
    passages = Passage.objects.visible_to(request.user, project).select_related("interview", "coder")
    return passages.filter(interview__project=project, pk=passage_id).first()


def _passage_json(request, membership, passage, offsets):
    return passage.as_json(offsets, request.user, membership.is_owner)


def record_passage(request, project, interview, verb, before, passage=None, *, passage_id=None, reverts=None):
    """Record a change to one passage (history.Action, in the caller's transaction) with the passage as it
    was (`before`, a Passage.snapshot() or {}) and as it is now (`passage`, None when it is gone)."""
    action = Action.build_passage(
        project, request.user, verb, before, passage, passage_id=passage_id, interview=interview, reverts=reverts
    )
    return Action.store([action])[0]


@coding_endpoint
def passage_create(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    interview = project.interviews.only("id", "project_id", "text").filter(pk=pk).first()
    if interview is None:
        raise Http404(STALE_INTERVIEW)
    form = PassageCreateForm(request.POST, interview=interview)
    if not form.is_valid():
        return _refused(request, project, interview.pk, form)
    with transaction.atomic(savepoint=False):
        if not interview.text_still_current():
            return _text_corrected(request, project, interview.pk)
        passage, created, named = form.save(request.user)
        before = {} if created else passage.was
        record_passage(request, project, interview, "create" if created else "recode", before, passage)
    payload = {
        "passage": _passage_json(request, membership, passage, form.offsets),
        "created_theme": named.as_json() if named else None,
    }
    message = "Passage gecodeerd." if created else "Thema's toegevoegd aan de bestaande passage."
    return _done(request, project, passage, payload, message, status=201 if created else 200)


@coding_endpoint
def passage_update(request, slug, passage_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    passage = _passage_for(request, project, membership, passage_id)
    form = PassageUpdateForm(request.POST, passage=passage)
    if not form.is_valid():
        return _refused(request, project, passage.interview_id, form)
    with transaction.atomic(savepoint=False):
        if not passage.interview.text_still_current():
            return _text_corrected(request, project, passage.interview_id)
        before = passage.snapshot()
        form.save()
        verb = "move" if (passage.start, passage.end) != (before["start"], before["end"]) else "update"
        record_passage(request, project, passage.interview, verb, before, passage)
    payload = {"passage": _passage_json(request, membership, passage, form.offsets)}
    return _done(request, project, passage, payload, "Passage opgeslagen.")


@coding_endpoint
def passage_add_themes(request, slug, passage_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    passage = _passage_for(request, project, membership, passage_id)
    form = PassageThemesForm(request.POST, passage=passage)
    if not form.is_valid():
        return _refused(request, project, passage.interview_id, form)
    with transaction.atomic(savepoint=False):
        before = passage.snapshot()
        named = form.save()
        record_passage(request, project, passage.interview, "recode", before, passage)
    payload = {
        "passage": _passage_json(request, membership, passage, form.offsets),
        "created_theme": named.as_json() if named else None,
    }
    return _done(request, project, passage, payload, "Thema's toegevoegd.")


@coding_endpoint
def passage_remove_theme(request, slug, passage_id, theme_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    passage = _passage_for(request, project, membership, passage_id)
    theme = project.themes.filter(pk=theme_id).first()
    if theme is None:
        raise Http404(STALE_THEME)
    with transaction.atomic(savepoint=False):
        before = passage.snapshot()
        passage.codings.filter(tag=theme).delete()
        record_passage(request, project, passage.interview, "recode", before, passage)
    passage.load_theme_list()
    payload = {"passage": _passage_json(request, membership, passage, Offsets(passage.interview.text))}
    return _done(request, project, passage, payload, f"Thema “{theme.name}” verwijderd van de passage.")


@coding_endpoint
def passage_delete(request, slug, passage_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    passage = _passage_for(request, project, membership, passage_id)
    payload = {"deleted": passage.pk}
    with transaction.atomic(savepoint=False):
        before = passage.snapshot()
        passage.delete()  # its codings go with it; passage.pk is None now, so the redirect has no anchor
        record_passage(request, project, passage.interview, "delete", before, passage_id=before["id"])
    return _done(request, project, passage, payload, "Passage verwijderd.")


@coding_endpoint
def passage_set_star(request, slug, passage_id):
    """POST starred=1 or 0: the passage is (no longer) a representative quote for the reports. Any writer
    may star, as on a theme's quotes page, not only the passage's coder."""
    project, membership = get_project_for_user(request, slug, need=WRITE)
    passage = _visible_passage(request, project, passage_id)
    if passage is None:
        raise Http404(STALE_PASSAGE)
    form = PassageStarForm(request.POST)
    if not form.is_valid():
        return _refused(request, project, passage.interview_id, form)
    with transaction.atomic(savepoint=False):
        before = passage.snapshot()
        passage.starred = form.cleaned_data["starred"]
        passage.save(update_fields=["starred", "updated_at"])
        record_passage(request, project, passage.interview, "star", before, passage)
    passage.load_theme_list()
    payload = {"passage": _passage_json(request, membership, passage, Offsets(passage.interview.text))}
    return _done(request, project, passage, payload, "Ster gegeven." if passage.starred else "Ster weggehaald.")


def coding_urls(project, interview):
    """The endpoint URLs for the page's script; "__P__" stands for a passage id, "__T__" for a theme id."""
    passage_url = {
        name: reverse(f"interviews:{name}", args=[project.slug, _P_SENTINEL])
        for name in ("passage_update", "passage_add_themes", "passage_delete", "passage_set_star")
    }
    remove = reverse("interviews:passage_remove_theme", args=[project.slug, _P_SENTINEL, _T_SENTINEL])
    return {
        "create": reverse("interviews:passage_create", args=[project.slug, interview.pk]),
        "passage": passage_url["passage_update"].replace(str(_P_SENTINEL), P),
        "themes": passage_url["passage_add_themes"].replace(str(_P_SENTINEL), P),
        "remove": remove.replace(str(_P_SENTINEL), P).replace(str(_T_SENTINEL), T),
        "delete": passage_url["passage_delete"].replace(str(_P_SENTINEL), P),
        "star": passage_url["passage_set_star"].replace(str(_P_SENTINEL), P),
        "undo": reverse("interviews:passage_undo", args=[project.slug, interview.pk]),
        "redo": reverse("interviews:passage_redo", args=[project.slug, interview.pk]),
        "passages": reverse("interviews:theme_passages", args=[project.slug, _T_SENTINEL]).replace(str(_T_SENTINEL), T),
        "live": reverse("interviews:interview_live", args=[project.slug, interview.pk]),
    }


def coding_json(request, membership, drawing, themes, coders, urls):
    """What the interview page's script starts from, as JSON text safe inside <script id="coding-data">: the
    passages (drawn and cached with the page, see interview_page), the themes, the coders' names, who is
    looking and the endpoint URLs (coding_urls)."""
    rest = {
        "themes": [theme.as_json() for theme in themes],
        "coders": {c.username: c.name for c in coders},
        "me": request.user.username,
        "can_write": membership.can_write,
        "is_owner": membership.is_owner,
        "urls": urls,
        "text": drawing.text_digest,
    }
    return mark_safe(f'{{"passages": {drawing.passages_json}, {script_json(rest)[1:]}')
