"""The coding workbench by keyboard alone (issue 20): Tab to the transcript, select a phrase with Shift+arrows, code it,
remove a theme and write a memo, never touching the mouse; each step is announced in a live region (what a screen
reader says), and the database has what the keys did."""

import pytest

from interviews.models import Passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The text of the nearest live region around an element (aria-live other than "off", or role status/alert).
LIVE_TEXT = """(selector) => {
  const el = document.querySelector(selector);
  const live = el && el.closest('[aria-live]:not([aria-live=off]), [role=status], [role=alert]');
  return live ? live.textContent : null;
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  return [el.id, el.className, el.getAttribute('aria-label') || el.textContent.slice(0, 40)].join(' | ');
}"""

# The focused element's accessible description (aria-describedby) holds every word.
DESCRIBED = """(words) => {
  const ids = (document.activeElement.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  const text = ids.map((id) => document.getElementById(id)?.textContent || '').join(' ');
  return words.every((w) => text.includes(w));
}"""


def tab_to(page, predicate, limit=80):
    """Press Tab until the focused element satisfies the JS `predicate` (of the element); fails after `limit`."""
    for _ in range(limit):
        if page.evaluate(f"(({predicate}))(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {predicate}; focus ended on {page.evaluate(FOCUSED)}")


def announced(page, selector, words):
    page.wait_for_function(
        f"(words) => words.every((w) => (({LIVE_TEXT}))({selector!r})?.includes(w))", arg=words, timeout=5000
    )


def test_a_passage_is_coded_a_theme_removed_and_a_memo_written_by_keyboard_alone(open_page, coder, interview, themes):
    page = open_page(coder, interview)
    page.mouse.move(0, 0)  # out of the way: nothing below is done with it
    tab_to(page, "(el) => el.matches('article.transcript')")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "no visible focus"

    # "Interviewer: Hoe verloopt de samenwerking…": five words on, then select the next one
    for _ in range(5):
        page.keyboard.press("Control+ArrowRight")
    page.keyboard.press("Control+Shift+ArrowRight")
    announced(page, "#wb-selection", ["Selectie", "samenwerking"])

    page.keyboard.press("/")  # to the theme filter: type a name, Enter codes the selection with it
    assert page.evaluate("document.activeElement.id") == "wb-filter"
    page.keyboard.type("samenwerking")
    page.keyboard.press("Enter")
    announced(page, "#wb-status", ["gecodeerd", "samenwerking"])
    passage = Passage.objects.get(interview=interview, coder=coder)
    assert passage.text.strip() == "samenwerking"

    page.keyboard.press("Escape")  # empties the filter; a second Escape goes back to the transcript
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('article.transcript')")
    page.keyboard.press("2")  # the second pinned theme goes to the passage just coded, which is open
    announced(page, "#wb-status", ["knelpunten"])
    assert {t.name for t in passage.themes.all()} == {"samenwerking", "knelpunten"}

    tab_to(page, "(el) => /^Thema samenwerking van deze passage verwijderen$/.test(el.getAttribute('aria-label'))")
    page.keyboard.press("Enter")
    announced(page, "#wb-status", ["Thema verwijderd", "knelpunten"])
    assert [t.name for t in passage.themes.all()] == ["knelpunten"]

    tab_to(page, "(el) => el.id === 'wb-memo'")
    page.keyboard.type("Noemt de coalitie, niet de wijkteams.")
    tab_to(page, "(el) => el.dataset.act === 'memo'")
    page.keyboard.press("Enter")
    announced(page, "#wb-status", ["Memo opgeslagen"])
    passage.refresh_from_db()
    assert passage.memo == "Noemt de coalitie, niet de wijkteams."

    # Escape closes the passage and gives the focus back to its mark, which a screen reader describes by its tooltip
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('.transcript .hl')"), page.evaluate(FOCUSED)
    page.wait_for_function(DESCRIBED, arg=["knelpunten", coder.username])
