"""All codings of a project in one streamed response (CSV or JSON lines): one row per passage and theme, read
from the database in chunks and written as they come, so 50,000 codings never sit in memory as one page. The CSV
is written by interviews/spreadsheets.py like every other; JSON lines keep the texts exactly as typed."""

import json

from django.http import Http404, StreamingHttpResponse
from ninja import Query, Router

from ...spreadsheets import csv_lines
from .auth import project_for
from .reads import Filters, selection_for

router = Router(tags=["lezen"])

COLUMNS = ["passage", "interview", "interview_title", "coder", "start", "end", "theme", "theme_name", "origin", "text"]
FIELDS = [
    "content_object_id",
    "content_object__interview_id",
    "content_object__interview__title",
    "content_object__coder__username",
    "content_object__start",
    "content_object__end",
    "tag_id",
    "tag__name",
    "origin",
    "content_object__text",
]
CHUNK = 2000


def json_lines(rows, per_piece=200):
    """One JSON object per line, sent `per_piece` lines at a time (a piece per line costs the server a write each)."""
    pending = []
    for row in rows:
        pending.append(json.dumps(dict(zip(COLUMNS, row)), ensure_ascii=False))
        if len(pending) >= per_piece:
            yield "\n".join(pending) + "\n"
            pending = []
    if pending:
        yield "\n".join(pending) + "\n"


def csv_rows(rows):
    """The CSV through the app's one CSV writer (a BOM first; a text that starts like a formula made inert)."""
    return csv_lines(COLUMNS, rows)


FORMATS = {"csv": (csv_rows, "text/csv; charset=utf-8"), "jsonl": (json_lines, "application/x-ndjson")}


@router.get(
    "/projects/{slug}/codings.{fmt}",
    url_name="api_codings_export",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "Eén regel per codering (passage × thema), gestreamd.",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                },
            }
        }
    },
)
def codings_export(request, slug: str, fmt: str, filters: Query[Filters]):
    """Every coding of the project (or of the filters), as CSV or JSON lines (fmt: csv or jsonl)."""
    project, _ = project_for(request, slug)
    if fmt not in FORMATS:
        raise Http404("Onbekend formaat: kies codings.csv of codings.jsonl.")
    chosen = selection_for(request, project, filters)
    codings = chosen.codings()
    if filters.interview:
        codings = codings.filter(content_object__interview_id=filters.interview)
    rows = codings.order_by("content_object_id", "tag_id").values_list(*FIELDS).iterator(chunk_size=CHUNK)
    write, content_type = FORMATS[fmt]
    response = StreamingHttpResponse(write(rows), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-codings.{fmt}"'
    return response
