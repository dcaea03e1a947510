"""The cast every view is tested against: owner, coder, viewer, outsider (and the anonymous)."""

import threading

import pytest
from django.contrib.auth.models import User

from interviews.models import Interview, Membership, Passage, Project, Role, Theme
from monitor.models import Municipality
from monitor.municipalities import CBS_LIST, read_cbs_list

TEXT = (
    "Interviewer: Hoe verloopt de samenwerking in de coalitie?\n"
    "Wethouder: Goed! De coördinatie met de verloskundigen 🤝 loopt sinds 2021 beter.\n"
    "Interviewer: En de financiering?\n"
    "Wethouder: Dat blijft een knelpunt; er is een personeelstekort bij de jeugdgezondheidszorg."
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The real hasher takes a third of a second per user on purpose; tests need no such protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Recordings a test stores go to a folder of its own, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


@pytest.fixture
def owner(db):
    return User.objects.create_user("olga", password="pw-olga-123")


@pytest.fixture
def coder(db):
    return User.objects.create_user("cees", password="pw-cees-123")


@pytest.fixture
def viewer(db):
    return User.objects.create_user("vera", password="pw-vera-123")


@pytest.fixture
def outsider(db):
    return User.objects.create_user("otto", password="pw-otto-123")


@pytest.fixture
def project(owner, coder, viewer):
    project = Project.objects.create(name="Kansrijke Start test", slug="ks-test")
    for user, role in [(owner, Role.OWNER), (coder, Role.CODER), (viewer, Role.VIEWER)]:
        Membership.objects.create(project=project, user=user, role=role)
    return project


@pytest.fixture
def interview(project, owner):
    return Interview.objects.create(
        project=project,
        title="Gemeente Utrecht, wethouder",
        text=TEXT,
        municipality=Municipality.objects.get(code="GM0344"),
        year=2022,
        stakeholder_group="gemeente",
        created_by=owner,
    )


@pytest.fixture
def themes(project):
    """samenwerking, financiering, and knelpunten with its child personeelstekort."""
    knelpunten = Theme.objects.create(project=project, name="knelpunten", colour="#eb5757", order=2)
    return {
        "samenwerking": Theme.objects.create(project=project, name="samenwerking", colour="#2d9cdb", order=1),
        "knelpunten": knelpunten,
        "personeelstekort": Theme.objects.create(
            project=project, name="personeelstekort", colour="#f2994a", parent=knelpunten
        ),
        "financiering": Theme.objects.create(project=project, name="financiering", colour="#27ae60", order=3),
    }


@pytest.fixture
def passage(interview, coder, themes):
    """A coded passage over "samenwerking in de coalitie"."""
    start = interview.text.index("samenwerking in de coalitie")
    passage = Passage.select(interview, coder, start, start + len("samenwerking in de coalitie"))
    passage.save()
    passage.code([themes["samenwerking"]])
    return passage


@pytest.fixture
def as_user(client):
    """as_user(user) logs the test client in as that user (None: stays anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def cast(owner, coder, viewer, outsider):
    return {"owner": owner, "coder": coder, "viewer": viewer, "outsider": outsider, "anonymous": None}


@pytest.fixture
def check_access(as_user, cast):
    """check_access("get", url, {"outsider": 404, "viewer": 403, ...}); "anonymous" must be sent to login."""

    def check(method, url, expected, data=None):
        for who, status in expected.items():
            response = getattr(as_user(cast[who]), method)(url, data or {})
            if who == "anonymous":
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], who
            else:
                assert response.status_code == status, f"{who}: {response.status_code}, expected {status}"

    return check


# --- browser tests (Playwright driving Debian's Chromium; see tests/test_browser_coding.py) ---

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class WatchedBrowser:
    """The Chromium of a test module; every page opened in it reports Content-Security-Policy violations (console
    errors and page errors that mention the policy) into `csp_violations`, which fail the test that caused them."""

    def __init__(self, chromium):
        self.chromium = chromium
        self.csp_violations = []

    def __getattr__(self, name):
        return getattr(self.chromium, name)

    def new_context(self, **options):
        context = self.chromium.new_context(**options)
        context.on("console", lambda message: self._note(f"console {message.type}: {message.text}"))
        context.on("weberror", lambda error: self._note(f"page error: {error.error}"))
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def _note(self, text):
        if "content security policy" in text.lower():
            self.csp_violations.append(text)


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """A browser test fails on any Content-Security-Policy violation its pages reported."""
    if "browser" not in request.fixturenames:
        yield
        return
    watched = request.getfixturevalue("browser")
    watched.csp_violations.clear()
    yield
    assert not watched.csp_violations, "Content-Security-Policy violations:\n" + "\n".join(watched.csp_violations)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Missing Chromium fails the tests: they must run in CI, not skip."""
    import os

    from django.db import connections
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (make browser) to run the browser tests."
        )
    unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    wrappers = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # With an event loop running, Django keeps connections per async context instead of per thread:
        # give it this thread's own, which hold the test database's state (for serialized_rollback too).
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield WatchedBrowser(chromium)
        chromium.close()
    if unsafe is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def visit(browser, live_server, client):
    """visit(user, path, width=1440, height=900) → a Playwright page on `path`, logged in as `user`."""
    from django.conf import settings

    contexts = []

    def go(user, path, width=1440, height=900):
        client.force_login(user)
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
        context.add_cookies([{**cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + path)
        return page

    yield go
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def municipalities_again(request):
    """A transactional test (the live server's, the worker's) starts with the data migration's municipalities, as
    every other test does: the teardown of the one before emptied every table. Without it a test found none
    depending on which ran before it (test_bench's study after a browser test)."""
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    with CBS_LIST.open(encoding="utf-8") as file:
        rows = [Municipality(code=code, name=name, province=province) for code, name, province in read_cbs_list(file)]
    Municipality.objects.bulk_create(rows, ignore_conflicts=True)


class LiveServerGate:
    """WSGI wrapper around the live server's application that a test's teardown closes: requests that arrive
    after it (a closing workbench's goodbye beacon, a page's last question still in Chromium's network process) are
    answered 503 without touching the database, and closing waits for the requests already inside. With SQLite
    the live server shares the test's one in-memory connection, so a request handled while the test database was
    emptied broke the teardown ("database table is locked", then a unique-constraint failure in the next test; a
    fixed wait of 0.3 s was not enough on a loaded CI machine)."""

    def __init__(self, app):
        self.app = app
        self.accepting = True
        self.inside = 0
        self.changed = threading.Condition()

    @classmethod
    def around(cls, live_server):
        httpd = live_server.thread.httpd
        if not isinstance(httpd.get_app(), cls):
            httpd.set_app(cls(httpd.get_app()))
        return httpd.get_app()

    def __call__(self, environ, start_response):
        with self.changed:
            if not self.accepting:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"The test has ended."]
            self.inside += 1
        try:
            response = self.app(environ, start_response)
            try:
                return list(response)  # the whole body inside the gate: a streamed file reads the database too
            finally:
                if hasattr(response, "close"):
                    response.close()  # Django's request_finished
        finally:
            with self.changed:
                self.inside -= 1
                self.changed.notify_all()

    def open(self):
        with self.changed:
            self.accepting = True

    def close(self, timeout=10):
        with self.changed:
            self.accepting = False
            if not self.changed.wait_for(lambda: self.inside == 0, timeout):
                raise AssertionError(f"the live server still handles {self.inside} request(s) after {timeout} s")


@pytest.fixture(autouse=True)
def closing_live_server(request):
    """A test with the live server ends with its browser contexts closed and the server's gate shut (above), before
    its database is emptied."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so emptied after this fixture's teardown
    gate = LiveServerGate.around(request.getfixturevalue("live_server"))
    gate.open()
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()
    gate.close()


@pytest.fixture
def open_page(visit):
    """open_page(user, interview, query="") → a Playwright page on the interview, logged in, its script ready."""

    def open_as(user, interview, query=""):
        page = visit(user, interview.get_absolute_url() + query, 1400, 1000)
        page.wait_for_selector("article.transcript[data-ready]")
        return page

    return open_as


def code_phrase(interview, coder, phrase, *themes):
    """A saved passage over the first occurrence of `phrase`, coded with `themes`."""
    start = interview.text.index(phrase)
    passage = Passage.select(interview, coder, start, start + len(phrase))
    passage.save()
    passage.code(themes)
    return passage


def pytest_terminal_summary(terminalreporter):
    """The accessibility run's size (tests/test_browser_accessibility.py): the pages × states axe-core checked,
    summed over the tests that ran (also from pytest-xdist's workers, which send their reports' user_properties)."""
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, []) if r.when == "call"]
    checked = [dict(r.user_properties) for r in reports if "axe_checked" in dict(r.user_properties)]
    if checked:
        pages = sum(p["axe_checked"] for p in checked)
        seconds = sum(p.get("axe_seconds", 0) for p in checked)
        terminalreporter.write_line(
            f"axe-core checked {pages} pages × states in {len(checked)} tests ({seconds:.0f} s)"
        )
