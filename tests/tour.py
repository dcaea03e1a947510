"""The screenshot tour: every page of the demo, as its owner sees it, in Chromium at 1440×900 and 1024×768.

`tour_urls(world)` takes the page list from the URL resolver (tests/probe.py's `routes()`) and the role matrix:
every URL name with a GET row whose arguments the demo can fill, so a new page joins the tour without being
listed here. Downloads (CSV, XLSX, DOCX, SVG, ...) are left to the export tests: `visit()` notes them and moves on.
`visit(page, url, path)` loads one page, writes its PNG and returns what is wrong with it: a page error, a console
error, a resource answered 4xx/5xx, or a page wider than the window (horizontal scroll).
"""

import datetime

from django.contrib.auth.models import Permission
from django.utils import timezone
from probe import FORMATS, QUERIES, routes
from role_matrix import MATRIX, expectations

from interviews.code_queries import Definition, ThemeSet
from interviews.models import (
    Action,
    CodeQuery,
    CodingRound,
    ImportBatch,
    ImportItem,
    Memo,
    Passage,
    ProjectVariable,
    PseudonymName,
    Speaker,
    Subject,
    Suggestion,
    SummaryGrid,
    Theme,
    ThemeRule,
)
from monitor.models import Indicator

VIEWPORTS = [(1440, 900), (1024, 768)]
# GET pages that are off in the tests' set-up (404 for everyone) or are one upload's token page.
LEFT_OUT = {"off", "ownkey"}
# Pages shown with content rather than empty: the search with hits (its table is the widest of the site).
NOT_PAGES = {"interviews:recording_file"}  # a recording's bytes (the demo's first interview has none): no page to see
API_PAGES = {"interviews:api:openapi-view"}  # the API's documentation page; its other URLs answer scripts
TOUR_QUERIES = {"interviews:text_search": "?q=samenwerking"}


def demo_world(project, owner):
    """The ids the URLs need, from the demo project; what the demo lacks is added (a memo, a rule, ...)."""
    interview = project.interviews.order_by("pk").first()
    theme = Theme.objects.filter(project=project).order_by("pk").first()
    rule = ThemeRule.objects.filter(theme__project=project).first() or ThemeRule.objects.create(
        theme=theme, terms="knelpunt", created_by=owner
    )
    suggestion = Suggestion.objects.filter(rule=rule).first() or Suggestion.objects.create(
        rule=rule, interview=interview, start=0, end=11
    )
    batch = ImportBatch.objects.filter(project=project).first() or ImportBatch.objects.create(
        project=project, created_by=owner
    )
    item = batch.items.first() or ImportItem.objects.create(batch=batch, name="a.txt", title="A", text="Tekst A.")
    owner.user_permissions.add(Permission.objects.get(codename="add_observation"))  # the indicator import
    gone = Theme.objects.create(project=project, name="wachtlijst (verwijderd)")
    deletion = Action.record(
        project, owner, Subject.THEME, "delete", subject_id=gone.pk, label=gone.name, before=gone.snapshot(True)
    )
    gone.delete()
    coding_round = CodingRound.objects.filter(project=project, state="closed").first()
    if coding_round is None:  # closed, so that its review can be opened
        coding_round = CodingRound.objects.create(
            project=project, name="Proefronde", deadline=datetime.date(2030, 1, 1), created_by=owner,
            consensus_coder=owner, state="closed", closed_at=timezone.now(),
        )  # fmt: skip
        coding_round.interviews.set([interview])
        coding_round.themes.set([theme])
        coding_round.coders.set([m.user for m in project.memberships.filter(role__in=["owner", "coder"])])
    grid, _ = SummaryGrid.objects.get_or_create(project=project, name="Synthese", defaults={"created_by": owner})
    grid.themes.add(theme, *Theme.objects.filter(project=project, parent=None).order_by("order")[:3])
    funding, bottleneck = (Theme.objects.get(project=project, name=n) for n in ("financiering", "knelpunten"))
    query, _ = CodeQuery.objects.get_or_create(
        project=project,
        name="Geld en knelpunt",
        defaults={"definition": Definition(ThemeSet((funding.pk,)), "same_turn", ThemeSet((bottleneck.pk,))).as_json()},
    )
    return {
        "round_id": coding_round.pk,
        "grid_id": grid.pk,
        "query_id": query.pk,
        "row": str(interview.pk),
        "slug": project.slug,
        "pk": interview.pk,
        "passage_id": Passage.objects.filter(interview=interview).order_by("pk").first().pk,
        "theme_id": theme.pk,
        "membership_id": project.memberships.exclude(user=owner).first().pk,
        "batch_id": batch.pk,
        "item_id": item.pk,
        "action_id": deletion.pk,
        "rule_id": rule.pk,
        "suggestion_id": suggestion.pk,
        "speaker_id": (
            Speaker.objects.filter(interview=interview).first()
            or Speaker.objects.create(interview=interview, name="Interviewer")
        ).pk,
        "memo_id": (
            Memo.objects.filter(project=project).first()
            or Memo.objects.create(
                project=project, title="Eerste indrukken", text="Samenwerking valt op.", author=owner
            )
        ).pk,
        "variable_id": (
            ProjectVariable.objects.filter(project=project).first()
            or ProjectVariable.objects.create(project=project, name="regio")
        ).pk,
        "name_id": (
            PseudonymName.objects.filter(project=project).first()
            or PseudonymName.objects.create(project=project, name="Jansen", replacement="[R1]")
        ).pk,
        "code": Indicator.objects.order_by("code").first().code,
        "kind": "kenmerk",
        "fmt": "csv",  # the exports; the chart takes its own (probe.FORMATS)
    }


