"""The word-frequency page of the demo in Chromium: the cloud is drawn, the table and the keyness are there and
the page does not scroll sideways. WORDS_SCREENSHOT=path.png keeps a picture of the page (1440 × 900 and full)."""

import os

import pytest
from django.core.management import call_command

from interviews.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_report_writer_sees_the_words_of_a_theme_as_a_cloud_a_table_and_their_keyness(visit):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    project = Project.objects.get(slug="demo")
    theme = project.themes.get(name="interventies")
    reader = project.memberships.get(user__username="ruben").user
    query = f"source=theme&word_theme={theme.pk}&top=40&compare=on"
    page = visit(reader, f"/p/{project.slug}/analyse/woorden/?{query}")
    cloud = page.get_by_role("img", name="Woordwolk")
    cloud.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth === 1000", arg=cloud.element_handle())
    assert page.get_by_role("table").count() == 2
    assert "log-likelihood G²" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if os.environ.get("WORDS_SCREENSHOT"):
        page.screenshot(path=os.environ["WORDS_SCREENSHOT"])
        page.screenshot(path=os.environ["WORDS_SCREENSHOT"].replace(".png", "-full.png"), full_page=True)
