"""The theme summary as a Word document, read back with python-docx."""

import io

import docx
import pytest
from django.http import QueryDict
from report_study import build

from interviews.forms.analysis import AnalysisFilterForm
from interviews.forms.reports import SummaryForm
from interviews.models import Theme
from interviews.summary import build_summary
from interviews.word import write_summary


def summary_document(project, query="quotes=3"):
    filters = AnalysisFilterForm(QueryDict(query), project=project)
    options = SummaryForm(QueryDict(query), project=project)
    assert filters.is_valid() and options.is_valid()
    buffer = io.BytesIO()
    write_summary(build_summary(options.selection(filters), options.cleaned_data["quotes"]), buffer)
    buffer.seek(0)
    return docx.Document(buffer)


@pytest.fixture
def study(project, themes, coder, owner):
    return build(project, themes, coder, owner)


def texts(document):
    return [p.text for p in document.paragraphs]


def test_each_theme_is_a_heading_in_codebook_order_with_its_level(project, study):
    headings = [
        (p.style.name, p.text) for p in summary_document(project).paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "■ samenwerking"),
        ("Heading 1", "■ knelpunten"),
        ("Heading 2", "■ personeelstekort"),
        ("Heading 1", "■ financiering"),
    ]


def test_theme_section_has_definition_counts_tables_quotes_and_memos(project, study, themes):
    themes["samenwerking"].definition = "Hoe partijen samenwerken; coördinatie."
    themes["samenwerking"].save()
    document = summary_document(project)
    paragraphs = texts(document)
    start = paragraphs.index("■ samenwerking")
    section = paragraphs[start : paragraphs.index("■ knelpunten")]
    assert section[1] == "Hoe partijen samenwerken; coördinatie."
    assert section[2] == "5 passages in 3 interviews."
    quotes = [p.text for p in document.paragraphs[start:] if p.style.name == "Quote"][:3]
    assert quotes[0].startswith("“Wij zien elkaar elke week bij het overleg.”")
    assert quotes[0].endswith("Interview B · jeugdgezondheidszorg · Amsterdam · 2021 (representatief)")
    assert quotes[1].startswith("“De coördinatie met de verloskundigen loopt goed.”")
    assert "Rode draad (olga, " in " ".join(section)
    assert "Samenwerking hangt af van personen, niet van structuren." in section
    groups = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert groups == [
        ["Stakeholdergroep", "passages", "interviews"],
        ["gemeente", "2", "1"],
        ["verloskundige", "1", "1"],
        ["jeugdgezondheidszorg", "2", "1"],
    ]
    years = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert years == [["Jaar", "passages", "interviews"], ["2021", "4", "2"], ["2022", "1", "1"]]


def test_script_tags_and_accents_stay_as_typed(project, study, owner):
    Theme.objects.create(project=project, name="<script>x</script> coördinatie", order=9)
    document = summary_document(project, f"coder={owner.pk}")
    paragraphs = texts(document)
    assert "■ <script>x</script> coördinatie" in paragraphs
    assert any(p.startswith("“Het budget <script>alert(1)</script> is op.”") for p in paragraphs)


def test_control_characters_in_a_passage_do_not_break_the_document(project, study):
    cases, passages = study
    passages[0].text = "tab\there\x0bvertical\x01"
    passages[0].save()
    paragraphs = texts(summary_document(project))
    assert any(p.startswith("“tab\there") and "vertical" in p for p in paragraphs)


def test_filters_that_leave_nothing_give_zero_counts_and_no_tables(project, study):
    document = summary_document(project, "year=1999")
    assert "Filters: jaar: 1999. 0 interviews." in texts(document)[1]
    assert "0 passages in 0 interviews." in texts(document) and not document.tables


def test_the_demo_studys_summary_has_every_theme_and_its_starred_quotes_first(db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    project = Theme.objects.get(project__slug="demo", name="samenwerking").project
    document = summary_document(project, "quotes=3")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) == project.themes.count() and headings[0] == "■ samenwerking"
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes[0].startswith("“Het belangrijkste vind ik dat de verloskundige")
    assert quotes[0].endswith("(representatief)") and not quotes[1].endswith("(representatief)")