def tour_urls(world):
    """[(URL name, URL)] of every GET page the owner may open, in the resolver's order."""
    from django.urls import reverse

    urls = []
    for name, _route, arguments in routes():
        if name not in MATRIX or expectations(name).get("GET", "off") in LEFT_OUT or name in NOT_PAGES:
            continue
        if name.startswith("interviews:api:") and name not in API_PAGES:
            continue  # JSON for a script with a token, not a page (tests/test_api_*.py)
        values = {arg: FORMATS.get(name, {}).get(arg, world[arg]) for arg in arguments}
        query = TOUR_QUERIES.get(name) or QUERIES.get(name, lambda w: "")(world)
        urls.append((name, reverse(name, kwargs=values) + query))
    return urls


OVERFLOW = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# Pages that once grew far too tall (px at 1440 wide): the themes × characteristic table was 4,944 px (issue 15).
TALLEST = {"interviews:analysis_attribute": 3500}
# Pages whose wide tables fit the window (widths) without scrolling in their box: the 16 × 16 co-occurrence and the
# themes × characteristic table at 1440, the search results (the match with both its sides) at both; the joint
# display may scroll in its box, with its first column sticky.
FIT = {
    "interviews:analysis_cooccurrence": (1440,),
    "interviews:analysis_attribute": (1440,),
    "interviews:text_search": (1440, 1024),
}
BOXES = "() => [...document.querySelectorAll('.table-scroll')].map((box) => [box.scrollWidth, box.clientWidth])"


def visit(page, url, path, tallest=None, fit=False):
    """Problems of one page (list of strings); None when the URL is a download rather than a page. With `tallest`,
    a page taller than that (px) is a problem too; with `fit`, a table that scrolls in its box."""
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} for {r.url}"))
    try:
        response = page.goto(url, wait_until="load")
    except Exception as error:  # Playwright says "Download is starting" for an attachment
        if "Download is starting" in str(error):
            return None
        raise
    if "text/html" not in (response.headers.get("content-type") or ""):
        return None
    page.wait_for_load_state("networkidle")
    wide, window = page.evaluate(OVERFLOW)
    if wide > window:
        problems.append(f"the page scrolls sideways: {wide} px wide in a {window} px window")
    height = page.evaluate("document.documentElement.scrollHeight")
    if tallest and height > tallest:
        problems.append(f"the page is {height} px tall (at most {tallest})")
    if fit:
        problems += [f"a table {wide} px wide in its {box} px box" for wide, box in page.evaluate(BOXES) if wide > box]
    page.screenshot(path=str(path), full_page=True)
    return problems
