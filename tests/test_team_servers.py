"""Several app servers (issue 16): a throwaway PostgreSQL (tests/with_postgres.py), a throwaway redis-server and two
gunicorn servers on different ports sharing both, with production settings. In Chromium a coder on server A codes
and a coder on server B sees it within 2 s; a page drawn on one server is served to the other from the shared
cache (the X-Page-Cache header). Needs PostgreSQL's binaries and redis-server (make browser); missing
redis-server fails the test in CI."""

import subprocess
import sys
import time
from contextlib import ExitStack

import pytest
from django.urls import reverse
from redis_server import RedisServer
from test_browser_coding import SELECT_UTF16
from with_postgres import postgres

from interviews.bench.client import Session
from interviews.bench.server import BASE_DIR, bench_environment, fresh_database, gunicorn

pytestmark = pytest.mark.browser

PASSWORD = "team-pw-2026"
TEXT = (
    "Interviewer: Hoe verloopt de samenwerking?\nWethouder: Goed! De coördinatie met de verloskundigen 🤝 loopt beter."
)
SEED = f"""
from django.contrib.auth.models import User
from interviews.models import Interview, Membership, Project, Role, Theme
users = [User.objects.create_user(name, password={PASSWORD!r}, first_name=name.title()) for name in ("anna", "bram")]
project = Project.objects.create(name="Team", slug="team")
for user in users:
    Membership.objects.create(project=project, user=user, role=Role.CODER)
Theme.objects.create(project=project, name="samenwerking", colour="#2d9cdb", order=1)
interview = Interview.objects.create(project=project, title="Team-interview", text={TEXT!r}, created_by=users[0])
print(interview.get_absolute_url())
"""


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """(ports of server A and B, the interview's path, the environment, the Redis server)."""
    redis = RedisServer().start()
    with ExitStack() as stack:
        stack.callback(redis.remove)
        url, folder = stack.enter_context(fresh_database(stack.enter_context(postgres())))
        env = dict(bench_environment(url, folder), REDIS_URL=redis.url, LOG_LEVEL="WARNING")
        env.pop("BENCH_FRESH_DATABASE")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        path = manage(env, "shell", "-c", SEED).strip().splitlines()[-1]
        log = tmp_path_factory.mktemp("team") / "gunicorn.log"
        ports = [stack.enter_context(gunicorn(2, log, env=env))[1] for _ in range(2)]
        yield ports, path, env, redis


def log_in(browser, port, username):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{port}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_load_state()
    return context, page


def test_a_coding_on_server_a_appears_on_server_b_within_two_seconds(team, browser):
    (port_a, port_b), path, _env, _redis = team
    (context_a, anna), (context_b, bram) = log_in(browser, port_a, "anna"), log_in(browser, port_b, "bram")
    try:
        for page, port in ((anna, port_a), (bram, port_b)):
            page.goto(f"http://127.0.0.1:{port}{path}")
            page.wait_for_selector("article.transcript[data-ready]")
        began = time.monotonic()
        bram.wait_for_function("() => document.querySelector('.wb-present').textContent.includes('Anna')", timeout=4000)
        assert time.monotonic() - began < 2  # presence: anna's page asks as it opens, bram's every second
        words = "De coördinatie"
        start = TEXT.index(words)
        anna.evaluate(SELECT_UTF16, [start, start + len(words)])
        anna.wait_for_function("() => document.getElementById('wb-selection').textContent.includes('coördinatie')")
        anna.keyboard.press("1")
        anna.wait_for_function("() => document.querySelectorAll('.hl').length === 1")
        coded = time.monotonic()
        bram.wait_for_function("() => document.querySelectorAll('.hl').length === 1", timeout=4000)
        assert time.monotonic() - coded < 2
        assert words in bram.locator(".wb-news").text_content()
        bram.screenshot(path="/tmp/team-server-b.png")
    finally:
        context_a.close()
        context_b.close()


def test_a_page_drawn_on_one_server_is_served_from_the_shared_cache_on_the_other(team):
    (port_a, port_b), path, _env, redis = team
    anna, bram = Session(port_a).login("anna", PASSWORD), Session(port_b).login("bram", PASSWORD)
    create = reverse("interviews:passage_create", args=["team", path.strip("/").split("/")[-1]])
    assert anna.get(path).status == 200
    answer = anna.post(create, {"start": 0, "end": 11, "theme": 1}, accept_json=True)  # a change on A
    assert answer.status in (200, 201), answer.body[:300]
    first, second = bram.get(path), bram.get(path)
    assert (first.headers["x-page-cache"], second.headers["x-page-cache"]) == ("miss", "hit")
    assert anna.get(path).headers["x-page-cache"] == "hit"  # drawn on B, served on A: the cache is shared
    assert "Interviewer" in second.body.decode()
    redis.stop()  # Redis down: both servers draw the page anew, no error
    try:
        down = anna.get(path)
        assert down.status == 200 and down.headers["x-page-cache"] == "miss"
        assert anna.post(create, {"start": 13, "end": 16, "theme": 1}, accept_json=True).status in (200, 201)
        after = bram.get(path)
        assert after.status == 200 and after.body.decode().count('class="hl') >= 2  # no stale page
    finally:
        redis.start()
