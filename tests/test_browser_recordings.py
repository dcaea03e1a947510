"""The recording beside the transcript in Chromium (issue 18): put up through the page, played from a passage, the
turn being heard highlighted in the text, speed and keys, and a turn's time refused out of order."""

import pytest
from conftest import code_phrase
from django.urls import reverse

from interviews.demo import RECORDINGS, add_interview, study
from interviews.models import Recording, Segment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDE = next(spec for spec in study.INTERVIEWS if spec[0] in study.RECORDINGS)
PLAYING = "document.querySelector('article.transcript').dataset.playing"  # the turn being heard


def test_a_coder_puts_up_the_recording_and_plays_it_from_a_passage(visit, open_page, coder, owner, project, themes):
    interview = add_interview(project, EDE, owner)
    passage = code_phrase(interview, coder, "Het personeelstekort.", themes["personeelstekort"])
    turn = Segment.objects.get(interview=interview, kind="turn", start__lte=passage.start, end__gte=passage.end)

    page = visit(coder, reverse("interviews:recording_upload", args=[project.slug, interview.pk]))
    page.set_input_files("input[type=file]", str(RECORDINGS / study.RECORDINGS[EDE[0]]))
    page.get_by_role("button", name="Opname opslaan").click()
    page.wait_for_selector("article.transcript[data-ready]")
    assert Recording.objects.get(interview=interview).kind == "audio"
    media = page.locator("#wb-media")
    assert media.is_visible() and page.locator("#wb-turn-times li").count() == 10

    page.locator(f"#p{passage.pk}").first.click()  # open the passage, then play from it
    page.get_by_role("button", name="▶ Vanaf de open passage").click()
    page.wait_for_function(f"() => {PLAYING} === '{turn.pk}'", timeout=10000)
    assert page.evaluate("() => !document.getElementById('wb-media').paused")
    assert page.evaluate("document.getElementById('wb-media').currentTime") >= turn.time_start / 1000
    assert page.evaluate("CSS.highlights.get('wb-playing').values().next().value.toString()").startswith(
        "[00:00:19] Wijkcoach: Het personeelstekort."
    )
    assert page.locator(f'#wb-turn-times li[data-turn="{turn.pk}"]').get_attribute("aria-current") == "true"
    page.select_option("#wb-speed", "1.5")
    assert page.evaluate("document.getElementById('wb-media').playbackRate") == 1.5
    page.keyboard.press("Alt+K")
    page.wait_for_function("() => document.getElementById('wb-media').paused")

    first = page.locator("#wb-turn-times li").first  # its time set now, after later turns': refused, said why
    page.locator("details.wb-turn-list summary").click()
    first.get_by_role("button", name="hier").click()
    page.wait_for_function("() => document.getElementById('wb-status').textContent.includes('latere beurt')")
    assert Segment.objects.filter(interview=interview, kind="turn").order_by("start").first().time_start == 0
