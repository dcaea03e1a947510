"""Real transcript files for the import tests, each written by the library that writes its format."""

import io
import zipfile
from datetime import timedelta

import docx
import openpyxl
import srt
import webvtt
from fpdf import FPDF
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.text import H, P, Span


def docx_bytes(paragraphs):
    """A Word file: each paragraph a string, or (bold label, rest) for a bold speaker name."""
    document = docx.Document()
    for paragraph in paragraphs:
        if isinstance(paragraph, tuple):
            p = document.add_paragraph()
            p.add_run(paragraph[0]).bold = True
            p.add_run(paragraph[1])
        else:
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(heading, paragraphs):
    """An OpenDocument text: each paragraph a string, or (bold label, rest) with the label in a bold style
    (an automatic style, as LibreOffice writes for Ctrl+B)."""
    document = OpenDocumentText()
    bold = Style(name="T1", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    document.text.addElement(H(outlinelevel=1, text=heading))
    for paragraph in paragraphs:
        if isinstance(paragraph, tuple):
            p = P()
            p.addElement(Span(stylename=bold, text=paragraph[0]))
            p.addText(paragraph[1])
            document.text.addElement(p)
        else:
            document.text.addElement(P(text=paragraph))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines=(), password=None):
    """A PDF with a text layer (lines), or without one (no lines: a drawn rectangle, as a scan has no text)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    if lines:
        pdf.multi_cell(0, 8, "\n".join(lines))
    else:
        pdf.rect(10, 10, 120, 160, style="F")
    if password:
        pdf.set_encryption(owner_password="eigenaar", user_password=password)
    return bytes(pdf.output())


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bytes(files, compression=zipfile.ZIP_DEFLATED):
    """A zip of {name: bytes}; names are written as given (so ../ and absolute paths can be tested)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def vtt_bytes(cues):
    """WebVTT written by webvtt-py: cues are (start, end, text) with times as 00:00:01.000."""
    document = webvtt.WebVTT()
    for start, end, text in cues:
        document.captions.append(webvtt.Caption(start, end, text))
    return document.content.encode()


def srt_bytes(cues):
    """SubRip written by the srt library: cues are (start seconds, end seconds, text)."""
    subtitles = [
        srt.Subtitle(n, timedelta(seconds=start), timedelta(seconds=end), text)
        for n, (start, end, text) in enumerate(cues, start=1)
    ]
    return srt.compose(subtitles).encode()
