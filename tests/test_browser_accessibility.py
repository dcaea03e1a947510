"""Accessibility in Chromium (issue 20): axe-core runs on every page of the resolver, as the anonymous, viewer, coder
and owner see it, and on the states that matter (a passage selected and opened on the workbench, forms with errors,
analyses with results), with the rules of WCAG 2.0 and 2.1 at levels A and AA: it must find nothing.

The pages are the GET URLs of probe.routes(), filled in with probe.build_world(): a new page is checked without being
listed here. A GET URL that answers no HTML page (a download, an image, JSON) is named in NOT_HTML with its reason,
and test_not_html_lists_only_what_answers_no_html checks that it answers no HTML. axe-core comes inside the
axe-playwright-python wheel (pyproject.toml): nothing is downloaded while the tests run.

The run ends with the number of pages × states checked (conftest.pytest_terminal_summary).
"""

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from probe import build_world, routes, send, url_for
from role_matrix import LEVELS, RANK, expectations
from test_browser_coding import SELECT_UTF16, wait_selected

from monitor import indicator_uploads
from monitor.models import Indicator, Observation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUTES = routes()
PAGES = [route for route in ROUTES if "GET" in expectations(route[0])]
# WCAG 2.0 and 2.1, levels A and AA: the tags axe-core gives its rules.
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE = Axe()

NOT_HTML = {
    "favicon": "a redirect to the SVG icon among the static files",
    "interviews:qdpx_export": "a REFI-QDA project file (zip) to download",
    "interviews:recording_file": "the recording itself (audio), played by the interview page's player",
    "interviews:interview_live": "JSON for the workbench's live co-coding (wb-live.js)",
    "interviews:import_progress": "JSON for the import page's progress bar (import_progress.js)",
    "interviews:activity_export": "the activity log as a spreadsheet to download",
    "interviews:summary_export": "the theme summary as a document to download",
    "interviews:codings_export": "the codings as a spreadsheet to download",
    "interviews:codebook_export": "the codebook as a file to download",
    "interviews:analysis_matrix": "the theme × interview matrix as a spreadsheet to download",
    "interviews:analysis_chart": "a chart as an image (its page gives the alternative text)",
    "interviews:grid_export": "a summary grid as a document to download",
    "interviews:analysis_word_cloud": "a word cloud as an image (its page gives the words as a table)",
    "interviews:api:openapi-json": "the API's OpenAPI schema (JSON)",
    "interviews:api:api-root": "django-ninja's placeholder for the API's root: 404 for everyone",
}
# Pages drawn by another project, not checked: what is wrong there is reported to it, not fixed here.
NOT_OURS = {
    # axe (4.12.1, 2026-12): the version and URL labels below 4.5:1, no lang on <html>, a button inside a button
    "interviews:api:openapi-view": "django-ninja's Swagger UI, the API's documentation (its schema is the JSON)",
}
# The API (issue 21) answers JSON to a personal token, never an HTML page: every GET under its namespace.
API = "interviews:api:api_"
# Pages a role reaches only through a step the world does not take: none yet.
ROLES = ["anonymous", "viewer", "coder", "owner"]


def allowed(level, who):
    if level == "public":
        return who == "anonymous"  # the logged-in see the same page; checked once
    if level in ("off", "ownkey", "mine"):
        return False
    return who != "anonymous" and RANK[who] >= LEVELS.index(level)


def axe_violations(page, where):
    """axe-core's WCAG A/AA violations on the page as it is now, one readable line each."""
    found = AXE.run(page, options=WCAG_AA).response["violations"]
    return [
        f"{where}: {v['id']} ({v['impact']}) {v['help']}: " + " | ".join(n["html"][:160] for n in v["nodes"][:4])
        for v in found
    ]


class Checker:
    """One browser context per role over the live server; counts what it checked and keeps what axe found."""

    def __init__(self, browser, live_server):
        self.browser, self.base = browser, live_server.url
        self.contexts, self.checked, self.found = {}, [], []
        self.started = time.monotonic()

    def page(self, who, user):
        if who not in self.contexts:
            context = self.browser.new_context(viewport={"width": 1440, "height": 900})
            if user is not None:  # a client of its own: logging another user in on one client ends the first's session
                client = Client()
                client.force_login(user)
                cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base}])
            self.contexts[who] = context.new_page()
        return self.contexts[who]

    def visit(self, page, path, status=200):
        response = page.goto(self.base + path)
        assert response.status == status, f"{path}: {response.status}, expected {status}"
        assert response.headers["content-type"].startswith("text/html"), f"{path}: {response.headers['content-type']}"
        return page

    def check(self, page, where):
        page.wait_for_load_state("load")
        self.checked.append(where)
        self.found += axe_violations(page, where)

    def report(self, record):
        record("axe_checked", len(self.checked))
        record("axe_seconds", round(time.monotonic() - self.started, 1))
        assert not self.found, f"{len(self.found)} axe violation(s):\n" + "\n".join(self.found)


