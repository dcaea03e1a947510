"""The activity page in Chromium: what a coder did in the browser shows as readable rows, and a row's passage link
opens the interview at that passage. ACTIVITY_SCREENSHOT=path.png keeps a picture of the page."""

import os

import pytest
from conftest import code_phrase

from interviews.models import Action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_activity_page_reads_well_and_links_to_the_passage(
    browser, live_server, client, project, interview, themes, owner, coder
):
    passage = code_phrase(interview, coder, "samenwerking in de coalitie", themes["samenwerking"])
    Action.record(
        project, coder, "passage", "create", subject_id=passage.pk, label=passage.text, interview=interview,
        after={"start": passage.start, "end": passage.end, "themes": [themes["samenwerking"].pk]},
    )  # fmt: skip
    client.force_login(owner)
    edit = f"/p/{project.slug}/codeboek/{themes['knelpunten'].pk}/"
    client.post(edit, {"name": "knelpunten in de zorg", "colour": "#eb5757", "order": 2, "definition": "Wat stokt."})
    context = browser.new_context(viewport={"width": 1300, "height": 800})
    cookie = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/p/{project.slug}/activiteit/")
    rows = page.locator("table.activity tbody tr")
    assert rows.count() == 2
    assert "wijzigde thema “knelpunten in de zorg”" in rows.nth(0).inner_text()
    assert "knelpunten → knelpunten in de zorg" in rows.nth(0).inner_text()
    coded = rows.nth(1).inner_text()
    assert "cees" in coded and "maakte passage" in coded and "thema's: — → samenwerking" in coded
    if os.environ.get("ACTIVITY_SCREENSHOT"):
        page.screenshot(path=os.environ["ACTIVITY_SCREENSHOT"], full_page=True)
    page.get_by_role("link", name="naar de passage").click()
    page.wait_for_url(f"**/interviews/{interview.pk}/#p{passage.pk}")
    assert not errors, errors
    context.close()
