"""The agreement page in Chromium: the tables sort by keyboard (a column heading's button, Enter or Space, again
for the other way), aria-sort says the order, and an undefined figure says why in its row's reading.
AGREEMENT_SCREENSHOT=path.png keeps a picture of the page (1440 × 900)."""

import os
from urllib.parse import urlencode

import pytest
from agreement_study import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tables_sort_by_keyboard_and_undefined_figures_say_why(browser, live_server, client, project, owner):
    coders, _interviews, _themes = build(project, owner)
    client.force_login(owner)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    query = urlencode({"coders": [user.pk for user in coders]}, doseq=True)
    page.goto(f"{live_server.url}/p/{project.slug}/overeenstemming/?{query}")
    if os.environ.get("AGREEMENT_SCREENSHOT"):
        page.screenshot(path=os.environ["AGREEMENT_SCREENSHOT"])
        page.screenshot(path=os.environ["AGREEMENT_SCREENSHOT"].replace(".png", "-full.png"), full_page=True)
    table = page.locator("table.sortable").nth(1)  # per unit
    names = table.locator("tbody th")
    assert [n.strip() for n in names.all_inner_texts()] == ["zorg", "wonen"]  # codebook order
    alpha = table.get_by_role("button", name="α nominaal")
    alpha.focus()
    page.keyboard.press("Enter")  # ascending: wonen's α is undefined and sorts last, so zorg first
    assert table.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert [n.strip() for n in names.all_inner_texts()] == ["zorg", "wonen"]
    theme = table.get_by_role("button", name="Thema")
    theme.focus()
    page.keyboard.press("Enter")
    assert [n.strip() for n in names.all_inner_texts()] == ["wonen", "zorg"]
    page.keyboard.press("Space")
    assert [n.strip() for n in names.all_inner_texts()] == ["zorg", "wonen"]
    assert table.locator("th[aria-sort]").get_attribute("aria-sort") == "descending"
    row = table.locator("tbody tr", has_text="wonen")
    undefined, said = row.locator("td").nth(2), row.locator("td").last
    assert undefined.inner_text() == "niet te berekenen" and "dezelfde waarde" in undefined.get_attribute("title")
    assert said.inner_text().startswith("geen oordeel: Alle codeurs gaven overal dezelfde waarde")
    assert not errors, errors
    context.close()
