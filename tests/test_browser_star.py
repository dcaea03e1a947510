"""Starring passages on the coding page in Chromium: in place, without a reload, and refused to a viewer."""

import pytest
from django.urls import reverse

from interviews.models import Passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def star_in_list(page, passage):
    return page.locator(f'#wb-list li[data-passage="{passage.pk}"] .wb-star')


def test_a_coder_stars_from_the_list_and_the_panel_without_losing_the_page(open_page, coder, owner, passage):
    theirs = Passage.select(passage.interview, owner, 0, 11)
    theirs.save()
    page = open_page(coder, passage.interview, "?coder=olga")
    page.evaluate("window.kept = true")  # gone if the page were loaded again
    button = star_in_list(page, theirs)
    assert button.get_attribute("aria-pressed") == "false" and button.inner_text() == "☆ ster"
    button.click()
    page.wait_for_function(
        "(id) => document.querySelector(`#wb-list li[data-passage='${id}'] .wb-star`)"
        ".getAttribute('aria-pressed') === 'true'",
        arg=theirs.pk,
    )
    assert Passage.objects.get(pk=theirs.pk).starred, "a colleague's passage may be starred too"
    assert page.evaluate("window.kept") and page.url.endswith("?coder=olga")
    assert "Ster gegeven aan “Interviewer”" in page.locator("#wb-status").inner_text()
    assert page.evaluate("document.activeElement.classList.contains('wb-star')"), "focus stays on the star"

    page.locator(f"#p{theirs.pk}").click()
    panel_star = page.locator("#wb-passage .wb-star")
    assert panel_star.get_attribute("aria-pressed") == "true"
    panel_star.click()
    page.wait_for_function(
        "() => document.querySelector('#wb-passage .wb-star').getAttribute('aria-pressed') === 'false'"
    )
    assert not Passage.objects.get(pk=theirs.pk).starred and page.evaluate("window.kept")
    assert star_in_list(page, theirs).get_attribute("aria-pressed") == "false"

    page.reload()
    page.wait_for_selector("article.transcript[data-ready]")
    assert star_in_list(page, theirs).get_attribute("aria-pressed") == "false"


def test_a_viewer_sees_stars_as_text_and_cannot_post_one(open_page, viewer, passage):
    Passage.objects.filter(pk=passage.pk).update(starred=True)
    page = open_page(viewer, passage.interview)
    assert page.locator(".wb-star, #wb-star-form").count() == 0
    assert "★ ster" in page.locator(f'#wb-list li[data-passage="{passage.pk}"]').inner_text()
    url = reverse("interviews:passage_set_star", args=[passage.interview.project.slug, passage.pk])
    status = page.evaluate(
        """async (url) => {
        const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
        const response = await fetch(url, {method: "POST", headers: {Accept: "application/json", "X-CSRFToken": token},
                                           body: new URLSearchParams({starred: "0"})});
        return response.status;
    }""",
        url,
    )
    assert status == 403 and Passage.objects.get().starred
