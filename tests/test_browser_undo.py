"""Undo and redo by keyboard in a real browser (issue 13): code, recode, delete, undo three times, redo once;
then the stored passage, the page and the recorded actions agree. Fixtures: conftest.py (browser, open_page)
and the helpers of test_browser_coding.py."""

import pytest

from interviews.models import Action, Passage
from tests.test_browser_coding import drag_over, drawn, wait_saved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "een personeelstekort"


def wait_status(page, text):
    page.wait_for_function("(t) => document.getElementById('wb-status').textContent.includes(t)", arg=text)


def wait_themes(page, names):
    page.wait_for_function(
        "(n) => { const li = document.querySelector('#wb-list li'); return li && li.textContent.includes(n); }",
        arg=names,
    )


def test_code_recode_delete_then_three_undos_and_a_redo_by_keyboard(open_page, coder, interview, themes):
    page = open_page(coder, interview)
    drag_over(page, PHRASE)
    page.keyboard.press("2")  # knelpunten
    wait_saved(page, 1)
    page.keyboard.press("3")  # personeelstekort too, on the passage just coded
    wait_themes(page, "personeelstekort")
    pk = Passage.objects.get().pk
    page.locator(f"#p{pk}").focus()
    page.keyboard.press("Enter")
    page.locator("#wb-passage").get_by_role("button", name="Passage verwijderen", exact=True).click()
    wait_saved(page, 0)
    assert page.locator("#wb-status").get_by_role("button", name="Ongedaan maken").is_visible()

    page.keyboard.press("Control+z")
    wait_status(page, f"Ongedaan gemaakt: passage ‘{PHRASE}’ verwijderd.")
    wait_saved(page, 1)
    page.keyboard.press("Control+z")
    wait_status(page, f"Ongedaan gemaakt: thema ‘personeelstekort’ toegevoegd aan ‘{PHRASE}’.")
    assert [t.name for t in Passage.objects.get().themes.all()] == ["knelpunten"]
    page.keyboard.press("Control+z")
    wait_status(page, f"Ongedaan gemaakt: passage ‘{PHRASE}’ gecodeerd met ‘knelpunten’.")
    wait_saved(page, 0)
    assert not Passage.objects.exists()
    page.keyboard.press("Control+Shift+z")
    wait_status(page, f"Opnieuw gedaan: passage ‘{PHRASE}’ gecodeerd met ‘knelpunten’.")
    wait_saved(page, 1)

    stored = Passage.objects.get()
    assert stored.pk == pk and stored.text == PHRASE and interview.text[stored.start : stored.end] == PHRASE
    assert [t.name for t in stored.themes.all()] == ["knelpunten"]
    actions = list(Action.objects.filter(user=coder, interview=interview).order_by("pk"))
    assert [a.verb for a in actions] == ["create", "recode", "delete", "undo", "undo", "undo", "redo"]
    create, recode, delete, undo3, undo2, undo1, redo = actions
    assert [(u.reverts, u.before, u.after) for u in (undo3, undo2, undo1)] == [
        (delete, delete.after, delete.before),
        (recode, recode.after, recode.before),
        (create, create.after, create.before),
    ]
    assert redo.reverts == undo1 and redo.after == create.after == stored.snapshot()
    assert [a.undone_at is not None for a in actions] == [True, True, True, False, False, True, False]
    before = drawn(page)
    page.reload()
    page.wait_for_selector("article.transcript[data-ready]")
    assert drawn(page) == before, "the page draws after a reload what undo and redo drew"

    page.get_by_role("link", name="Activiteit").first.click()  # the interview's activity page says the same
    page.wait_for_selector("table tbody tr time")
    what = page.locator("table tbody tr td:nth-child(4)")
    shown = [what.nth(i).inner_text() for i in range(what.count())][::-1]  # the page is newest first
    assert len(shown) == len(actions)
    assert [text.startswith(a.sentence()) for a, text in zip(actions, shown)] == [True] * len(actions)
    assert [("ongedaan gemaakt" in text) for text in shown] == [a.undone_at is not None for a in actions]


def test_the_buttons_undo_and_redo_for_mouse_users_and_typing_keeps_its_own_ctrl_z(open_page, coder, interview, themes):
    page = open_page(coder, interview)
    drag_over(page, PHRASE)
    page.keyboard.press("1")
    wait_saved(page, 1)
    page.locator("#wb-filter").fill("samen")
    page.locator("#wb-filter").press("Control+z")  # the field's own undo, not the coding's
    page.get_by_role("button", name="Ongedaan maken", exact=True).click()
    # Saves run in order: had the field's Ctrl+Z undone the coding, the button would find nothing left.
    wait_status(page, f"Ongedaan gemaakt: passage ‘{PHRASE}’ gecodeerd")
    wait_saved(page, 0)
    assert Action.objects.filter(verb="undo").count() == 1
    page.get_by_role("button", name="Opnieuw", exact=True).click()
    wait_saved(page, 1)
    wait_status(page, "Opnieuw gedaan")
    assert Passage.objects.get().text == PHRASE
