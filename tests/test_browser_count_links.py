"""In Chromium: a researcher clicks a count in the codebook, an analysis and the coding panel, and lands on
exactly the passages behind it."""

import pytest
from analysis_study import build
from django.conf import settings
from django.urls import reverse
from test_browser_coding import municipalities  # noqa: F401 (autouse: the data migration's rows again)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page_as(browser, live_server, client):
    """page_as(user, path) → a Playwright page (1440×900) on `path`, logged in."""
    contexts = []

    def open_as(user, path):
        client.force_login(user)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        contexts.append(context)
        cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
        context.add_cookies([{**cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + path)
        return page

    yield open_as
    for context in contexts:
        context.close()


def shown(page):
    count = page.locator("#retrieval-count")
    return int(count.get_attribute("data-passages")), int(count.get_attribute("data-interviews"))


def test_a_count_in_the_codebook_leads_to_its_passages(page_as, viewer, project, themes, coder, owner):
    build(project, themes, coder, owner)
    page = page_as(viewer, reverse("interviews:codebook", args=[project.slug]))
    page.get_by_role("link", name="met subthema's: 3 passages in 2 interviews").click()
    page.wait_for_url("**/passages/?subthemes=on")
    assert shown(page) == (3, 2)
    assert page.get_by_role("heading", level=1).inner_text().endswith("Passages met “knelpunten” en subthema's")


def test_a_cell_of_themes_by_characteristic_leads_to_exactly_its_passages(
    page_as, viewer, project, themes, coder, owner
):
    build(project, themes, coder, owner)
    page = page_as(viewer, reverse("interviews:analysis_attribute", args=[project.slug]) + "?by=year")
    link = page.get_by_role("link", name="Passages met samenwerking in 2021: 1 int.; 2 pass.")
    link.click()
    page.wait_for_selector("#retrieval-count")
    assert shown(page) == (2, 1)
    assert "jaar: 2021" in page.locator("#count-filter").inner_text()
    titles = page.locator("ol.retrieval .retrieval-meta a").all_inner_texts()
    assert titles == ["Interview B", "Interview B"]


def test_the_coding_panel_links_each_theme_to_its_passages(page_as, project, themes, coder, owner):
    cases, *_ = build(project, themes, coder, owner)
    page = page_as(coder, cases["A"].get_absolute_url())
    page.wait_for_selector("article.transcript[data-ready]")
    page.get_by_role("link", name="Alle passages met financiering").click()
    page.wait_for_selector("#retrieval-count")
    assert shown(page) == (2, 2)
