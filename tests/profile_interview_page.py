"""What opening the interview page costs the server, cached and drawn anew, in one process on the test database.

Not a test (pytest collects only test_*.py): a measurement, run by hand and quoted in docs/performance.md:

    .venv/bin/python -m pytest -q -s tests/profile_interview_page.py            # ms per open, queries per open
    PROFILE=changed .venv/bin/python -m pytest -q -s tests/profile_interview_page.py  # and the cProfile top 40
    .venv/bin/python tests/with_postgres.py .venv/bin/python -m pytest -q -s tests/profile_interview_page.py
    (QUERIES=1 lists the last open's queries; OPENS=n opens a kind; WORDS / PASSAGES / CODINGS the interview,
    as the bench's 20,000 / 500 / 545; WORKER=0 leaves out what a gunicorn worker does as it starts: load the
    language pipeline, freeze the heap)

The interview is the bench's dense one (interviews/bench/study.py). "cached": the same page opened again;
"changed": each open follows a new passage by a colleague (written with the ORM, untimed), so the drawing no
longer fits, as `open_interview_20k_changed` in `make bench`. The request goes through Django's WSGI handler
with every middleware, as under gunicorn.
"""

import cProfile
import gc
import io
import os
import pstats
import random
import statistics
import time

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews import nlp
from interviews.bench.study import code_interview, create_interviews, create_themes
from interviews.models import Coding, Passage
from monitor.models import Municipality
from tests.profile_live_poll import environ  # the same request as gunicorn hands Django

OPENS = int(os.environ.get("OPENS", "40"))
WORDS, PASSAGES, CODINGS = (
    int(os.environ.get(k, d)) for k, d in (("WORDS", 20_000), ("PASSAGES", 500), ("CODINGS", 545))
)


def test_profile_the_interview_page(project, owner, coder):
    rng = random.Random(8)
    municipality = Municipality.objects.get(code="GM0344")  # loaded by a migration, as in conftest
    themes = create_themes(project, rng)
    (interview,) = create_interviews(project, owner, rng, [("Dicht", WORDS, "Wethouder")], [municipality])
    Coding.objects.bulk_create(code_interview(interview, [owner, coder], themes, rng, PASSAGES, CODINGS))
    url = reverse("interviews:interview_detail", args=[project.slug, interview.pk])
    page = Client()
    page.force_login(owner)
    handler = WSGIHandler()
    statuses = []
    request_started.disconnect(close_old_connections)  # as in profile_live_poll.py: keep the test's connection
    request_finished.disconnect(close_old_connections)

    def open_page():
        body = handler(environ(page, url, ""), lambda status, headers: statuses.append(status))
        return len(b"".join(body))

    def colleague_codes():
        start = rng.randrange(0, len(interview.text) - 200)
        passage = Passage.objects.create(
            interview=interview, coder=coder, start=start, end=start + 50, text=interview.text[start : start + 50]
        )
        Coding.objects.create(tag=rng.choice(themes), content_object=passage)

    if os.environ.get("WORKER", "1") == "1":  # as a gunicorn worker starts (interviews/gunicorn_conf.py)
        nlp.warm_up()
        gc.freeze()
    for _ in range(3):  # warm up: URL resolver, templates, compiled queries
        open_page()
    profiled = os.environ.get("PROFILE", "")
    for kind, before in (("cached", None), ("changed", colleague_codes)):
        times, cpu, size = [], 0.0, 0
        profile = cProfile.Profile() if profiled == kind else None
        with CaptureQueriesContext(connection) as queries:
            for _ in range(OPENS):
                if before:
                    before()
                skip = len(queries.captured_queries)
                began, began_cpu = time.perf_counter(), time.process_time()
                if profile:
                    profile.enable()
                size = open_page()
                if profile:
                    profile.disable()
                cpu += time.process_time() - began_cpu
                times.append((time.perf_counter() - began) * 1000)
                opened = len(queries.captured_queries) - skip
        times.sort()
        print(
            f"\n{kind}: {OPENS} opens of {WORDS} words with {PASSAGES} passages ({connection.vendor}): "
            f"median {statistics.median(times):.1f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms, "
            f"CPU {1000 * cpu / OPENS:.1f} ms an open, {opened} queries, {size / 1024:.0f} KB"
        )
        if os.environ.get("QUERIES"):
            for query in queries.captured_queries[-opened:]:
                print(f"  {query['time']} {query['sql'][:160]}")
        if profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
            print(out.getvalue())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    assert set(statuses) == {"200 OK"}
