"""Correcting a coded transcript in Chromium (issue 18): fix a typo inside a coded passage and one outside any by
typing, see the preview, save, reload; the passages cover the same words and one waits for review. A workbench
open meanwhile is told the text changed and cannot code into moved words."""

import pytest
from conftest import code_phrase
from django.urls import reverse
from test_browser_coding import drawn

from interviews.models import Passage, TextVersion
from interviews.transcripts.pipeline import create_interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Interviewer: Hoe loopt de samenwerking met de verloskundigen?\n"
    "Wethouder: Goed 🤝, al is er een personeelstekrot bij de jeugdgezondheidszorg.\n"
    "Interviewer: En de financiring?\n"
    "Wethouder: Die is tot 2026 geregeld, daarna weten we het niet."
)


def type_over(page, wrong, right):
    """Select `wrong` in the correction's text box and type `right` over it, as a researcher does."""
    page.evaluate(
        """([wrong]) => { const box = document.querySelector("textarea[name=text]"); box.focus();
        const at = box.value.indexOf(wrong); box.setSelectionRange(at, at + wrong.length); }""",
        [wrong],
    )
    page.keyboard.type(right)


def test_a_coder_fixes_two_typos_sees_the_preview_and_the_passages_keep_their_words(
    visit, open_page, client, coder, owner, project, themes
):
    interview = create_interview(project, "Ede, wethouder", TEXT, created_by=owner)
    inside = code_phrase(
        interview, coder, "een personeelstekrot bij de jeugdgezondheidszorg", themes["personeelstekort"]
    )
    later = code_phrase(interview, coder, "Die is tot 2026 geregeld", themes["financiering"])
    workbench = open_page(owner, interview)  # a colleague has the interview open meanwhile
    client.cookies.clear()  # a session of the coder's own: logging in on the owner's would end it

    page = visit(coder, reverse("interviews:text_correct", args=[project.slug, interview.pk]))
    type_over(page, "personeelstekrot", "personeelstekort")
    type_over(page, "financiring", "financiering")
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    preview = page.locator(".correction-preview")
    preview.wait_for()
    assert preview.locator("ol.diff li").count() == 2
    assert preview.locator("ol.diff del").all_inner_texts() == ["personeelstekrot", "financiring"]
    assert preview.locator("ol.diff ins").all_inner_texts() == ["personeelstekort", "financiering"]
    assert "Passages waarin iets verandert" in preview.inner_text()
    page.get_by_role("button", name="Correctie opslaan").click()
    page.wait_for_selector("article.transcript[data-ready]")
    assert "Versie 2 van de tekst is opgeslagen" in page.locator(".messages").inner_text()

    page.reload()
    page.wait_for_selector("article.transcript[data-ready]")
    interview.refresh_from_db()
    assert "personeelstekort" in interview.text and "financiering?" in interview.text
    shown = {}
    for text, ids in drawn(page):
        for pk in ids.split():
            shown[int(pk)] = shown.get(int(pk), "") + text
    inside.refresh_from_db(), later.refresh_from_db()
    assert shown[inside.pk] == inside.text == "een personeelstekort bij de jeugdgezondheidszorg"
    assert shown[later.pk] == later.text == "Die is tot 2026 geregeld"
    assert interview.text[later.start : later.end] == later.text
    assert (inside.before_edit, later.before_edit) == ("een personeelstekrot bij de jeugdgezondheidszorg", "")

    page.get_by_role("link", name="Versies van de tekst").click()
    rows = page.locator("table.versions").first.locator("tbody tr")
    assert rows.count() == 1 and "personeelstekrot" in rows.inner_text()
    rows.get_by_role("button", name="Nagekeken").click()
    page.wait_for_selector("text=Geen passages om na te kijken.")
    assert Passage.objects.get(pk=inside.pk).before_edit == ""
    assert TextVersion.objects.filter(interview=interview).count() == 2

    workbench.wait_for_function("() => document.querySelector('#wb-live').textContent.includes('gecorrigeerd')")
    assert workbench.get_by_role("link", name="laad de pagina opnieuw").is_visible()
