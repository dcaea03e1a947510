"""Passages through the API: read them a page at a time, write them with themes in bulk (all or nothing), delete one.

Each passage is checked by the browser's own coding form (forms/api.py BulkPassageForm, a PassageCreateForm with
the project's themes looked up once: the span in code points or UTF-16 units through spans.Offsets, the themes of
the project, the memo's length) and stored by Passage.code_spans, which does for a thousand spans what the
browser's Passage.code_span does for one, so a passage made by a script is the same as one made by hand. The
interviews' rows are locked first, as the browser's coding does (Interview.text_still_current), and every passage
leaves an Action with source "api" naming the token.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from ...forms.api import BulkPassageForm
from ...models import Action, Coding, Passage, Theme
from ...spans import Offsets
from ..coding import NOT_YOURS, STALE_INTERVIEW, STALE_PASSAGE
from .auth import WRITE, project_for
from .reads import Filters, selection_for
from .schemas import BIG, BulkError, Deleted, Error, PassagePage, PassagesIn, PassagesOut

router = Router(tags=["passages"])


def _form_data(item, unit):
    data = QueryDict(mutable=True)
    data.update({"start": str(item.start), "end": str(item.end), "unit": unit, "memo": item.memo})
    data.setlist("theme", [str(pk) for pk in item.themes])
    if item.new_theme:
        data["new_theme"] = item.new_theme
    return data


def checked_forms(project, body):
    """(forms, errors): a bound, valid BulkPassageForm per passage, or the Dutch errors per index."""
    wanted = {item.interview for item in body.passages}
    interviews = project.interviews.only("id", "project_id", "text").in_bulk(wanted)
    offsets = {pk: Offsets(interview.text) for pk, interview in interviews.items()}
    for interview in interviews.values():
        interview.project = project
    themes = project.themes.select_related("parent__parent__parent").in_bulk()
    forms, errors = [], []
    for index, item in enumerate(body.passages):
        interview = interviews.get(item.interview)
        if interview is None:
            errors.append({"index": index, "error": STALE_INTERVIEW})
            continue
        data = _form_data(item, body.unit)
        form = BulkPassageForm(data, interview=interview, themes=themes, offsets=offsets[interview.pk])
        if form.is_valid():
            forms.append(form)
        else:
            errors.append({"index": index, "error": " ".join(e for es in form.errors.values() for e in es)})
    return forms, errors


def store(request, project, forms):
    """The passages of the checked forms (Passage.code_spans) and an action with the token for each."""
    named = {name: Theme.for_name(project, name)[0] for name in sorted({n for form in forms for n in form.names})}
    saved = Passage.code_spans(request.user, [form.spans(named) for form in forms])
    actions = []
    for passage, created in saved:
        before = {} if created else passage.was
        actions.append(passage_action(request, passage.interview, "create" if created else "recode", before, passage))
    Action.store(actions)
    return saved


def passage_row(passage):
    return {
        "id": passage.pk,
        "interview": passage.interview_id,
        "coder": passage.coder.username,
        "start": passage.start,
        "end": passage.end,
        "text": passage.text,
        "memo": passage.memo,
        "starred": passage.starred,
        "themes": sorted(theme.pk for theme in passage.theme_list),
    }


def passage_action(request, interview, verb, before, passage=None, passage_id=None):
    """The history of one passage changed through the API (source "api", with the token)."""
    return Action.build_passage(
        interview.project,
        request.user,
        verb,
        before,
        passage,
        passage_id=passage_id,
        interview=interview,
        api_token=request.auth,
    )


@router.get("/projects/{slug}/passages", response=PassagePage, url_name="api_passages")
def passages(
    request,
    slug: str,
    filters: Query[Filters],
    cursor: int = Query(0, ge=0, le=BIG, description="next_cursor van de vorige bladzijde; 0 voor de eerste."),
    limit: int = Query(500, ge=1, le=5000),
):
    """Passages with their themes, in the order they were made, a page at a time (cursor pagination)."""
    found, _ = project_for(request, slug)
    chosen = selection_for(request, found, filters)
    qs = chosen.passages() if filters.theme else chosen.all_passages()
    if filters.interview:
        qs = qs.filter(interview_id=filters.interview)
    fields = ("pk", "interview_id", "coder__username", "start", "end", "text", "memo", "starred")
    rows = list(qs.filter(pk__gt=cursor).order_by("pk").values_list(*fields)[: limit + 1])
    page, more = rows[:limit], len(rows) > limit
    themes = {row[0]: [] for row in page}
    for passage_id, theme_id in Coding.objects.filter(content_object__in=list(themes)).values_list(
        "content_object_id", "tag_id"
    ):
        themes[passage_id].append(theme_id)
    names = ("id", "interview", "coder", "start", "end", "text", "memo", "starred")
    results = [{**dict(zip(names, row)), "themes": sorted(themes[row[0]])} for row in page]
    return {"results": results, "next_cursor": page[-1][0] if more else None}


@router.post(
    "/projects/{slug}/passages",
    response={201: PassagesOut, 400: BulkError, 409: Error},
    url_name="api_passages_create",
)
def passages_create(request, slug: str, body: PassagesIn):
    """Code up to 1,000 passages at once: all are stored, or none (400 with the errors per passage). A passage
    over exactly the span of one of your own gets its themes added instead of a copy."""
    project, _membership = project_for(request, slug, need=WRITE)
    forms, errors = checked_forms(project, body)
    if errors:
        message = _("%(n)d van de %(total)d passages kloppen niet; er is niets opgeslagen.")
        return Status(400, {"error": message % {"n": len(errors), "total": len(body.passages)}, "items": errors})
    interviews = sorted({form.interview.pk: form.interview for form in forms}.items())
    with transaction.atomic():
        if not all(interview.text_still_current() for _pk, interview in interviews):
            transaction.set_rollback(True)
            return Status(
                409, {"error": _("De tekst van een interview is intussen gecorrigeerd; er is niets opgeslagen.")}
            )
        saved = store(request, project, forms)
    return Status(201, {"passages": [passage_row(p) for p, _c in saved], "created": sum(c for _p, c in saved)})


@router.delete("/projects/{slug}/passages/{passage_id}", response={200: Deleted}, url_name="api_passage_delete")
def passage_delete(request, slug: str, passage_id: int = Path(..., ge=1, le=BIG)):
    """Delete a passage and its codings: your own, or anyone's when you own the project."""
    project, membership = project_for(request, slug, need=WRITE)
    passages = Passage.objects.visible_to(request.user, project).select_related("interview", "coder")
    passage = passages.filter(interview__project=project, pk=passage_id).first()
    if passage is None:
        raise Http404(STALE_PASSAGE)
    if passage.coder_id != request.user.pk and not membership.is_owner:
        raise PermissionDenied(NOT_YOURS.format(passage.coder.get_full_name() or passage.coder.username))
    with transaction.atomic():
        before = passage.snapshot()
        passage.delete()
        Action.store([passage_action(request, passage.interview, "delete", before, passage_id=before["id"])])
    return {"deleted": before["id"]}
