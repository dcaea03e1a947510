"""The researcher's day in Chromium (issue 15): checkboxes beside their labels, the joint display's filterable
indicator list, the search mode kept after search-and-code, the interview list sorted and marked.

Set SCREENSHOTS=dir to keep a 1440×900 picture of each page looked at."""

import os
from pathlib import Path

import pytest
from conftest import code_phrase

from interviews.models import Interview, InterviewProgress
from interviews.transcripts.pipeline import create_interview
from monitor.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def picture(page, name):
    if folder := os.environ.get("SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def beside(page, box_id):
    """(checkbox box, label box) of a checkbox and its label."""
    box = page.locator(f"#{box_id}").bounding_box()
    label = page.locator(f'label[for="{box_id}"]').bounding_box()
    return box, label


def assert_on_one_line(box, label):
    middle = box["y"] + box["height"] / 2
    assert label["y"] <= middle <= label["y"] + label["height"], (box, label)
    assert box["x"] + box["width"] <= label["x"], "the box comes first, then its label"


def test_pseudonymise_checkboxes_sit_beside_their_labels(visit, coder, owner, project):
    page = visit(coder, f"/p/{project.slug}/interviews/uploaden/")
    assert_on_one_line(*beside(page, "id_pseudonymise"))
    help_box = page.locator("#id_pseudonymise_helptext").bounding_box()
    assert help_box["y"] >= page.locator("#id_pseudonymise").bounding_box()["y"] + 10, "help text under the box"
    page.locator("#pseudonym-scope summary").click()
    assert "Niet gevonden" in page.locator("#pseudonym-scope").inner_text()
    picture(page, "upload")
    page = visit(owner, f"/p/{project.slug}/rapport/")
    assert_on_one_line(*beside(page, "id_pseudonymise"))
    picture(page, "reports")


def test_the_joint_display_indicators_are_a_filterable_checkbox_list(visit, viewer, project):
    Indicator.objects.create(code="borstvoeding", name="Borstvoeding na 3 maanden", value_type="percentage")
    Indicator.objects.create(code="coalitie", name="Lokale coalitie Kansrijke Start", value_type="yes_no")
    page = visit(viewer, f"/p/{project.slug}/analyse/joint-display/")
    assert page.locator("select[multiple]").count() == 0
    items = page.locator(".checklist-items li")
    assert items.count() >= 2
    page.locator(".checklist-filter").fill("coalitie kansr")
    visible = [text.strip() for text in page.locator(".checklist-items li:visible").all_inner_texts()]
    assert visible == ["Lokale coalitie Kansrijke Start"]
    page.get_by_label("Lokale coalitie Kansrijke Start").check()
    page.locator(".checklist-filter").fill("borst")
    assert page.get_by_label("Lokale coalitie Kansrijke Start").is_visible(), "a chosen box stays in view"
    assert "1 gekozen" in page.locator(".checklist-status").inner_text()
    picture(page, "joint-filter")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    assert "indicators=coalitie" in page.url
    assert page.get_by_label("Lokale coalitie Kansrijke Start").is_checked()


def test_the_search_mode_and_the_theme_label_survive_search_and_code(visit, coder, project, themes):
    create_interview(project, "Ede wijkteam", "Interviewer: En de gemeente?\nR: De gemeenten betalen.", year=2021)
    page = visit(coder, f"/p/{project.slug}/zoeken/")
    page.get_by_label("precies deze woordvorm").check()
    page.get_by_label("Zoek naar").fill("gemeente")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_selector("table.kwic")
    coding = page.locator('form[aria-label="Treffers coderen"]')
    coding.get_by_label("Thema").select_option(label="samenwerking")  # the coding form's own label and select
    coding.get_by_label("alle treffers van deze zoekopdracht").check()
    coding.get_by_role("button", name="Geselecteerde treffers coderen").click()
    page.wait_for_selector(".messages li")
    assert "gecodeerd met ‘samenwerking’" in page.locator(".messages").inner_text()
    assert page.get_by_label("precies deze woordvorm").is_checked()
    assert page.evaluate("new Set([...document.querySelectorAll('[id]')].map(e => e.id)).size") == page.evaluate(
        "document.querySelectorAll('[id]').length"
    )
    picture(page, "search-after-coding")


def test_the_interview_list_sorts_by_a_click_and_a_coder_marks_one_done(visit, coder, project, interview, themes):
    Interview.objects.create(project=project, title="Ede wijkteam 2024", text=" ".join(["woord"] * 500), year=2024)
    code_phrase(interview, coder, "samenwerking", themes["samenwerking"])
    page = visit(coder, f"/p/{project.slug}/")
    page.get_by_role("link", name="Woorden").click()
    page.wait_for_url("**sort=words")
    titles = page.locator("table.interview-list tbody tr td:first-child").all_inner_texts()
    assert titles == ["Gemeente Utrecht, wethouder", "Ede wijkteam 2024"]
    page.get_by_role("link", name="Woorden ▲").click()
    page.wait_for_url("**sort=-words")
    assert page.locator("table.interview-list tbody tr td:first-child").all_inner_texts() == titles[::-1]
    page.get_by_role("button", name="Gemeente Utrecht, wethouder markeren als volledig gecodeerd door mij").click()
    page.wait_for_selector(".messages li")
    assert "sort=-words" in page.url, "back on the list as it was"
    assert InterviewProgress.objects.get().coder == coder
    row = page.locator("table.interview-list tbody tr", has_text="Gemeente Utrecht")
    assert "cees 1 passage, 1 thema · ✓ volledig" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"
    fits = "(() => { const box = document.querySelector('.table-scroll'); return box.scrollWidth <= box.clientWidth; })"
    fits += "()"
    assert page.evaluate(fits), "every column of the list in view, none behind a scroll bar"
    picture(page, "interview-list")
