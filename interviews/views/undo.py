"""Undo and redo in the workbench, and restoring a deleted theme.

Undo takes back the user's own newest passage action on an interview that is not undone yet, by putting
back its `before` as a new action (verb "undo"); redo takes back the newest undo no ordinary action came
after (verb "redo"). Both refuse with 409 when the passage changed since (someone else, an owner, or the
codebook), rather than overwrite that. Answers as the coding endpoints do: JSON for the page's script,
a redirect with a message for a plain form.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import Action, Passage, Source, Subject, Theme
from ..permissions import OWN, WRITE, get_project_for_user
from ..spans import Offsets
from .coding import STALE_INTERVIEW, _interview_url, _wants_json, coding_endpoint, record_passage

UNDO, REDO = "undo", "redo"


class Refused(Exception):
    """Nothing was changed; the message says why (409)."""


# What each kind of passage action did; a recode says which themes it added or took off.
PHRASES = {
    "create": gettext_noop("passage %(words)s gecodeerd met %(added)s"),
    "delete": gettext_noop("passage %(words)s verwijderd"),
    "move": gettext_noop("passage %(words)s verplaatst"),
    "update": gettext_noop("memo van passage %(words)s gewijzigd"),
    "star": gettext_noop("ster gegeven aan passage %(words)s"),
    "unstar": gettext_noop("ster weggehaald bij passage %(words)s"),
    "added": gettext_noop("thema %(added)s toegevoegd aan %(words)s"),
    "removed": gettext_noop("thema %(removed)s verwijderd van %(words)s"),
}


def describe(action, theme_names):
    """What a passage action did, in Dutch: "thema ‘x’ toegevoegd aan ‘de woorden’"."""
    was, now = ({t[0] for t in (side or {}).get("themes", [])} for side in (action.before, action.after))

    def names(ids):
        return ", ".join(f"‘{theme_names.get(i, _('een verwijderd thema'))}’" for i in sorted(ids))

    kind = action.verb if action.verb in PHRASES else ("added" if now - was else "removed")
    if kind == "star" and not (action.after or {}).get("starred"):
        kind = "unstar"
    words = f"‘{action.label[:40]}{'…' if len(action.label) > 40 else ''}’"
    return _(PHRASES[kind]) % {"words": words, "added": names(now - was), "removed": names(was - now)}


def _replay(request, project, interview, action, verb):
    """Put back `action.before` as a new action `verb`, if the passage still is `action.after`."""
    current = Passage.snapshot_of(interview, action.subject_id)
    if current != action.after:
        raise Refused(
            _(
                "Deze passage is intussen gewijzigd (door iemand anders of in het codeboek); ongedaan maken of "
                "opnieuw doen zou dat overschrijven. Laad de pagina opnieuw."
            )
        )
    try:
        passage = Passage.restore(interview, action.subject_id, action.before)
    except ValueError as error:
        raise Refused(str(error)) from None
    done = record_passage(
        request, project, interview, verb, current, passage, passage_id=action.subject_id, reverts=action
    )
    action.undone_at = done.at
    action.save(update_fields=["undone_at"])
    return passage


def _answer(request, project, membership, interview, message, passage=None, gone=None, status=200):
    if _wants_json(request):
        payload = {"message": message, "passage": None, "deleted": gone}
        if passage is not None:
            passage.load_theme_list()
            payload["passage"] = passage.as_json(Offsets(interview.text), request.user, membership.is_owner)
        return JsonResponse(payload if status < 400 else {"error": message}, status=status)
    (messages.success if status < 400 else messages.error)(request, message)
    return redirect(_interview_url(project, interview.pk, passage.pk if passage else None))


def _take_back(request, slug, pk, verb, headline):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    interview = project.interviews.only("id", "project_id", "text").filter(pk=pk).first()
    if interview is None:
        raise Http404(STALE_INTERVIEW)
    try:
        with transaction.atomic():
            if not interview.text_still_current():
                raise Refused(_("De tekst van dit interview is intussen gecorrigeerd. Laad de pagina opnieuw."))
            action = _newest(request.user, interview, verb)
            if action is None:
                raise Refused(
                    _("Er is niets (meer) om ongedaan te maken.")
                    if verb == UNDO
                    else _("Er is niets om opnieuw te doen.")
                )
            passage = _replay(request, project, interview, action, verb)
    except Refused as refusal:
        return _answer(request, project, membership, interview, str(refusal), status=409)
    original = action if verb == UNDO else action.reverts
    what = describe(original, dict(project.themes.values_list("pk", "name"))) if original else action.label
    gone = action.subject_id if passage is None else None
    return _answer(request, project, membership, interview, headline % {"what": what}, passage, gone)


def _newest(user, interview, verb):
    """Undo: the user's newest passage action here that is not undone (an undo itself is taken back by redo).
    Redo: the newest undo not redone yet, unless an ordinary action came after it (that ends the redo chain).
    Only the workbench's own actions (source browser, one passage each; see coding.record_passage) count:
    coding from search or suggestions, recorded elsewhere, is not taken back by Ctrl+Z."""
    open_ = Action.objects.undoable_by(user, interview).filter(source=Source.BROWSER).exclude(subject_id=None)
    open_ = open_.select_for_update(of=("self",)).select_related("reverts")
    if verb == UNDO:
        return open_.exclude(verb=UNDO).first()
    mine = Action.objects.filter(user=user, interview=interview, subject=Subject.PASSAGE)
    last = mine.exclude(verb__in=[UNDO, REDO]).order_by("-pk").values_list("pk", flat=True).first() or 0
    return open_.filter(verb=UNDO, pk__gt=last).first()


@coding_endpoint
def undo(request, slug, pk):
    """Take back the user's own last coding action on this interview."""
    return _take_back(request, slug, pk, UNDO, _("Ongedaan gemaakt: %(what)s."))