@pytest.fixture
def checker(browser, live_server):
    return Checker(browser, live_server)


@pytest.mark.parametrize("who", ROLES)
def test_every_page_the_role_may_see_has_no_wcag_violations(who, cast, checker, settings, record_property):
    settings.PASSWORD_RESET_BY_MAIL = True  # the reset pages are off without mail (tests/role_matrix.py)
    world = build_world(cast)
    page = checker.page(who, cast[who])
    for route in PAGES:
        name = route[0]
        level = expectations(name)["GET"]
        if name.startswith("password_reset") and level == "off":
            level = "public"  # on with mail (above)
        if name in NOT_HTML or name in NOT_OURS or name.startswith(API) or not allowed(level, who):
            continue
        checker.check(checker.visit(page, url_for(route, world)), f"{name} as {who}")
    checker.report(record_property)


def results(world):
    """Analyses and searches with something found: (URL name, query) as the coder sees them."""
    theme = world["theme_id"]
    return [
        ("interviews:analysis_attribute", "?by=municipality"),
        ("interviews:analysis_indicator", "?indicator=lgg&quantiles=2"),
        ("interviews:analysis_trends", "?indicator=lgg"),
        ("interviews:analysis_joint", "?indicators=lgg&per=interview"),
        ("interviews:analysis_cooccurrence", ""),
        ("interviews:text_search", "?q=samenwerking"),
        ("interviews:query_builder", f"?left_themes={theme}"),
        ("interviews:theme_passages", ""),
    ]


# Forms sent with bad input (the browser's own checks off): URL name, who, the form, {field: value}.
BAD_INPUT = [
    ("interviews:project_create", "coder", "main form[method=post]", {"name": ""}),
    ("interviews:memo_create", "coder", "main form[method=post]", {"title": "", "text": ""}),
    ("interviews:theme_edit", "coder", "main form[method=post]", {"name": "", "colour": "rood"}),
    ("interviews:interview_edit", "coder", "main form[method=post]", {"title": "", "year": "1800"}),
    ("interviews:round_create", "owner", "main form.round-form", {"name": ""}),
    ("interviews:variable_list", "coder", "main form:not(.inline)", {"name": ""}),
    ("password_change", "viewer", "main form[method=post]", {"old_password": "fout", "new_password1": "a"}),
    ("login", "anonymous", "main form[method=post]", {"username": "olga", "password": "fout"}),
]
SEND = """([form, fields]) => {
  const f = document.querySelector(form);
  f.noValidate = true;
  for (const [name, value] of Object.entries(fields)) {
    if (!f.elements[name]) throw new Error(`${location.pathname} has no field ${name}`);
    f.elements[name].value = value;
  }
  f.requestSubmit();
}"""


def test_pages_in_the_states_that_matter_have_no_wcag_violations(cast, checker, settings, tmp_path, record_property):
    settings.VAR_DIR = tmp_path
    world = build_world(cast)
    interview = world["project"].interviews.get()
    indicator = Indicator.objects.get(code=world["code"])
    Observation.objects.create(indicator=indicator, municipality=interview.municipality, year=2022, value=4.5)
    by_name = {route[0]: route for route in ROUTES}
    coder = checker.page("coder", cast["coder"])

    # the workbench: a selection, the result of coding it, an opened passage, the tooltip, and at 360 px wide
    workbench = url_for(by_name["interviews:interview_detail"], world)
    checker.visit(coder, workbench).wait_for_selector("article.transcript[data-ready]")
    start = interview.text.index("De coördinatie")
    coder.evaluate(SELECT_UTF16, [start, start + len("De coördinatie")])
    wait_selected(coder, "coördinatie")
    checker.check(coder, "workbench: a passage selected")
    coder.keyboard.press("1")
    coder.wait_for_function("() => document.getElementById('wb-status').textContent.includes('gecodeerd')")
    coder.wait_for_selector(".wb-passage:not([hidden])")
    checker.check(coder, "workbench: a passage coded (its result announced) and open in the panel")
    coder.locator(".transcript .hl").first.hover()
    coder.wait_for_selector(".wb-tip")
    checker.check(coder, "workbench: a passage's tooltip")
    coder.set_viewport_size({"width": 360, "height": 800})
    checker.visit(coder, workbench).wait_for_selector("article.transcript[data-ready]")
    checker.check(coder, "workbench at 360 px")
    coder.set_viewport_size({"width": 1440, "height": 900})

    for name, query in results(world):
        checker.visit(coder, url_for(by_name[name], world).split("?")[0] + query)
        assert coder.locator("main table, main ol.retrieval, main ol.query-hits, main figure").count(), (
            f"{name}{query}: no results"
        )
        checker.check(coder, f"{name}{query} with results")

    for name, who, form, fields in BAD_INPUT:
        page = checker.page(who, cast[who])
        checker.visit(page, url_for(by_name[name], world))
        assert page.locator(form).count() == 1, f"{name}: {form} is not one form"
        with page.expect_navigation():
            page.evaluate(SEND, [form, fields])
        assert page.locator("main .errorlist, main [role=alert], main .messages .error").count(), f"{name}: no error"
        checker.check(page, f"{name} with bad input as {who}")

    owner = checker.page("owner", cast["owner"])
    owner.set_viewport_size({"width": 360, "height": 400})  # the review's transcript scrolls in its own box
    checker.visit(owner, url_for(by_name["interviews:round_review"], world))
    assert owner.evaluate("(e => e.scrollHeight > e.clientHeight)(document.querySelector('.rv-text'))")
    checker.check(owner, "round_review at 360 × 400 px: its transcript scrolls")
    viewer = checker.page("viewer", cast["viewer"])  # without buttons to decide, the list of differences scrolls
    viewer.set_viewport_size({"width": 320, "height": 160})
    checker.visit(viewer, url_for(by_name["interviews:round_review"], world))
    assert viewer.evaluate("(e => e.scrollHeight > e.clientHeight)(document.querySelector('.rv-list'))")
    checker.check(viewer, "round_review at 320 × 160 px as viewer: its list scrolls")
    viewer.set_viewport_size({"width": 1440, "height": 900})
    owner.set_viewport_size({"width": 1440, "height": 900})
    progress = url_for(by_name["interviews:indicator_import_progress"], world)
    for status, extra in [("running", {}), ("failed", {"error": "Er is niets opgeslagen: regel 3: geen getal"})]:
        indicator_uploads.set_state(world["token"], user=cast["owner"].pk, status=status, progress=3, total=9, **extra)
        checker.check(checker.visit(owner, progress), f"indicator import {status}")
    checker.check(checker.visit(coder, url_for(by_name["interviews:round_create"], world), status=403), "403")
    checker.check(checker.visit(coder, reverse("interviews:project_detail", args=["geen"]), status=404), "404")
    checker.report(record_property)


