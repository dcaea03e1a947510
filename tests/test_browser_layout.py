"""Layout of the coding page in Chromium, computed in the browser: the coding stripes (a fixed gutter, name tags that
never overlap) and wide pages that scroll in their own box instead of the page."""

import pytest
from conftest import code_phrase
from test_browser_coding import drag_over, municipalities, theme_button, wait_saved  # noqa: F401 (autouse)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRANSCRIPT_LEFT = "() => document.querySelector('article.transcript').getBoundingClientRect().left"
# The boxes of the visible name tags as [left, top, right, bottom]; every pair that intersects.
OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('.stripes .stripe-name')]
    .filter((tag) => !tag.hidden && tag.getClientRects().length)
    .map((tag) => {
      const r = tag.getBoundingClientRect();
      return [tag.textContent, r.left, r.top, r.right, r.bottom];
    });
  const hits = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (a[1] < b[3] && b[1] < a[3] && a[2] < b[4] && b[2] < a[4]) hits.push([a[0], b[0]]);
  }));
  return [boxes.length, hits];
}"""


def test_coding_four_overlapping_passages_leaves_the_transcript_where_it_was(open_page, coder, interview, themes):
    page = open_page(coder, interview)
    left = page.evaluate(TRANSCRIPT_LEFT)
    phrases = [
        ("samenwerking in de coalitie", "samenwerking"),
        ("de coalitie?\nWethouder: Goed", "knelpunten"),
        ("Goed! De coördinatie", "financiering"),
        ("coördinatie met de verloskundigen", "personeelstekort"),
    ]
    for count, (phrase, theme) in enumerate(phrases, start=1):
        drag_over(page, phrase)
        theme_button(page, theme).click()
        wait_saved(page, count)
        assert page.evaluate(TRANSCRIPT_LEFT) == left, f"the transcript moved after passage {count}"
    assert page.locator(".stripes .stripe").count() == 4


def test_name_tags_of_adjacent_passages_in_one_lane_do_not_overlap(open_page, coder, interview, themes):
    # one theme, so one lane: three passages a line or less apart, each tag would hang 9rem down
    for phrase in ["Hoe verloopt", "Goed! De coördinatie", "En de financiering", "Dat blijft"]:
        code_phrase(interview, coder, phrase, themes["samenwerking"])
    page = open_page(coder, interview)
    shown, overlaps = page.evaluate(OVERLAPS)
    assert shown >= 1 and overlaps == [], overlaps
    tops = page.evaluate("[...document.querySelectorAll('.stripes .stripe')].map((s) => s.style.left)")
    assert len(set(tops)) == 1, "one theme, one lane"
