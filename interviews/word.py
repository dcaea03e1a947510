"""The theme summary as a Word document (python-docx), written to a binary file object.

python-docx looks a style up by scanning every style and inserts each element with an XPath query, which
takes seconds for a large study; so the body is written here as WordprocessingML text, parsed once, and
put into python-docx's document (its template provides the styles: Title, Heading1-4, Quote, TableGrid).
"""

import io
import re
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import parse_xml
from docx.shared import Cm

from .clock import amsterdam

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Characters XML 1.0 cannot hold; transcripts rarely have them, but they must not break the document.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
COLUMN_WIDTHS = (4200, 1600, 1600)  # twentieths of a point


def clean(text):
    return NOT_XML.sub("", str(text))


def run(text, bold=False, italic=False, size=None, colour=None):
    """A w:r: line breaks and tabs in the text become Word's own."""
    properties = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    properties += (f'<w:color w:val="{colour}"/>' if colour else "") + (f'<w:sz w:val="{size * 2}"/>' if size else "")
    parts = []
    for number, line in enumerate(clean(text).split("\n")):
        if number:
            parts.append("<w:br/>")
        parts.append("<w:tab/>".join(f'<w:t xml:space="preserve">{escape(piece)}</w:t>' for piece in line.split("\t")))
    return f"<w:r>{f'<w:rPr>{properties}</w:rPr>' if properties else ''}{''.join(parts)}</w:r>"


def paragraph(*runs, style=None, align=None):
    settings = (f'<w:pStyle w:val="{style}"/>' if style else "") + (f'<w:jc w:val="{align}"/>' if align else "")
    return f"<w:p>{f'<w:pPr>{settings}</w:pPr>' if settings else ''}{''.join(runs)}</w:p>"


def table(heading, rows):
    """A three-column table (a name and two counts) in the TableGrid style, the heading row in bold."""

    def cell(content, width):
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'

    def row(cells, bold=False):
        return (
            "<w:tr>"
            + "".join(
                cell(paragraph(run(value, bold=bold), align="right" if i else None), COLUMN_WIDTHS[i])
                for i, value in enumerate(cells)
            )
            + "</w:tr>"
        )

    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in COLUMN_WIDTHS)
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{row(heading, bold=True)}{''.join(row(r) for r in rows)}</w:tbl>"
    )


A4 = (Cm(21.0), Cm(29.7))  # Dutch reports are A4; python-docx's template is US Letter
MARGIN = Cm(2.5)
PICTURE_WIDTH = Cm(16.0)  # the A4 page less its margins


def a4(document):
    """Every section of the document on A4 paper with 2,5 cm margins."""
    for section in document.sections:
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN


def add_pictures(document, pictures):
    """The charts (charts.Chart: title, PNG bytes, alt text) under a heading, each with its alt text and title."""
    if not pictures:
        return
    document.add_heading("Grafieken", level=1)
    for chart in pictures:
        shape = document.add_picture(io.BytesIO(chart.png), width=PICTURE_WIDTH)
        shape._inline.docPr.set("descr", clean(chart.alt))  # the alt text Word shows and reads aloud
        document.add_paragraph(clean(chart.title), style="Caption")


def write_summary(summary, file, pictures=()):
    """Write the summary (reports.Summary) as DOCX: per theme its definition, counts, quotes and memos, then
    the chosen charts."""
    document = Document()
    a4(document)
    document.core_properties.title = clean(f"Themasamenvatting {summary.project.name}")
    document.core_properties.created = amsterdam(summary.created)
    parts = [paragraph(run(f"Themasamenvatting: {summary.project.name}"), style="Title"), paragraph(run(summary.intro))]
    if not summary.themes:
        parts.append(paragraph(run("Er zijn geen thema's die aan de filters voldoen.")))
    for item in summary.themes:
        parts += theme_section(item)
    body = parse_xml(f'<w:body xmlns:w="{W}">{"".join(parts)}</w:body>')
    end = document.element.body.sectPr  # the page settings stay last
    for element in list(body):
        end.addprevious(element)
    add_pictures(document, pictures)
    document.save(file)


