"""The disagreement review of the demo's closed round in Chromium: three disagreements settled by keyboard, each
stored as a consensus passage whose text is exactly its span of the interview. REVIEW_SCREENSHOT=dir keeps
pictures of the page before and after."""

import os
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse

from interviews.demo.rounds import ROUND_NAME
from interviews.models import CodingRound, ConsensusDecision, Passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page, name):
    folder = os.environ.get("REVIEW_SCREENSHOT")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def test_three_disagreements_are_settled_by_keyboard_with_exact_consensus_text(browser, live_server, client):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (the command writes its summary)
    coding_round = CodingRound.objects.get(name=ROUND_NAME)
    interview = coding_round.interviews.order_by("title").first()
    client.force_login(coding_round.created_by)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    first = coding_round.coders.order_by("username").first()
    compared = urlencode({"coders": [first.pk, coding_round.consensus_coder.pk], "interviews": interview.pk}, True)
    agreement = f"{live_server.url}{reverse('interviews:agreement', args=['demo'])}?{compared}"
    page.goto(agreement)  # the first coder against the consensus, before anything is settled
    before = page.locator(".agreement-summary").first.inner_text()
    page.goto(f"{live_server.url}/p/demo/rondes/{coding_round.pk}/interviews/{interview.pk}/")
    items = page.locator(".rv-item")
    assert items.count() >= 3
    shoot(page, "review-before.png")
    for n in range(3):
        page.keyboard.press("n")
        page.wait_for_selector(".rv-item.now:not(.done)")  # n goes to the next open disagreement
        assert page.locator(".rv-text .rd.now").count() >= 1  # the stretch is marked in the transcript too
        key = "b" if page.locator(".rv-item.now [data-key='b']").count() else "a"
        with page.expect_navigation():
            page.keyboard.press(key)
        assert page.locator(".rv-item.done").count() == n + 1
    shoot(page, "review-after.png")
    page.goto(agreement)
    after = page.locator(".agreement-summary").first.inner_text()
    assert "Cohen's κ" in before and after != before  # the figures follow the decisions (κ 0,000 → 0,304)
    decisions = ConsensusDecision.objects.filter(round=coding_round, interview=interview)
    assert decisions.count() == 3 and {d.decided_by for d in decisions} == {coding_round.created_by}
    made = Passage.objects.filter(coder=coding_round.consensus_coder, interview=interview)
    assert made.exists()
    for passage in made:
        assert interview.text[passage.start : passage.end] == passage.text
    if os.environ.get("REVIEW_SCREENSHOT"):  # the round pages too, to look at
        page.goto(f"{live_server.url}/p/demo/rondes/")
        shoot(page, "round-list.png")
        page.goto(f"{live_server.url}/p/demo/rondes/nieuw/")
        page.locator("button[type=submit]", has_text="Ronde starten").click()
        shoot(page, "round-form-errors.png")
    context.close()
