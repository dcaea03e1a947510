"""The theme summary's four renderings: DOCX (word.py), XLSX (spreadsheets.py), Markdown and HTML (a template).

Each takes a summary.Summary and writes to a binary file object.
"""

import re

from django.template.loader import render_to_string

from . import spreadsheets, word

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md(text):
    """Text that Markdown shows as typed: special characters escaped (so '<script>' stays text)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def summary_markdown(summary):
    """The summary as a Markdown document (str)."""
    lines = [f"# Themasamenvatting: {md(summary.project.name)}", "", md(summary.intro), ""]
    for item in summary.themes:
        lines += [
            f"{'#' * min(item.theme.depth + 2, 6)} {md(item.theme.name)}",
            "",
            f"*{md(item.theme.definition)}*" if item.theme.definition else "*Geen definitie.*",
            "",
            item.counts_text,
            "",
        ]
        for label, rows in item.tables:
            lines += [f"| {label} | passages | interviews |", "|---|---:|---:|"]
            lines += [f"| {md(name)} | {p} | {i} |" for name, p, i in rows] + [""]
        for quote in item.quotes:
            lines += ["> " + md(line) for line in quote.text.split("\n")]
            lines += [">", f"> — {md(quote.attribution)}" + (" (representatief)" if quote.starred else ""), ""]
        for memo in item.memos:
            lines += [
                f"**Memo: {md(memo.title)}** ({md(memo.author.username)}, {memo.created_at:%d-%m-%Y})",
                "",
                md(memo.text),
                "",
            ]
    return "\n".join(lines)


SUMMARY_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def write_summary_file(summary, fmt, file, pictures=()):
    """The summary as .docx, .xlsx, .md or .html (a key of SUMMARY_FORMATS) into a binary file object;
    `pictures` (charts.Chart) go into the Word document."""
    if fmt == "docx":
        word.write_summary(summary, file, pictures)
    elif fmt == "xlsx":
        spreadsheets.write_xlsx(file, spreadsheets.summary_sheets(summary))
    elif fmt == "md":
        file.write(summary_markdown(summary).encode("utf-8"))
    else:
        file.write(render_to_string("interviews/summary_document.html", {"summary": summary}).encode("utf-8"))
