"""What the API reads and writes, as pydantic schemas (django-ninja turns them into the OpenAPI schema)."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

BIG = 2**63 - 1  # the largest id a database column holds: a larger one is refused, not passed to the query
Id = Field(..., ge=1, le=BIG)


class Error(Schema):
    error: str = Field(..., description="Wat er mis is, in het Nederlands; er is niets opgeslagen.")


class ItemError(Schema):
    index: int = Field(..., description="De plaats van de passage in de lijst, vanaf 0.")
    error: str


class BulkError(Error):
    items: list[ItemError] = []


class ProjectOut(Schema):
    slug: str
    name: str
    description: str
    role: str = Field(..., description="Uw rol in het project: owner, coder of viewer.")


class MemberOut(Schema):
    id: int
    username: str
    name: str
    role: str


class InterviewOut(Schema):
    id: int
    title: str
    municipality: str | None = Field(None, description="CBS-code, zoals GM0344.")
    year: int | None
    stakeholder_group: str
    interview_date: datetime.date | None
    labels: list[str]
    length: int = Field(..., description="Lengte van de tekst in tekens (code points).")


class SegmentOut(Schema):
    start: int
    end: int
    speaker: str = ""


class InterviewDetail(InterviewOut):
    text: str
    turns: list[SegmentOut]
    sentences: list[SegmentOut]


class ThemeOut(Schema):
    id: int
    name: str
    parent: int | None
    depth: int
    colour: str
    definition: str


class PassageOut(Schema):
    id: int
    interview: int
    coder: str
    start: int = Field(..., description="Begin in tekens (code points), vanaf 0.")
    end: int = Field(..., description="Einde (exclusief): interview.text[start:end] == text.")
    text: str
    memo: str
    starred: bool
    themes: list[int]


class PassagePage(Schema):
    results: list[PassageOut]
    next_cursor: int | None = Field(None, description="Geef dit mee als cursor voor de volgende bladzijde.")


class MemoOut(Schema):
    id: int
    title: str
    text: str
    author: str
    interview: int | None
    theme: int | None
    created_at: datetime.datetime


class MemoIn(Schema):
    title: str = Field(..., max_length=200)
    text: str = Field(..., max_length=100_000)
    interview: int | None = Field(None, ge=1, le=BIG, description="Een interview van het project, of leeg.")
    theme: int | None = Field(None, ge=1, le=BIG, description="Een thema van het project, of leeg.")


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    value_type: str
    definition: str
    source: str


class ObservationOut(Schema):
    municipality: str | None = Field(None, description="CBS-code; leeg voor het landelijke cijfer.")
    year: int
    value: Decimal
    synthetic: bool


class PassageIn(Schema):
    interview: int = Id
    start: int = Field(..., ge=0, le=BIG)
    end: int = Field(..., ge=0, le=BIG)
    themes: list[int] = Field(default=[], max_length=100, description="Ids van thema's van het project.")
    new_theme: str = Field("", max_length=100, description="Een thema op naam, gemaakt als het nog niet bestaat.")
    memo: str = Field("", max_length=100_000)


class PassagesIn(Schema):
    unit: Literal["codepoint", "utf16"] = Field(
        "codepoint", description="Waarin start en end tellen: tekens (code points) of UTF-16-eenheden."
    )
    passages: list[PassageIn] = Field(..., min_length=1, max_length=1000)


class PassagesOut(Schema):
    passages: list[PassageOut]
    created: int = Field(..., description="Nieuwe passages; de andere kregen thema's bij op een bestaande.")


class Deleted(Schema):
    deleted: int
