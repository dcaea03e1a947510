"""Correcting an interview's text: the correction with its preview, the versions with their lost passages, putting
an earlier version back, and a coder marking a passage the correction changed as reviewed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.corrections import CorrectionForm, RollbackForm
from ..models import Action, Interview, KeyPolicy, Passage, Subject, TextChanged, TextVersion, text_digest
from ..permissions import OWN, READ, WRITE, get_project_for_user
from ..tasks import analyse_interview
from ..text_edits import TooManyChanges
from ..transcripts import corrections
from ..transcripts.text import TranscriptError


@login_required
def text_correct(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    interview = get_object_or_404(project.interviews, pk=pk)
    data = request.POST if request.method == "POST" else _pseudonymised(request, interview)
    if data is None:
        form = CorrectionForm.opened(interview, _offset(request.GET.get("start")), _offset(request.GET.get("end")))
        return render(request, "interviews/text_correct.html", _context(project, membership, interview, form))
    form, edit = CorrectionForm(data, interview=interview), None
    if form.is_valid():
        try:
            edit, segments = corrections.prepare(interview, form.cleaned_data["full_text"])
        except (TranscriptError, TooManyChanges) as error:
            form.add_error("text", str(error))
    previewed = edit is not None and data.get("previewed") == text_digest(edit.new)
    if previewed and "save" in data and not membership.is_owner and _colleagues_lost(edit, interview, request.user):
        form.add_error(
            None, _("Deze correctie laat passages van collega's verdwijnen; alleen een eigenaar kan haar opslaan.")
        )
    elif previewed and "save" in data:
        lines = corrections.key_lines(interview, edit.new) if form.cleaned_data["pseudonymise"] else ()
        keys = lines if project.pseudonym_key != KeyPolicy.NOT_KEPT else ()
        note = form.note_or_default()
        try:
            version = TextVersion.correct(interview, edit, segments, request.user, note, keys=keys, scrub=lines)
        except TextChanged as error:
            form.add_error(None, str(error))
        else:
            analyse_interview.enqueue(interview.pk)  # the word index of the new text
            messages.success(request, _summary(version, edit))
            return redirect(interview)
    context = _context(project, membership, interview, form, edit)
    context["changed_after_preview"] = edit is not None and "save" in data and not previewed
    return render(request, "interviews/text_correct.html", context, status=400 if form.errors else 200)


def _colleagues_lost(edit, interview, user):
    """How many passages of other coders the correction would delete entirely."""
    lost = [landing.passage_id for landing in edit.lost]
    return interview.passages.filter(pk__in=lost).exclude(coder=user).count() if lost else 0


def _pseudonymised(request, interview):
    """The correction that pseudonymises the whole text (?pseudonimiseren=1), as posted form data; None for the
    plain correction form, or when there is nothing to replace (said in a message)."""
    if request.GET.get("pseudonimiseren") != "1":
        return None
    text, proposals = corrections.pseudonymised(interview)
    if not proposals:
        messages.info(
            request,
            _(
                "Er is niets gevonden om te pseudonimiseren: geen namen uit de lijst, persoonsnamen, "
                "e-mailadressen, telefoonnummers, postcodes, BSN's of IBAN's."
            ),
        )
        return None
    note = _("Pseudonimisering (%s vervangingen)") % len(proposals)
    return {"text": text, "base": text_digest(interview.text), "note": note, "pseudonymise": "on", "preview": "1"}


def _offset(value):
    """A stretch's start or end from the address: a whole number, else None (the whole text is opened)."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else None


def _context(project, membership, interview, form, edit=None):
    context = {"project": project, "membership": membership, "interview": interview, "form": form, "edit": edit}
    context["stretch"] = form["start"].value() not in (None, "")
    if edit is not None:
        shown = Passage.objects.visible_to(membership.user, project).filter(interview=interview)
        visible = set(shown.values_list("pk", flat=True))
        context["shown_changes"] = edit.shown_changes()
        context["to_review"] = [landing for landing in edit.to_review if landing.passage_id in visible]
        context["lost"] = [landing for landing in edit.lost if landing.passage_id in visible]
        context["unseen"] = sum(1 for landing in edit.landings if landing.passage_id not in visible)
        context["moved"] = len(edit.moved)
        context["previewed"] = text_digest(edit.new)
    return context


def _summary(version, edit):
    return _(
        "Versie %(number)s van de tekst is opgeslagen: %(changes)s wijziging(en); %(review)s passage(s) na te kijken, "
        "%(lost)s passage(s) verloren (zie de versies)."
    ) % {"number": version.number, "changes": len(edit.changes), "review": len(edit.to_review), "lost": len(edit.lost)}


@login_required
def text_versions(request, slug, pk):
    project, membership = get_project_for_user(request, slug, need=READ)
    interview = get_object_or_404(project.interviews, pk=pk)
    versions = list(interview.text_versions.select_related("author"))
    visible = Passage.objects.visible_to(request.user, project).filter(interview=interview)
    names = dict(project.themes.values_list("pk", "name"))
    blind = interview.pk in Interview.objects.blind_for(request.user, project)
    for version in versions:  # a blind round's coder sees only their own lost passages, as with the others
        version.lost_shown = [
            (shot["text"], [names.get(theme[0], _("thema verwijderd")) for theme in shot["themes"]], shot["memo"])
            for shot in version.lost
            if not blind or shot["coder"] == request.user.pk
        ]
    context = {
        "project": project,
        "membership": membership,
        "interview": interview,
        "versions": versions,
        "base": text_digest(interview.text),
        "to_review": visible.exclude(before_edit="").select_related("coder").order_by("start"),
    }
    return render(request, "interviews/text_versions.html", context)


@login_required
@require_POST
def text_rollback(request, slug, pk, number):
    project, membership = get_project_for_user(request, slug, need=OWN)
    interview = get_object_or_404(project.interviews, pk=pk)
    version = get_object_or_404(interview.text_versions, number=number)
    form = RollbackForm(request.POST, version=version)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("interviews:text_versions", project.slug, interview.pk)
    try:
        edit, segments = corrections.prepare(interview, version.text)
        new = TextVersion.correct(interview, edit, segments, request.user, _("Teruggezet naar versie %s") % number)
    except (TextChanged, TooManyChanges) as error:
        messages.error(request, str(error))
    else:
        analyse_interview.enqueue(interview.pk)
        messages.success(request, _summary(new, edit))
    return redirect("interviews:text_versions", project.slug, interview.pk)


@login_required
@require_POST
def passage_reviewed(request, slug, passage_id):
    project, membership = get_project_for_user(request, slug, need=WRITE)
    passage = get_object_or_404(
        Passage.objects.filter(interview__project=project).visible_to(request.user, project), pk=passage_id
    )
    if passage.coder_id != request.user.pk and not membership.is_owner:
        raise PermissionDenied(_("Alleen wie de passage codeerde (of een eigenaar) kan haar als nagekeken markeren."))
    with transaction.atomic():
        Passage.objects.filter(pk=passage.pk).update(before_edit="")
        Action.record(
            project,
            request.user,
            Subject.PASSAGE,
            "update",
            subject_id=passage.pk,
            label=passage.text[:60],
            interview=passage.interview,
            before={"before_edit": passage.before_edit},
            after={"before_edit": ""},
        )
    messages.success(request, _("Passage “%s” is nagekeken.") % passage.text[:60])
    return redirect("interviews:text_versions", project.slug, passage.interview_id)
