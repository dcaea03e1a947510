"""What one unchanged-state (304) live question costs the server, in one process on the test database.

Not a test (pytest collects only test_*.py): a measurement, run by hand and quoted in docs/performance.md:

    .venv/bin/python -m pytest -q -s tests/profile_live_poll.py           # CPU per 304, queries per 304
    PROFILE=1 .venv/bin/python -m pytest -q -s tests/profile_live_poll.py # and the cProfile top 30
    .venv/bin/python tests/with_postgres.py .venv/bin/python -m pytest -q -s tests/profile_live_poll.py
    (POLLS=n questions in all, PAGES=1 or 2 colleagues asking)

The request goes through Django's WSGI handler with every middleware, as under gunicorn, with the session
cookie of a logged-in coder and the ETag of the last answer; the test client's own bookkeeping is left out.
Polls are spaced as wb-live.js spaces them (one a second) by moving the clock the presence code reads, so
presence writes happen as often per poll as on a real page.
"""

import cProfile
import datetime
import io
import os
import pstats
import time
from unittest import mock

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

POLLS = int(os.environ.get("POLLS", "300"))
PAGES = int(os.environ.get("PAGES", "2"))  # colleagues with the interview open, each asking once a second


def environ(client, url, etag):
    cookie = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT": "application/json",
        "HTTP_COOKIE": cookie,
        "HTTP_IF_NONE_MATCH": etag,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def test_profile_a_304_live_question(project, interview, themes, owner, coder):
    assert PAGES in (1, 2)
    url = reverse("interviews:interview_live", args=[project.slug, interview.pk])
    handler = WSGIHandler()
    statuses = []
    pages = []
    for user in (coder, owner)[:PAGES]:
        page = Client()
        page.force_login(user)
        pages.append(page)
    for page in pages:
        page.get(url)
    pages = [(page, page.get(url)["ETag"]) for page in pages]
    # As the test client does (and undoes after each of its requests, so after them): a request's start and end
    # must not close the test's connection (on PostgreSQL the test runs inside a transaction on it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def poll(page, etag):
        body = handler(environ(page, url, etag), lambda status, headers: statuses.append(status))
        b"".join(body)

    real_now, start = timezone.now, timezone.now()
    clock = {"now": start}
    profile = cProfile.Profile() if os.environ.get("PROFILE") else None
    with mock.patch("django.utils.timezone.now", lambda: clock["now"]):
        for page, etag in pages * 3:  # warm up: URL resolver, compiled queries
            poll(page, etag)
        with CaptureQueriesContext(connection) as queries:
            began = time.process_time()
            if profile:
                profile.enable()
            for n in range(POLLS // PAGES):
                clock["now"] = start + datetime.timedelta(seconds=1 + n)  # each page asks once a second
                for page, etag in pages:
                    poll(page, etag)
            if profile:
                profile.disable()
            cpu = time.process_time() - began
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    assert timezone.now is real_now
    polls = PAGES * (POLLS // PAGES)
    answered = {}
    for status in statuses[-polls:]:
        answered[status] = answered.get(status, 0) + 1
    kinds = {}
    for query in queries.captured_queries:
        sql = query["sql"]
        word = sql.split()[0]
        words = sql.replace('"', " ").split()
        table = next((t for t in words if t.startswith(("django_", "interviews_", "auth_"))), "?")
        kinds[f"{word} {table}"] = kinds.get(f"{word} {table}", 0) + 1
    print(f"\n{polls} polls of {PAGES} open pages of an unchanged interview, answered {answered}")
    print(f"{1000 * cpu / polls:.2f} ms CPU per poll (time.process_time)")
    print(f"{len(queries.captured_queries) / polls:.2f} queries per poll:")
    for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {count / polls:5.2f}  {kind}")
    if profile:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
