"""The API's reads: projects, members, interviews, themes, passages with their codings, memos, indicators.

Every project route starts with auth.project_for (the site's permission helper for the token's user); passages
are read through the analyses' Selection as the user may see them (a blind round hides other coders' passages).
"""

from django.http import QueryDict
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema

from monitor.models import Indicator

from ...forms.analysis import AnalysisFilterForm
from ...models import Segment
from .auth import project_for
from .schemas import (
    BIG,
    IndicatorOut,
    InterviewDetail,
    InterviewOut,
    MemberOut,
    ObservationOut,
    ProjectOut,
    ThemeOut,
)

router = Router(tags=["lezen"])


class Filters(Schema):
    """The analyses' filters (forms/analysis.py AnalysisFilterForm), and one interview."""

    interview: int | None = Field(None, ge=1, le=BIG, description="Alleen dit interview.")
    coder: int | None = Field(None, ge=1, le=BIG, description="Id van een codeur (zie members).")
    theme: int | None = Field(None, ge=1, le=BIG, description="Een thema en zijn subthema's.")
    stakeholder_group: str | None = Field(None, max_length=40)
    municipality: int | None = Field(None, ge=1, le=BIG, description="Id van een gemeente.")
    year: int | None = Field(None, ge=1990, le=2100)
    label: str | None = Field(None, max_length=100)
    query: int | None = Field(None, ge=1, le=BIG, description="Id van een bewaarde zoekvraag op codes.")


class FilterError(ValueError):
    """A filter that names nothing in this project: answered 400 with the form's Dutch messages."""


def selection_for(request, project, filters):
    """The analyses' Selection of these filters as the token's user may see it; FilterError when one is wrong."""
    data = QueryDict(mutable=True)
    for name, value in filters.dict(exclude={"interview"}, exclude_none=True).items():
        data[name] = str(value)
    form = AnalysisFilterForm(data, project=project)
    if not form.is_valid():
        raise FilterError(" ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()))
    return form.selection().seen_by(request.user)


def _interview_row(interview):
    return {
        "id": interview.pk,
        "title": interview.title,
        "municipality": interview.municipality.code if interview.municipality else None,
        "year": interview.year,
        "stakeholder_group": interview.stakeholder_group,
        "interview_date": interview.interview_date,
        "labels": sorted(tag.name for tag in interview.labels.all()),
        "length": len(interview.text),
    }


@router.get("/projects", response=list[ProjectOut], url_name="api_projects")
def projects(request):
    """The projects this token reaches, with your role in each."""
    found = (
        request.auth.projects()
        .filter(memberships__user=request.user)
        .values("slug", "name", "description", "memberships__role")
    )
    return [{**row, "role": row.pop("memberships__role")} for row in found]


@router.get("/projects/{slug}", response=ProjectOut, url_name="api_project")
def project(request, slug: str):
    found, membership = project_for(request, slug)
    return {"slug": found.slug, "name": found.name, "description": found.description, "role": membership.role}


@router.get("/projects/{slug}/members", response=list[MemberOut], url_name="api_members")
def members(request, slug: str):
    found, _ = project_for(request, slug)
    rows = found.memberships.select_related("user").order_by("user__username")
    return [
        {"id": m.user_id, "username": m.user.username, "name": m.user.get_full_name(), "role": m.role} for m in rows
    ]


@router.get("/projects/{slug}/interviews", response=list[InterviewOut], url_name="api_interviews")
def interviews(request, slug: str):
    found, _ = project_for(request, slug)
    return [_interview_row(i) for i in found.interviews.select_related("municipality").prefetch_related("labels")]


@router.get("/projects/{slug}/interviews/{interview_id}", response=InterviewDetail, url_name="api_interview")
def interview(request, slug: str, interview_id: int = Path(..., ge=1, le=BIG)):
    """An interview with its text (canonical: NFC, \\n) and its turns and sentences (code points)."""
    found, _ = project_for(request, slug)
    item = get_object_or_404(found.interviews.select_related("municipality"), pk=interview_id)
    segments = {"turn": [], "sentence": []}
    for kind, start, end, speaker in item.segments.order_by("start").values_list("kind", "start", "end", "speaker"):
        segments[kind].append({"start": start, "end": end, "speaker": speaker})
    row = _interview_row(item)
    return {
        **row,
        "text": item.text,
        "turns": segments[Segment.Kind.TURN],
        "sentences": segments[Segment.Kind.SENTENCE],
    }


@router.get("/projects/{slug}/themes", response=list[ThemeOut], url_name="api_themes")
def themes(request, slug: str):
    """The codebook as a tree: depth first, each theme with its parent's id and its depth."""
    found, _ = project_for(request, slug)
    return [
        {
            "id": t.pk,
            "name": t.name,
            "parent": t.parent_id,
            "depth": t.depth,
            "colour": t.colour,
            "definition": t.definition,
        }
        for t in found.themes.in_tree_order()
    ]


@router.get("/indicators", response=list[IndicatorOut], url_name="api_indicators")
def indicators(request):
    """The monitor's indicators (shared by every project)."""
    return list(Indicator.objects.order_by("code").values("code", "name", "unit", "value_type", "definition", "source"))


@router.get("/indicators/{code}/observations", response=list[ObservationOut], url_name="api_observations")
def observations(request, code: str = Path(..., max_length=60)):
    """An indicator's values per municipality (CBS code) and year; the national value has no municipality."""
    indicator = get_object_or_404(Indicator, code=code)
    rows = indicator.observations.order_by("year", "municipality__code")
    return [
        {"municipality": code, "year": year, "value": value, "synthetic": synthetic}
        for code, year, value, synthetic in rows.values_list("municipality__code", "year", "value", "synthetic")
    ]
