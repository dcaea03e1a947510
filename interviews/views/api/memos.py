"""Memos through the API: read the project's memos, write one (on the project, an interview or a theme) with the
browser's memo form (forms/memos.py MemoForm: its checks, its history record, here with the token)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from ...forms.memos import MemoForm
from ...models import Memo
from .auth import WRITE, project_for
from .schemas import Error, MemoIn, MemoOut

router = Router(tags=["memo's"])


def memo_row(m):
    return {
        "id": m.pk,
        "title": m.title,
        "text": m.text,
        "author": m.author.username,
        "interview": m.interview_id,
        "theme": m.theme_id,
        "created_at": m.created_at,
    }


@router.get("/projects/{slug}/memos", response=list[MemoOut], url_name="api_memos")
def memos(request, slug: str):
    found, _membership = project_for(request, slug)
    rows = found.memos.select_related("author").order_by("pk")
    return [memo_row(m) for m in rows]


@router.post("/projects/{slug}/memos", response={201: MemoOut, 400: Error}, url_name="api_memo_create")
def memo_create(request, slug: str, body: MemoIn):
    """Write a memo on the project, or on one interview or one theme of it."""
    project, _membership = project_for(request, slug, need=WRITE)
    if body.interview and body.theme:
        return Status(400, {"error": _("Een memo hoort bij één interview of één thema, niet bij beide.")})
    memo = Memo(project=project, author=request.user)
    if body.interview:
        memo.interview = get_object_or_404(project.interviews.only("id", "title"), pk=body.interview)
    if body.theme:
        memo.theme = get_object_or_404(project.themes, pk=body.theme)
    form = MemoForm({"title": body.title, "text": body.text}, instance=memo)
    if not form.is_valid():
        return Status(400, {"error": " ".join(e for es in form.errors.values() for e in es)})
    return Status(201, memo_row(form.save_by(request.user, api_token=request.auth)))
