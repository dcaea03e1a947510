"""The Word summary on A4 with the chosen analyses' charts, and 'Gemaakt op' in Amsterdam time in every export."""

import datetime
import io

import docx
import pytest
from analysis_study import build
from django.urls import reverse
from docx.shared import Cm
from openpyxl import load_workbook

from interviews import clock
from interviews.summary import Summary

A4_WIDTH = Cm(21.0)
PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


@pytest.fixture
def study(project, themes, coder, owner):
    return build(project, themes, coder, owner)


def summary_docx(client, project, query):
    response = client.get(reverse("interviews:summary_export", args=[project.slug, "docx"]) + "?" + query)
    assert response.status_code == 200
    return docx.Document(io.BytesIO(response.content))


def test_the_word_summary_is_a4(as_user, viewer, project, study):
    document = summary_docx(as_user(viewer), project, "quotes=2")
    for section in document.sections:
        assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
        assert round(section.left_margin.cm, 1) == round(section.right_margin.cm, 1) == 2.5
    assert not document.inline_shapes  # no chart asked for, none put in


def test_the_chosen_charts_are_in_the_word_summary_with_their_alt_text(as_user, viewer, project, study):
    document = summary_docx(
        as_user(viewer), project, "quotes=2&charts=groep&charts=jaar&charts=samenloop&charts=matrix"
    )
    shapes = document.inline_shapes
    assert len(shapes) == 4
    assert all(shape.width <= A4_WIDTH - 2 * Cm(2.5) for shape in shapes)
    descriptions = [shape._inline.find(PICTURE).get("descr") for shape in shapes]
    assert descriptions[0].startswith("Heatmap: % interviews dat het thema noemt, 4 thema's × 2 groepen")
    assert descriptions[1].startswith("Lijngrafiek") and "Vaakst samen" in descriptions[2]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Thema's × stakeholdergroep",
        "Thema's per jaar",
        "Samenloop in hetzelfde interview",
        "Thema × interview",
    ]
    images = [part for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(images) == 4 and all(part.blob.startswith(b"\x89PNG") for part in images)


def test_an_unknown_chart_choice_is_said_and_nothing_is_downloaded(as_user, viewer, project, study):
    response = as_user(viewer).get(reverse("interviews:summary_export", args=[project.slug, "docx"]) + "?charts=taart")
    assert response.status_code == 400 and "taart" in response.content.decode()


def test_made_on_is_amsterdam_time_in_summer_and_winter():
    summer = datetime.datetime(2026, 7, 1, 22, 30, tzinfo=datetime.UTC)
    winter = datetime.datetime(2026, 12, 31, 23, 5, tzinfo=datetime.UTC)
    assert clock.made_on(summer) == "02-07-2026 00:30"
    assert clock.made_on(winter) == "01-01-2027 00:05"


@pytest.fixture
def late_evening(monkeypatch):
    """A quarter to midnight in UTC: already the next day in Amsterdam."""
    moment = datetime.datetime(2026, 3, 31, 22, 45, tzinfo=datetime.UTC)
    monkeypatch.setattr(clock.timezone, "now", lambda: moment)
    return "01-04-2026 00:45"


def test_every_export_says_made_on_in_amsterdam_time(settings, as_user, viewer, project, study, late_evening):
    settings.TIME_ZONE = "UTC"  # a server in UTC still writes Amsterdam time
    client = as_user(viewer)
    summary = Summary(project=project, filters="", interview_count=1, themes=[], pseudonymised=False)
    assert summary.intro.startswith(f"Gemaakt op {late_evening}.")
    exports = [
        reverse("interviews:summary_export", args=[project.slug, "xlsx"]),
        reverse("interviews:codings_export", args=[project.slug, "xlsx"]),
        reverse("interviews:analysis_attribute", args=[project.slug]) + "?format=xlsx",
        reverse("interviews:analysis_matrix", args=[project.slug]) + "?format=xlsx",
    ]
    for url in exports:
        book = load_workbook(io.BytesIO(client.get(url).content))
        cells = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell]
        assert any(late_evening in cell for cell in cells), url
    for fmt in ("md", "html"):
        text = client.get(reverse("interviews:summary_export", args=[project.slug, fmt])).content.decode()
        assert f"Gemaakt op {late_evening}" in text, fmt