@coding_endpoint
def redo(request, slug, pk):
    """Do again what the user's last undo on this interview took back."""
    return _take_back(request, slug, pk, REDO, _("Opnieuw gedaan: %(what)s."))


@coding_endpoint
def theme_restore(request, slug, action_id):
    """An owner creates a deleted theme again, with its codings of passages that still exist (from the
    deletion's action on the activity page: Theme.snapshot(with_codings=True) in its `before`)."""
    project, membership = get_project_for_user(request, slug, need=OWN)
    deletion = Action.objects.filter(project=project, pk=action_id, subject=Subject.THEME, verb="delete").first()
    if deletion is None or not deletion.before.get("name"):
        raise Http404(_("Deze verwijdering van een thema bestaat niet (meer) in dit project."))
    try:
        with transaction.atomic():
            if Action.objects.select_for_update().filter(pk=deletion.pk, undone_at=None).first() is None:
                raise ValueError(_("Dit thema is al hersteld."))
            theme = Theme.restore(project, deletion.before)
            done = Action.record(
                project,
                request.user,
                Subject.THEME,
                "restore",
                subject_id=theme.pk,
                label=theme.name,
                after=theme.snapshot(with_codings=True),
                reverts=deletion,
            )
            Action.objects.filter(pk=deletion.pk).update(undone_at=done.at)
    except ValueError as error:
        return _theme_answer(request, project, str(error), status=409)
    message = _("Thema ‘%(name)s’ hersteld met %(count)d codering(en).") % {
        "name": theme.name,
        "count": theme.restored_codings,
    }
    if theme.restored_memos:
        message += " " + _("Ook %(memos)d memo('s) terug.") % {"memos": theme.restored_memos}
    return _theme_answer(request, project, message, theme=theme)


def _theme_answer(request, project, message, theme=None, status=200):
    if _wants_json(request):
        payload = {"message": message, "theme": theme.as_json()} if theme else {"error": message}
        return JsonResponse(payload, status=status)
    (messages.success if status < 400 else messages.error)(request, message)
    back = request.POST.get("next", "")  # the activity page that sent the form, never another site
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(back)  # a path only: redirect() would read "abc" as a view name
    return redirect(reverse("interviews:codebook", args=[project.slug]))
