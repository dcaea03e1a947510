"""Issue 19 on the demo in Chromium: build "financiering in the same turn as knelpunten" in municipalities without
a local coalition (the indicator 0), save it, code its hits with a new theme, and use it as the summary's filter.
QUERY_SCREENSHOT=dir keeps pictures of the pages."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from interviews.code_queries import Definition
from interviews.models import Action, CodeQuery, Coding, Origin, Project, Subject
from interviews.selection import query_hits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page, name):
    folder = os.environ.get("QUERY_SCREENSHOT")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def tick(page, legend, name):
    """Tick a theme in the checklist of the fieldset with this legend (its filter box narrows the list first)."""
    fieldset = page.locator("fieldset", has=page.locator("legend", has_text=legend))
    fieldset.locator(".checklist").first.locator("input[type=search], input[type=text]").first.fill(name)
    fieldset.locator(".checklist").first.get_by_label(name, exact=True).check()


def test_a_query_is_built_saved_coded_and_used_as_the_summary_filter(visit):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (the command writes its summary)
    demo = Project.objects.get(slug="demo")
    sanne = demo.memberships.get(user__username="sanne").user
    page = visit(sanne, "/p/demo/analyse/")
    page.get_by_role("link", name="Zoekvragen op codes").first.click()
    tick(page, "Eerste set", "financiering")
    page.locator("#id_relation").select_option("same_turn")
    tick(page, "Tweede set", "knelpunten")
    page.get_by_label("Indicator van de gemeente in dat jaar").select_option("lokale-coalitie")
    page.locator("#id_indicator_from").fill("0")
    page.locator("#id_indicator_to").fill("0")
    page.get_by_role("button", name="Zoeken").click()
    status = page.locator(".query-count")
    assert status.inner_text().startswith("1 treffer in 1 interview")
    assert "Emmen" in page.locator(".query-hits").inner_text()
    shoot(page, "query-builder.png")

    page.get_by_label("Naam van de zoekvraag").fill("Geld en knelpunt zonder coalitie")
    page.get_by_role("button", name="Bewaren").click()
    query = CodeQuery.objects.get(project=demo)
    assert page.locator("h1").inner_text() == "Geld en knelpunt zonder coalitie"
    hits = query_hits(Definition.from_json(query.definition), demo, sanne)
    assert len(hits) == 1 and hits[0].interview_id == demo.interviews.get(municipality__name="Emmen").pk

    page.get_by_label("of een nieuw thema").fill("geldgebrek remt de coalitie")
    page.get_by_role("button", name="1 treffer coderen").click()
    assert "1 treffer gecodeerd met ‘geldgebrek remt de coalitie’" in page.locator(".messages").inner_text()
    shoot(page, "query-detail.png")
    theme = demo.themes.get(name="geldgebrek remt de coalitie")
    coding = Coding.objects.get(tag=theme)
    passage = coding.content_object
    assert coding.origin == Origin.QUERY and passage.coder == sanne
    assert passage.interview.text[passage.start : passage.end] == passage.text
    assert (passage.interview_id, passage.start, passage.end) == (hits[0].interview_id, hits[0].start, hits[0].end)
    assert Action.objects.filter(subject=Subject.PASSAGE, subject_id=passage.pk, source="query").exists()

    page.get_by_role("link", name="samenvatting en exports").click()
    summary = page.locator(".summary-preview").inner_text()
    assert "zoekvraag: Geld en knelpunt zonder coalitie" in summary
    assert "Emmen" in summary and "Rotterdam" not in summary  # Rotterdam has both themes in a turn, and a coalition
    assert "dat budget is al krap door de tekorten in de jeugdzorg." in summary
    shoot(page, "query-summary.png")