def test_not_html_lists_only_what_answers_no_html(transactional_db, cast, client):
    world = build_world(cast)
    client.force_login(cast["owner"])
    by_name = {route[0]: route for route in PAGES}
    assert set(NOT_HTML) | set(NOT_OURS) <= set(by_name), "NOT_HTML or NOT_OURS names a URL that is gone"
    for name in [*NOT_HTML, *(name for name in by_name if name.startswith(API))]:
        response = send(client, "GET", url_for(by_name[name], world))  # with a token for the API
        if name == "interviews:api:api-root":
            assert response.status_code == 404
            continue
        if response.status_code == 301:  # to a static file: no page of ours
            assert response["Location"].startswith(settings.STATIC_URL), name
            continue
        assert response.status_code == 200, name
        assert not response["Content-Type"].startswith("text/html"), f"{name} answers HTML: check it with axe"


def test_the_indicator_import_follows_its_progress_in_place_and_goes_on_when_done(cast, checker, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # a <meta refresh> reloaded the whole page every 2 s (axe: meta-refresh)
    world = build_world(cast)
    token, owner = world["token"], cast["owner"].pk
    indicator_uploads.set_state(token, user=owner, status="running", progress=3, total=9, name="lgg.xlsx")
    page = checker.page("owner", cast["owner"])
    checker.visit(page, reverse("interviews:indicator_import_progress", args=[world["slug"], token]))
    page.evaluate("document.querySelector('h1').dataset.same = 'yes'")  # gone if the page were loaded again
    indicator_uploads.set_state(token, progress=6)
    page.wait_for_function("() => document.querySelector('[role=status]').textContent.includes('6 van 9')")
    assert page.evaluate("document.querySelector('progress').value") == 6
    assert page.evaluate("document.querySelector('h1').dataset.same") == "yes"
    indicator_uploads.set_state(token, status="done", progress=9, created=9, changed=0)
    page.wait_for_url(f"**{reverse('interviews:analysis_index', args=[world['slug']])}")
    assert "9 nieuwe en 0 bijgewerkte waarden" in page.locator(".messages").inner_text()


def test_every_page_fits_320_px_without_scrolling_sideways(cast, checker, record_property):
    """WCAG 1.4.10 (reflow): at 320 px (1280 px at 400 %) the page never scrolls sideways; a table wider than the
    screen scrolls in its own box (.table-scroll), which axe then wants reachable by keyboard."""
    world = build_world(cast)
    page = checker.page("owner", cast["owner"])
    page.set_viewport_size({"width": 320, "height": 700})
    wide = {}
    for route in PAGES:
        name = route[0]
        if name in NOT_HTML or name.startswith(API) or not allowed(expectations(name)["GET"], "owner"):
            continue
        checker.visit(page, url_for(route, world))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[name] = width
        checker.check(page, f"{name} at 320 px")
    assert not wide, f"wider than 320 px: {wide}"
    checker.report(record_property)
