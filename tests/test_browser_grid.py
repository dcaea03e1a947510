"""The summary grid on the demo in Chromium (issue 19): a coder makes a grid of municipalities × three themes, fills
three cells with a summary and the quotes it rests on, and exports it as DOCX, whose quotes are the passages' text
exactly. GRID_SCREENSHOTS=dir keeps pictures of the grid at 1280 px and at 700 px."""

import io
import os
from pathlib import Path

import docx
import pytest
from django.core.management import call_command

from interviews.models import GridCell, Passage, SummaryGrid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
THEMES = ["samenwerking", "knelpunten", "financiering"]


def shoot(page, name):
    if folder := os.environ.get("GRID_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=False)


def test_a_coder_fills_three_cells_of_a_grid_and_exports_them_as_docx(visit):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (the command writes its summary)
    sanne = (
        Passage.objects.filter(interview__project__slug="demo")
        .first()
        .interview.project.memberships.get(user__username="sanne")
    )
    page = visit(sanne.user, "/p/demo/analyse/", 1280, 900)
    page.get_by_role("link", name="Samenvattingstabellen").click()
    shoot(page, "list-1280")
    page.get_by_label("Naam", exact=True).fill("Synthese per gemeente")
    page.get_by_label("gemeenten").check()
    for name in THEMES:
        page.locator(".grid-themes label", has_text=name).first.locator("input").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Tabel maken").click()
    grid = SummaryGrid.objects.get(name="Synthese per gemeente")
    assert page.locator("table.summary-grid thead th").count() == 1 + len(THEMES)
    filled = []
    for n in range(3):
        page.locator("td.open a", has_text="samenvatting schrijven").first.click()
        page.get_by_label("Samenvatting").fill(f"Samenvatting {n + 1}: zie [1].")
        if n == 2:
            shoot(page, "cell-1280")
        page.locator("ol.grid-choices input[type=checkbox]").first.check()
        with page.expect_navigation():
            page.get_by_role("button", name="Opslaan").click()
        assert "#cel-" in page.url
        filled.append(GridCell.objects.filter(grid=grid).order_by("-written_at").first())
    assert f"3 van {len(THEMES) * page.locator('table.summary-grid tbody tr').count()} cellen" in page.inner_text(
        ".grid-facts"
    )
    assert page.locator("td.filled .grid-summary a", has_text="[1]").count() == 3
    page.goto(page.url.split("#")[0])
    shoot(page, "grid-1280")
    page.set_viewport_size({"width": 700, "height": 900})
    shoot(page, "grid-700")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        "the box scrolls, not the page"
    )

    with page.expect_download() as download:
        page.get_by_role("link", name="Download Word (.docx)").click()
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert len({cell.pk for cell in filled}) == 3
    for cell in filled:
        quote = cell.quotes.get()
        assert quote.interview.text[quote.start : quote.end] == quote.text
        assert f"“{quote.text}”\n— [1] {quote.interview.title}" in texts
        assert cell.summary in texts
