"""Coding slips in Chromium (issue 15): after coding, the coding panel says which passage a theme goes to and
Escape closes it, so a typed theme never lands on the previous passage unseen; deleting a passage offers undo."""

import pytest
from test_browser_coding import drag_over, theme_button, wait_saved

from interviews.models import Passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_after_coding_the_panel_names_its_passage_and_escape_closes_it(open_page, coder, interview, themes):
    page = open_page(coder, interview)
    drag_over(page, "samenwerking in de coalitie")
    theme_button(page, "samenwerking").click()
    wait_saved(page, 1)
    target = page.locator("#wb-selection")
    assert page.locator("#wb-passage").is_visible()
    assert "open passage “samenwerking in de coalitie”" in target.inner_text()
    page.keyboard.press("Escape")
    assert page.locator("#wb-passage").is_hidden() and target.inner_text() == "Geen tekst geselecteerd."
    page.keyboard.press("2")  # a pinned theme with nothing open: an error in words, no coding
    page.wait_for_function("() => document.getElementById('wb-status').classList.contains('error')")
    assert "Selecteer eerst" in page.locator("#wb-status").inner_text()
    page.get_by_label("Thema zoeken of nieuw thema").fill("financiering")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('wb-status').textContent.includes('Selecteer eerst')")
    (passage,) = Passage.objects.filter(interview=interview)
    assert [t.name for t in passage.themes.all()] == ["samenwerking"]


def test_deleting_a_passage_offers_undo_which_brings_it_back(open_page, coder, passage, themes):
    page = open_page(coder, passage.interview)
    page.locator(f"#p{passage.pk}").click()
    page.get_by_role("button", name="Passage verwijderen", exact=True).click()
    wait_saved(page, 0)
    assert not Passage.objects.filter(pk=passage.pk).exists()
    page.locator("#wb-status").get_by_role("button", name="Ongedaan maken").click()
    wait_saved(page, 1)
    (back,) = Passage.objects.filter(interview=passage.interview)
    assert (back.text, [t.name for t in back.themes.all()]) == (passage.text, ["samenwerking"])
    assert passage.interview.text[back.start : back.end] == back.text
