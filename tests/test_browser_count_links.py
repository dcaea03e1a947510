"""In Chromium: a researcher clicks a count in the codebook, an analysis and the coding panel, and lands on
exactly the passages behind it."""

import pytest
from analysis_study import build
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shown(page):
    count = page.locator("#retrieval-count")
    return int(count.get_attribute("data-passages")), int(count.get_attribute("data-interviews"))


def test_a_count_in_the_codebook_leads_to_its_passages(visit, viewer, project, themes, coder, owner):
    build(project, themes, coder, owner)
    page = visit(viewer, reverse("interviews:codebook", args=[project.slug]))
    page.get_by_role("link", name="met subthema's: 3 passages in 2 interviews").click()
    page.wait_for_url("**/passages/?subthemes=on")
    assert shown(page) == (3, 2)
    assert page.get_by_role("heading", level=1).inner_text().endswith("Passages met “knelpunten” en subthema's")


def test_a_cell_of_themes_by_characteristic_leads_to_exactly_its_passages(visit, viewer, project, themes, coder, owner):
    build(project, themes, coder, owner)
    page = visit(viewer, reverse("interviews:analysis_attribute", args=[project.slug]) + "?by=year")
    link = page.get_by_role("link", name="Passages met samenwerking in 2021: 1 int.; 2 pass.")
    link.click()
    page.wait_for_selector("#retrieval-count")
    assert shown(page) == (2, 1)
    assert "jaar: 2021" in page.locator("#count-filter").inner_text()
    titles = page.locator("ol.retrieval .retrieval-meta a").all_inner_texts()
    assert titles == ["Interview B", "Interview B"]


def test_the_coding_panel_links_each_theme_to_its_passages(visit, project, themes, coder, owner):
    cases, *_ = build(project, themes, coder, owner)
    page = visit(coder, cases["A"].get_absolute_url())
    page.wait_for_selector("article.transcript[data-ready]")
    page.get_by_role("link", name="Alle passages met financiering").click()
    page.wait_for_selector("#retrieval-count")
    assert shown(page) == (2, 2)
