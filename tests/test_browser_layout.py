"""Layout of the coding page in Chromium, computed in the browser: the coding stripes (a fixed gutter, name tags that
never overlap) and wide pages that scroll in their own box instead of the page."""

import pytest
from conftest import code_phrase
from test_browser_coding import drag_over, theme_button, wait_saved

from interviews.models import Theme

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


# The theme rows wholly inside the theme list's box, the rows whose name is cut, and the coding panel's box.
PANEL = """() => {
  const list = document.getElementById('wb-themes').getBoundingClientRect();
  const rows = [...document.querySelectorAll('#wb-themes li')].map((li) => li.getBoundingClientRect());
  const over = (e) => e.scrollWidth > e.clientWidth;
  const cut = [...document.querySelectorAll('#wb-themes .wb-theme')]
    .filter((b) => over(b) || over(b.querySelector('.wb-name')))
    .map((b) => [b.querySelector('.wb-name').textContent, b.title]);
  const tools = document.getElementById('wb-tools');
  const box = tools.getBoundingClientRect();
  return { visible: rows.filter((r) => r.top >= list.top - 1 && r.bottom <= list.bottom + 1).length, cut,
    top: box.top, bottom: box.bottom, height: innerHeight, scrolls: getComputedStyle(tools).overflowY };
}"""


LONG_WORD = "gezondheidsachterstandenbestrijdingsprogramma"


def test_the_coding_panel_shows_many_themes_whole_with_counts_and_fits_the_screen(
    open_page, coder, project, interview, themes
):
    for n in range(12):  # sixteen themes, as in the demo; some with long names that must wrap between words
        name = f"thema {n} over domeinoverstijgend samenwerken" if n % 3 == 0 else f"thema {n}"
        Theme.objects.create(project=project, name=name, order=10 + n)
    Theme.objects.create(project=project, name=LONG_WORD, order=30)  # wider than the panel: cut, with a title
    code_phrase(interview, coder, "samenwerking in de coalitie", themes["samenwerking"])
    code_phrase(interview, coder, "Goed! De coördinatie", themes["samenwerking"])
    page = open_page(coder, interview)
    page.set_viewport_size({"width": 1440, "height": 900})
    panel = page.evaluate(PANEL)
    assert panel["visible"] >= 10 and panel["cut"] == [[LONG_WORD, LONG_WORD]], panel
    assert count_of(page, "samenwerking").inner_text() == "2"  # passages with the theme in this interview
    assert count_of(page, "financiering").count() == 0

    page.locator(".hl").first.click()  # the passage panel opens below the themes
    page.wait_for_selector("#wb-passage:not([hidden])")
    page.evaluate("scrollTo(0, 400)")  # the panel sticks to the top of the window
    panel = page.evaluate(PANEL)
    assert panel["top"] >= 0 and panel["bottom"] <= panel["height"] and panel["scrolls"] == "auto", panel
    assert panel["visible"] >= 5, panel

    page.keyboard.press("Escape")
    drag_over(page, "Dat blijft")
    theme_button(page, "financiering").click()
    wait_saved(page, 3)
    assert count_of(page, "financiering").inner_text() == "1"
    page.keyboard.press("Escape")
    page.set_viewport_size({"width": 1024, "height": 768})  # a narrow panel: a word too long ends in …, titled
    cut = page.evaluate(PANEL)["cut"]
    assert cut and all(title.startswith(name) for name, title in cut), cut


def count_of(page, theme):
    return page.locator("#wb-themes li").filter(has=theme_button(page, theme)).locator(".wb-n")
