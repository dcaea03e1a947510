"""All codings of a project in one streamed response (CSV or JSON lines): one row per passage and theme, read
from the database in chunks and written as they come, so 50,000 codings never sit in memory as one page."""

import csv
import json

from django.http import Http404, StreamingHttpResponse
from ninja import Query, Router

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


class Echo:
    """A file whose write() returns the line, for csv.writer inside a generator."""

    def write(self, value):
        return value


def csv_lines(rows):
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)  # a BOM, so that a spreadsheet opens it as UTF-8
    for row in rows:
        yield writer.writerow(row)


def json_lines(rows):
    for row in rows:
        yield json.dumps(dict(zip(COLUMNS, row)), ensure_ascii=False) + "\n"


FORMATS = {"csv": (csv_lines, "text/csv; charset=utf-8"), "jsonl": (json_lines, "application/x-ndjson")}


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