def theme_section(item):
    """The paragraphs and tables of one theme, as WordprocessingML text."""
    theme = item.theme
    parts = [
        paragraph(
            run("■ ", colour=theme.colour.lstrip("#").upper()),
            run(theme.name),
            style=f"Heading{min(theme.depth + 1, 4)}",
        ),
        paragraph(run(theme.definition or "Geen definitie.", italic=True)),
        paragraph(run(item.counts_text)),
    ]
    for label, rows in item.tables:
        parts += [table((label, "passages", "interviews"), rows), paragraph()]
    if item.quotes:
        parts.append(paragraph(run("Citaten", bold=True)))
    for quote in item.quotes:
        source = f"— {quote.attribution}" + (" (representatief)" if quote.starred else "")
        parts.append(paragraph(run(f"“{quote.text}”\n"), run(source, size=9), style="Quote"))
    if item.memos:
        parts.append(paragraph(run("Memo's", bold=True)))
    for memo in item.memos:
        parts.append(
            paragraph(run(memo.title, bold=True), run(f" ({memo.author.username}, {memo.created_at:%d-%m-%Y})", size=9))
        )
        parts.append(paragraph(run(memo.text)))
    return parts


def write_agreement(report, file):
    """The agreement of coders (agreement_report.Report) as DOCX: the methods paragraph a report can quote,
    then per level its unit, a table of the themes (figures and reading) and the figures over all themes."""
    document = Document()
    document.core_properties.title = "Overeenstemming tussen codeurs"
    parts = [
        paragraph(run("Overeenstemming tussen codeurs"), style="Title"),
        paragraph(run("Methode", bold=True)),
        paragraph(run(report.methods())),
    ]
    for level in report.levels:
        parts += [paragraph(run(level.title), style="Heading1"), paragraph(run(level.unit, italic=True))]
        rows = [[theme.name, *(cell.text for cell in cells), words] for theme, cells, words in level.rows]
        parts += [grid(level.columns, rows), paragraph()]
        parts += [paragraph(run(f"{label}: {cell.text}" + (f" ({cell.reason})" if cell.reason else ""))) for
                  label, cell in level.summary]  # fmt: skip
    body = parse_xml(f'<w:body xmlns:w="{W}">{"".join(parts)}</w:body>')
    end = document.element.body.sectPr
    for element in list(body):
        end.addprevious(element)
    document.save(file)


def grid(heading, rows):
    """A table of any number of columns in the TableGrid style, the heading row in bold, figures right."""

    def row(cells, bold=False):
        return (
            "<w:tr>"
            + "".join(
                f"<w:tc>{paragraph(run(value, bold=bold), align='right' if 0 < i < len(cells) - 1 else None)}</w:tc>"
                for i, value in enumerate(cells)
            )
            + "</w:tr>"
        )

    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr>'
        f"<w:tblGrid>{''.join('<w:gridCol/>' for _ in heading)}</w:tblGrid>"
        f"{row(heading, bold=True)}{''.join(row(r) for r in rows)}</w:tbl>"
    )


def write_grid(built, filters, file):
    """A summary grid (summary_grid.Grid) as DOCX: a section per row, in it per theme the summary (or that there
    is none) and the quotes it rests on as indented quotes with their interview, text exact."""
    document = Document()
    a4(document)
    grid = built.grid
    document.core_properties.title = clean(f"Samenvattingstabel {grid.name}")
    intro = f"{grid.project.name}. Rijen: {grid.get_rows_display()}. Filters: {filters}. "
    intro += f"{built.filled} van {built.size} cellen hebben een samenvatting."
    parts = [paragraph(run(f"Samenvattingstabel: {grid.name}"), style="Title"), paragraph(run(intro))]
    for row in built.rows:
        parts.append(paragraph(run(row.label), style="Heading1"))
        if row.detail:
            parts.append(paragraph(run(row.detail, italic=True)))
        for cell in row.cells:
            parts.append(paragraph(run(cell.theme.name), style="Heading2"))
            if not cell.filled:
                parts.append(paragraph(run(f"Geen samenvatting ({cell.count} passages).", italic=True)))
                continue
            parts.append(paragraph(run(cell.summary)))
            parts.append(paragraph(run(f"{cell.written_by}, {amsterdam(cell.written_at):%d-%m-%Y}", size=9)))
            for quote in cell.quotes:
                source = f"[{quote.number}] {quote.interview_title}"
                parts.append(paragraph(run(f"“{quote.text}”\n"), run(f"— {source}", size=9), style="Quote"))
    body = parse_xml(f'<w:body xmlns:w="{W}">{"".join(parts)}</w:body>')
    end = document.element.body.sectPr
    for element in list(body):
        end.addprevious(element)
    document.save(file)
