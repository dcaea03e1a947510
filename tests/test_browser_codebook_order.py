"""Reordering the codebook in Chromium (issue 15): by keyboard (↑/↓, the focus stays) and by drag and drop among
siblings, saved on the server; and coding by dragging a text selection onto a theme in the coding panel."""

import pytest
from test_browser_coding import drag_over, wait_saved

from interviews.models import Action, Passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOWN = (
    "() => [...document.querySelectorAll('main > .theme-tree > li > .theme-row .theme-name')].map((e) => e.textContent)"
)


def roots(project):
    return [t.name for t in project.themes.in_tree_order() if t.parent_id is None]


@pytest.fixture
def codebook_page(visit, owner, project, themes):
    page = visit(owner, f"/p/{project.slug}/codeboek/")
    page.wait_for_load_state("networkidle")
    return page


def test_the_keyboard_moves_a_theme_down_and_keeps_the_focus(codebook_page, project, themes):
    page = codebook_page
    page.get_by_role("button", name="samenwerking omlaag").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('order-status').textContent.includes('plaats 2')")
    assert page.evaluate(SHOWN) == ["knelpunten", "samenwerking", "financiering"]
    assert roots(project) == ["knelpunten", "samenwerking", "financiering"]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "samenwerking omlaag"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('order-status').textContent.includes('plaats 3')")
    assert roots(project) == ["knelpunten", "financiering", "samenwerking"] == page.evaluate(SHOWN)
    page.reload()
    assert page.evaluate(SHOWN) == ["knelpunten", "financiering", "samenwerking"]
    assert Action.objects.filter(project=project, subject="theme").count() == 2


def test_dragging_a_theme_onto_a_sibling_puts_it_there(codebook_page, project, themes):
    page = codebook_page
    row = "#thema-{} > .theme-row"
    page.locator(row.format(themes["financiering"].pk)).drag_to(page.locator(row.format(themes["samenwerking"].pk)))
    page.wait_for_function("() => document.getElementById('order-status').textContent.includes('plaats 1')")
    assert roots(project) == ["financiering", "samenwerking", "knelpunten"] == page.evaluate(SHOWN)
    # a subtheme cannot be dropped among the main themes: nothing is sent, nothing changes
    page.locator(row.format(themes["personeelstekort"].pk)).drag_to(page.locator(row.format(themes["samenwerking"].pk)))
    assert roots(project) == ["financiering", "samenwerking", "knelpunten"]
    assert (
        themes["personeelstekort"].__class__.objects.get(pk=themes["personeelstekort"].pk).parent
        == themes["knelpunten"]
    )


def test_a_selection_dropped_on_a_theme_is_coded_with_it(open_page, coder, interview, themes):
    page = open_page(coder, interview)
    drag_over(page, "samenwerking in de coalitie")
    # the drop of the dragged selection (Chromium's own drag of selected text is not driven by Playwright)
    page.evaluate(
        """(name) => {
        const button = [...document.querySelectorAll('#wb-themes [data-theme]')]
          .find((b) => b.textContent.includes(name));
        const dataTransfer = new DataTransfer();
        dataTransfer.setData('text/plain', getSelection().toString());
        for (const type of ['dragenter', 'dragover', 'drop']) {
          button.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, cancelable: true }));
        }
      }""",
        "financiering",
    )
    wait_saved(page, 1)
    (passage,) = Passage.objects.filter(interview=interview)
    assert (passage.text, [t.name for t in passage.themes.all()]) == ("samenwerking in de coalitie", ["financiering"])
